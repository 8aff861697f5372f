"""Reads on the programme's side: one query over public rows, never a loop over schemas."""

from __future__ import annotations

from django.db.models import Func, QuerySet

from tenants.models import Actor, Application


def actors() -> QuerySet[Actor]:
    return Actor.objects.exclude(schema_name="public").prefetch_related("domains").order_by("region", "name")


def capacity_directory(*, region: str | None = None, needs_children: bool = False) -> QuerySet[Actor]:
    """Certified actors and what they accept, for a regional coordinator looking for a place."""
    found = actors().filter(certification="certified")
    if region:
        found = found.filter(region=region)
    if needs_children:
        found = found.filter(accepts_children=True)
    return found.order_by("-places_free", "name")


def primary_domain(actor: Actor) -> str:
    domain = next((d for d in actor.domains.all() if d.is_primary), None)
    return domain.domain if domain else ""


def applications_inbox(*, actor: str | None = None, year: int | None = None, intervention: str | None = None,
                       status: str | None = None) -> QuerySet[Application]:
    """All actors' applications, newest first, filtered as the coordinator asks."""
    found = Application.objects.select_related("actor")
    if actor:
        found = found.filter(actor__slug=actor)
    if year:
        found = found.filter(year=year)
    if intervention:
        found = found.filter(intervention_codes__contains=[intervention])
    if status:
        found = found.filter(status=status)
    return found.order_by("-submitted_at", "-pk")


def application_filter_choices() -> dict:
    """What the inbox can be filtered by, from the rows themselves (one query each)."""
    codes = (
        Application.objects.annotate(code=Func("intervention_codes", function="jsonb_array_elements_text"))
        .values_list("code", flat=True).distinct()
    )
    return {
        "actors": list(actors().values_list("slug", "name")),
        "years": sorted(set(Application.objects.values_list("year", flat=True)), reverse=True),
        "interventions": sorted(codes),
    }

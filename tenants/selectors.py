"""Reads on the programme's side: one query over public rows, never a loop over schemas."""

from django.db.models import QuerySet

from tenants.models import Actor, ActorKind


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

"""Reads of referrals and free places: public rows, one query per page."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tenants.models import MAY_APPLY, Actor, ActorKind
from tenants.referrals.models import MEN, WOMEN, AgeGroup, Referral, ReferralStatus


def places_search(*, region: str | None = None, own_region: str | None = None, gender: str | None = None,
                  exploitation_forms: list[str] | tuple = (), age_group: str | None = None, children: int = 0,
                  pets: bool = False, substance_use: bool = False, support: str | None = None,
                  free_now: bool = False) -> list[Actor]:
    """Certified actors that can take the person in, the coordinator's own region first,
    then the most free places. Each carries `availability` (contact, last update) and
    `places_stale` (older than settings.NSP_REFERRAL_STALE_DAYS, or never reported)."""
    found = (Actor.objects.exclude(schema_name="public").filter(certification__in=MAY_APPLY)
             .select_related("availability"))
    if region:
        found = found.filter(region=region)
    if gender in WOMEN:
        found = found.filter(accepts_women=True)
    elif gender in MEN:
        found = found.filter(accepts_men=True)
        if exploitation_forms:
            # An empty list in the profile means men are accepted whatever the form.
            found = found.filter(Q(men_exploitation_forms=[])
                                 | Q(men_exploitation_forms__contains=list(exploitation_forms)))
    # A shelter for young women 18–29 only is for a young woman only.
    if (gender and gender not in WOMEN) or (age_group and age_group != AgeGroup.YOUNG):
        found = found.exclude(young_women_only=True)
    if children:
        found = found.filter(accepts_children=True)
    if pets:
        found = found.filter(accepts_pets=True)
    if substance_use:
        found = found.filter(accepts_active_substance_use=True)
    if support in (ActorKind.SHELTER, ActorKind.LOW_THRESHOLD):
        found = found.filter(kind=support)
    if free_now:
        # The person and each accompanying child need a place.
        found = found.filter(places_free__gte=1 + (children or 0))
    own_first = Case(When(region=own_region, then=Value(0)), default=Value(1), output_field=IntegerField()) \
        if own_region else Value(0, output_field=IntegerField())
    actors = list(found.annotate(own_first=own_first).order_by("own_first", "-places_free", "name"))
    for actor in actors:
        actor.places_updated_at = _availability(actor, "places_updated_at")
        actor.contact = _availability(actor, "contact") or ""
        actor.places_stale = places_stale(actor.places_updated_at)
    return actors


def _availability(actor: Actor, name: str):
    availability = getattr(actor, "availability", None) if _has_availability(actor) else None
    return getattr(availability, name, None) if availability is not None else None


def _has_availability(actor: Actor) -> bool:
    try:
        actor.availability  # noqa: B018 (a reverse one-to-one raises when missing)
    except Actor.availability.RelatedObjectDoesNotExist:
        return False
    return True


def places_stale(updated_at, now=None) -> bool:
    now = now or timezone.now()
    return updated_at is None or updated_at < now - timedelta(days=settings.NSP_REFERRAL_STALE_DAYS)


def referrals_of(coordinator) -> QuerySet[Referral]:
    """The coordinator's own referrals, newest first: status only, never a case."""
    return Referral.objects.filter(coordinator=coordinator).select_related("actor").order_by("-created_at", "-pk")


def referral_of(coordinator, pk: int) -> Referral:
    return get_object_or_404(Referral.objects.select_related("actor"), pk=pk, coordinator=coordinator)


def referrals_for(actor: Actor) -> QuerySet[Referral]:
    """Requests to one actor, the unanswered first."""
    waiting_first = Case(When(status=ReferralStatus.SENT, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return (Referral.objects.filter(actor=actor).select_related("coordinator")
            .annotate(waiting_first=waiting_first).order_by("waiting_first", "-created_at"))


def referral_for(actor: Actor, pk: int) -> Referral:
    return get_object_or_404(Referral.objects.select_related("coordinator"), pk=pk, actor=actor)


def referrals_waiting(actor: Actor) -> int:
    return Referral.objects.filter(actor=actor, status=ReferralStatus.SENT).count()

"""Demo referrals: contact lines, free places updated at different times (one stale),
and one answered referral of region.syd. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from portal.models import User
from tenants.models import Actor
from tenants.referrals.models import Availability, DeclineReason, Referral, ReferralStatus

CONTACTS = {
    "lindskyddet": ("040-12 34 56 (jour dygnet runt), placering@lindskyddet.example.org", timedelta(hours=2)),
    "norrbro": ("08-765 43 21 (vardagar 8–17)", timedelta(days=1)),
    "ankarstod": ("031-55 66 77", timedelta(days=9)),  # not updated lately: marked stale
}


def load() -> None:
    now = timezone.now()
    for slug, (contact, age) in CONTACTS.items():
        actor = Actor.objects.filter(slug=slug).first()
        if actor is not None:
            Availability.objects.get_or_create(actor=actor, defaults=dict(contact=contact,
                                                                          places_updated_at=now - age))
    coordinator = User.objects.filter(username="region.syd").first()
    norrbro = Actor.objects.filter(slug="norrbro").first()
    if coordinator is None or norrbro is None or Referral.objects.filter(coordinator=coordinator).exists():
        return
    Referral.objects.create(
        actor=norrbro, coordinator=coordinator, region="syd", age_group="30_plus", gender="man",
        exploitation_forms=["labour"], children=0, support="shelter", language="ro", urgency="days",
        authorities=["police"], contact="070-000 00 00", status=ReferralStatus.DECLINED,
        decline_reason=DeclineReason.NO_PLACE, answered_at=now - timedelta(days=1),
    )

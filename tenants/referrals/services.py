"""Writes of referrals and free places.

The programme's side never imports the actors' code: when an actor accepts a referral,
the case is opened in its schema by the receiver the actors' side registers at start-up
(`referral_case_opener`, intake/apps.py), and reminders reach the actor's staff through
`referral_notifier`, like decisions through `tenants.services.decision_receiver`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from portal.audit import audit_event
from portal.broadcast import send_on_commit
from tenants.models import MAY_APPLY, Actor
from tenants.referrals.models import Availability, Referral, ReferralStatus

# Every open search page of a coordinator or regional coordinator listens here.
PLACES_GROUP = "programme.places"
PLACES_MAX = 999
# Set in the session when a case opens or closes (intake.views.case_open): the next page
# shows the free-places box once, asking (templatetags/referrals.py, places_offer).
PLACES_OFFER_KEY = "nsp_places_offer"


class ReferralInvalid(ValueError):
    """A referral write that cannot be done; `field` names the form field at fault."""

    def __init__(self, field: str | None, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


# --- Free places ------------------------------------------------------------------------


def places_limit(actor: Actor) -> int:
    """An actor cannot have more free places than places (a low-threshold actor without
    a count of places may still report some, up to PLACES_MAX)."""
    return actor.places if actor.places else PLACES_MAX


@transaction.atomic
def places_update(*, actor: Actor, user, places_free: int | None = None, step: int = 0) -> Actor:
    """The actor reports its free places now (a number, or one `step` up or down from the
    number stored: two staff clicking at once count twice); every open search page hears."""
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if places_free is None:
        places_free = actor.places_free + step
    if places_free < 0 or places_free > places_limit(actor):
        raise ReferralInvalid("places_free", "places_out_of_range")
    before = actor.places_free
    Actor.objects.filter(pk=actor.pk).update(places_free=places_free)
    actor.places_free = places_free
    now = timezone.now()
    Availability.objects.update_or_create(actor=actor, defaults=dict(places_updated_at=now,
                                                                     places_updated_by=user))
    audit_event(user=user, action="places_update", actor=actor.slug, before=before, after=places_free)
    send_on_commit(PLACES_GROUP, "places.changed", {
        "actor": actor.slug, "places_free": places_free, "updated_at": now.isoformat()})
    return actor


@transaction.atomic
def contact_update(*, actor: Actor, user, contact: str) -> Availability:
    availability, _ = Availability.objects.update_or_create(actor=actor, defaults=dict(contact=contact.strip()))
    audit_event(user=user, action="referral_contact_update", actor=actor.slug)
    return availability


# --- Hooks the actors' side registers -------------------------------------------------------


@dataclass(frozen=True)
class ReferralMessage:
    """What the actor's side is told of an accepted referral: the pseudonymous facts,
    and the identity facts the actor's staff recorded on accepting (they never leave the
    actor's schema)."""

    referral_id: int
    gender: str
    age_group: str
    children: int
    language: str
    exploitation_forms: list[str]
    initials: str
    birth_year: int
    nationality: str
    user_id: int


_case_openers: list[Callable[[ReferralMessage], str]] = []
_notifiers: list[Callable[[str, dict], None]] = []


def referral_case_opener(opener: Callable[[ReferralMessage], str]) -> Callable[[ReferralMessage], str]:
    """Register the function that opens a referred case in the actor's schema and returns
    its case code (intake's AppConfig)."""
    if opener not in _case_openers:
        _case_openers.append(opener)
    return opener


def referral_notifier(notifier: Callable[[str, dict], None]) -> Callable[[str, dict], None]:
    """Register a function `notifier(kind, data)` that tells the actor's staff (intake)."""
    if notifier not in _notifiers:
        _notifiers.append(notifier)
    return notifier


def _notify(actor: Actor, kind: str, data: dict) -> None:
    with tenant_context(actor):
        for notifier in _notifiers:
            notifier(kind, data)


# --- Referrals ------------------------------------------------------------------------------


@transaction.atomic
def referral_send(*, coordinator, actor: Actor, region: str, age_group: str, gender: str,
                  exploitation_forms: list[str], children: int, support: str, pets: bool, substance_use: bool,
                  language: str, urgency: str, authorities: list[str], contact: str,
                  replaces: Referral | None = None) -> Referral:
    """The coordinator asks one certified actor to take a person in. Asking another for
    the same person withdraws the earlier request if it is still unanswered."""
    if actor.is_programme or actor.certification not in MAY_APPLY:
        raise ReferralInvalid(None, "not_certified")
    if replaces is not None:
        replaces = Referral.objects.select_for_update().get(pk=replaces.pk)
        if replaces.coordinator_id != coordinator.pk or replaces.status == ReferralStatus.ACCEPTED:
            raise ReferralInvalid(None, "cannot_replace")
        if hasattr(replaces, "replaced_by"):
            raise ReferralInvalid(None, "already_replaced")
        if replaces.actor_id == actor.pk:
            raise ReferralInvalid(None, "same_actor")
        if replaces.status == ReferralStatus.SENT:
            replaces.status = ReferralStatus.WITHDRAWN
            replaces.save(update_fields=["status"])
    referral = Referral.objects.create(
        actor=actor, coordinator=coordinator, region=region, age_group=age_group, gender=gender,
        exploitation_forms=sorted(set(exploitation_forms)), children=children, support=support, pets=pets,
        substance_use=substance_use, language=language, urgency=urgency, authorities=sorted(set(authorities)),
        contact=contact.strip(), replaces=replaces,
    )
    audit_event(user=coordinator, action="referral_send", referral=referral.pk, actor=actor.slug,
                **({"replaces": replaces.pk} if replaces else {}))
    _notify(actor, "referral_new", {"referral": referral.pk})
    return referral


def _lock_open(referral: Referral, actor: Actor) -> Referral:
    referral = Referral.objects.select_for_update().select_related("actor").get(pk=referral.pk)
    if referral.actor_id != actor.pk:
        raise ReferralInvalid(None, "not_yours")
    if referral.status != ReferralStatus.SENT:
        raise ReferralInvalid(None, "already_answered")
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, actor: Actor, user, initials: str, birth_year: int,
                    nationality: str) -> Referral:
    """The actor takes the person in: a case opens in its schema, pre-filled with the
    referral's facts and "referred by: regional coordinator", in this same transaction."""
    referral = _lock_open(referral, actor)
    if not _case_openers:
        raise RuntimeError("No case opener is registered: an accepted referral would open no case.")
    message = ReferralMessage(
        referral_id=referral.pk, gender=referral.gender, age_group=referral.age_group, children=referral.children,
        language=referral.language, exploitation_forms=list(referral.exploitation_forms), initials=initials,
        birth_year=birth_year, nationality=nationality, user_id=user.pk,
    )
    with tenant_context(referral.actor):
        codes = [opener(message) for opener in _case_openers]
    referral.status = ReferralStatus.ACCEPTED
    referral.case_code = codes[0]
    referral.answered_by = user
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "case_code", "answered_by", "answered_at"])
    audit_event(user=user, action="referral_accept", referral=referral.pk, actor=actor.slug)
    _broadcast(referral)
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, actor: Actor, user, reason: str, note: str = "") -> Referral:
    referral = _lock_open(referral, actor)
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = reason
    referral.decline_note = note.strip()
    referral.answered_by = user
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "decline_reason", "decline_note", "answered_by", "answered_at"])
    audit_event(user=user, action="referral_decline", referral=referral.pk, actor=actor.slug, reason=reason)
    _broadcast(referral)
    return referral


def _broadcast(referral: Referral) -> None:
    send_on_commit(PLACES_GROUP, "referral.changed", {"referral": referral.pk, "status": referral.status,
                                                      "coordinator": referral.coordinator_id})


def remind_after() -> timedelta:
    return timedelta(hours=settings.NSP_REFERRAL_REMIND_HOURS)


def referral_overdue(referral: Referral, now: datetime | None = None) -> bool:
    """Unanswered for longer than the setting: the coordinator may ask another actor."""
    now = now or timezone.now()
    return referral.status == ReferralStatus.SENT and referral.created_at <= now - remind_after()


def referrals_remind(*, now: datetime | None = None) -> list[Referral]:
    """Remind each actor once of every request unanswered past the setting. Idempotent:
    a request already reminded is not reminded again, however often this runs."""
    now = now or timezone.now()
    reminded = []
    due = (Referral.objects.filter(status=ReferralStatus.SENT, reminded_at__isnull=True,
                                   created_at__lte=now - remind_after())
           .select_related("actor").order_by("created_at"))
    for referral in due:
        with transaction.atomic():
            locked = Referral.objects.select_for_update(skip_locked=True).filter(
                pk=referral.pk, status=ReferralStatus.SENT, reminded_at__isnull=True).first()
            if locked is None:
                continue
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            audit_event(user=None, action="referral_remind", referral=locked.pk, actor=referral.actor.slug)
            _notify(referral.actor, "referral_reminder", {"referral": locked.pk})
            reminded.append(locked)
    return reminded

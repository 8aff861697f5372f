"""Reads of the administration area. Everything is scoped: the actor whose host this is,
or the programme on its own host, never both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.models import AuditEvent, User
from portal.roles import PROGRAMME_ROLES

# What a user's own logging in leaves, wherever it happened: an administrator sees these
# for their own users even when they happened on another host.
ACCOUNT_ACTIONS = (
    "login", "logout", "login_failed", "lockout", "lockout_attempt", "lockout_lifted", "session_expired",
    "second_factor_added", "second_factor_removed", "second_factor_reset", "recovery_codes_renewed",
)


def users_in_scope(actor) -> QuerySet[User]:
    if actor is not None:
        found = User.objects.filter(memberships__actor=actor)
    else:
        found = User.objects.filter(memberships__role__in=[role.value for role in PROGRAMME_ROLES])
    return found.distinct().order_by("username").prefetch_related("memberships")


def user_in_scope(actor, user_id) -> User | None:
    try:
        return users_in_scope(actor).filter(pk=int(str(user_id)[:18])).first()
    except ValueError:
        return None


@dataclass(frozen=True)
class AuditFilters:
    case: str = ""
    user: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def account_events(actor, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Logins, lockouts, refusals and the like on this host, and the account events of
    this scope's users wherever they happened."""
    schema = actor.schema_name if actor is not None else "public"
    usernames = list(users_in_scope(actor).values_list("username", flat=True))
    events = AuditEvent.objects.filter(Q(schema_name=schema) | Q(username__in=usernames, action__in=ACCOUNT_ACTIONS))
    if filters.case:
        events = events.filter(case_code__iexact=filters.case)
    if filters.user:
        events = events.filter(username__iexact=filters.user)
    if filters.date_from:
        events = events.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lte=_day_end(filters.date_to))
    return events.order_by("-at", "-pk")


def case_entries(actor, filters: AuditFilters):
    """Every access to the actor's case data (the actor's own schema). None on the programme's host."""
    if actor is None:
        return None
    from intake.models import CaseAuditEntry

    entries = CaseAuditEntry.objects.all()
    if filters.case:
        entries = entries.filter(case_code__iexact=filters.case)
    if filters.user:
        entries = entries.filter(username__iexact=filters.user)
    if filters.date_from:
        entries = entries.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lte=_day_end(filters.date_to))
    return entries.order_by("-at", "-pk")

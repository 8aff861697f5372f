"""Lockout after repeated failures (django-axes), with a wait that grows each time.

Failures count per username and per client address: a password sprayed over many
accounts from one address and one account tried from many addresses are both stopped.
A lockout is audited; the programme's coordinator (programme users) and the actor's
administrator (the actor's users) can lift it at once.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from portal.audit import audit_event, client_ip

WINDOW = timedelta(hours=24)
LONGEST = timedelta(hours=24)


def _username_of(request) -> str:
    if request is None:
        return ""
    credentials = getattr(request, "axes_credentials", None) or {}
    name = credentials.get("username") or request.POST.get("username", "")
    return str(name)[:150]


def recent_lockouts(*, username: str = "", ip: str | None = None) -> int:
    from django.db.models import Q

    from portal.models import AuditEvent

    who = Q()
    if username:
        who |= Q(username=username)
    if ip:
        who |= Q(ip=ip)
    if not who:
        return 0
    return AuditEvent.objects.filter(who, action="lockout", at__gte=timezone.now() - WINDOW).count()


def cool_off(request=None) -> timedelta:
    """The first lockout lasts LOGIN_LOCKOUT_MINUTES; each further one within a day doubles it."""
    base = timedelta(minutes=settings.NSP_LOCKOUT_BASE_MINUTES)
    if request is None:
        return base
    earlier = recent_lockouts(username=_username_of(request), ip=client_ip(request))
    return min(base * (2 ** max(0, min(earlier - 1, 10))), LONGEST)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(cool_off(request).total_seconds() // 60)
    return render(request, "registration/locked.html", {"minutes": minutes}, status=429)


@receiver(user_locked_out)
def _audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    # django-axes signals every refused attempt; the one that reached the limit is the
    # lockout itself (and counts towards the next, longer wait), the rest are attempts
    # while locked.
    failures = getattr(request, "axes_failures_since_start", None)
    action = "lockout" if failures == settings.AXES_FAILURE_LIMIT else "lockout_attempt"
    audit_event(user=None, action=action, request=request, username=username or "",
                failures=failures)


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames are locked out now (or locked by an address they used)."""
    usernames = list(usernames)
    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - LONGEST
    return set(
        AccessAttempt.objects.filter(username__in=usernames, failures_since_start__gte=limit,
                                     attempt_time__gte=since).values_list("username", flat=True)
    )


@transaction.atomic
def lockout_lift(*, by, user) -> None:
    """Lift the lockout of `user`: their username and the addresses they failed from."""
    addresses = set(AccessAttempt.objects.filter(username=user.get_username())
                    .values_list("ip_address", flat=True))
    reset(username=user.get_username())
    for address in addresses:
        if address:
            reset(ip=address)
    audit_event(user=by, action="lockout_lifted", target=user.get_username(),
                addresses=sorted(a for a in addresses if a))

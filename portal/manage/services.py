"""Writes of the administration area: each audited."""

from __future__ import annotations

from django.db import transaction

from portal.accounts import lockout, twofactor
from portal.audit import audit_event


class NotAllowed(ValueError):
    pass


@transaction.atomic
def lockout_lift(*, by, user) -> None:
    lockout.lockout_lift(by=by, user=user)


@transaction.atomic
def second_factor_reset(*, by, user) -> int:
    """Remove every device of `user`: their sessions stop being verified at once (every
    page and socket checks the device), and their next login enrols a new one."""
    if by.pk == user.pk:
        raise NotAllowed("self")
    removed = twofactor.devices_reset(user)
    audit_event(user=by, action="second_factor_reset", target=user.get_username(), devices=removed)
    return removed

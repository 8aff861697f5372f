"""Audit of actions on the programme's side (logins, decisions, views of applications).

Case data is audited in each actor's own schema (intake.CaseAuditEntry); this log holds
no case content, only who did what, where and when.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connection
from django.dispatch import receiver

from portal.models import AuditEvent


def audit_event(*, user, action: str, request=None, **detail) -> AuditEvent:
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None, action=action,
        schema_name=getattr(connection, "schema_name", "") or "",
        path=(request.path[:255] if request is not None else ""), detail=detail,
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_event(user=user, action="login", request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_event(user=user, action="logout", request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept (not the password): repeated failures show an attack.
    audit_event(user=None, action="login_failed", request=request,
                username=str(credentials.get("username", ""))[:150])

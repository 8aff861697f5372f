"""Who did what, from where: the audit trail's common part.

Two tables, both append-only in the database (triggers in the migrations):
- `portal.AuditEvent` in the public schema: logins, lockouts, second-factor changes,
  refused requests and sockets on every host, the programme's own actions;
- `intake.CaseAuditEntry` in each actor's schema: every read and write of its case data.

Every row carries the user, the roles they held there, the host, the client's address
and user agent. Services do not take a request, so the middleware (and each websocket
consumer) puts those facts into a context variable that both tables read when a row is
written; a row written outside a request (a management command) says so.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connection
from django.db.models import prefetch_related_objects
from django.dispatch import receiver


from portal.audit_context import Where, current_where, where  # noqa: F401 (re-exported)


def _valid_ip(raw: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy's last hop when BEHIND_PROXY says
    a proxy in front sets X-Forwarded-For (anything else in that header is the client's word)."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return _valid_ip(forwarded.split(",")[-1])
    return _valid_ip(request.META.get("REMOTE_ADDR"))


def _clean(text: str, limit: int) -> str:
    return (text or "").replace("\x00", "")[:limit]


def where_of_request(request) -> Where:
    from portal.membership import roles_here

    user = getattr(request, "user", None)
    roles = sorted(roles_here(user)) if user is not None and user.is_authenticated else []
    return Where(
        host=_clean(request.get_host() if _host_ok(request) else request.META.get("HTTP_HOST", ""), 255),
        ip=client_ip(request), user_agent=_clean(request.META.get("HTTP_USER_AGENT", ""), 255),
        roles=",".join(roles), channel="http",
    )


def _host_ok(request) -> bool:
    try:
        request.get_host()
        return True
    except Exception:  # DisallowedHost: still worth recording what was sent
        return False


def where_of_scope(scope, *, roles: set[str] | frozenset[str] = frozenset()) -> Where:
    headers = dict(scope.get("headers") or [])
    client = scope.get("client") or (None, None)
    return Where(
        host=_clean(headers.get(b"host", b"").decode("latin-1"), 255), ip=_valid_ip(client[0]),
        user_agent=_clean(headers.get(b"user-agent", b"").decode("latin-1"), 255),
        roles=",".join(sorted(roles)), channel="websocket",
    )


class AuditContextMiddleware:
    """Makes the request's circumstances available to every audit row it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Read once here; the roles check of the access policy, the page frame and
            # this audit context all ask the same question in one request.
            prefetch_related_objects([user], "memberships")
        with where(where_of_request(request)):
            return self.get_response(request)


def audit_event(*, user, action: str, request=None, username: str = "", case_code: str = "",
                schema_name: str | None = None, path: str = "", **detail):
    """One row of the programme-wide log (public schema). Never case content.

    `schema_name` is whose host it happened on: the current connection's, unless given
    (a websocket consumer shares its connection and must say).
    """
    from portal.models import AuditEvent

    known = user if user is not None and getattr(user, "is_authenticated", False) else None
    if schema_name is None:
        schema_name = getattr(connection, "schema_name", "") or ""
    roles = ""
    if known is not None and request is not None and not current_where().roles:
        from portal.membership import roles_here

        roles = ",".join(sorted(roles_here(known)))  # the user logged in during this request
    return AuditEvent.objects.create(
        user=known, roles=roles, username=_clean(username or (known.get_username() if known else ""), 150),
        action=action, schema_name=schema_name,
        path=_clean(path or (request.path if request is not None else ""), 255), case_code=_clean(case_code, 32),
        detail=detail,
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    device = getattr(user, "otp_device", None)
    audit_event(user=user, action="login", request=request,
                second_factor=type(device).__name__ if device is not None else "")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_event(user=user, action="logout", request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept (never the password): repeated failures show an attack.
    step = credentials.get("step", "password")
    audit_event(user=None, action="login_failed", request=request,
                username=str(credentials.get("username", "")), step=step)

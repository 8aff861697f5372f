"""Tenancy for websockets: django-tenants only knows HTTP.

By default channels runs every consumer's sync database code on one shared thread with
one connection per process, so a tenant set for consumer A is still set when consumer
B's query runs (DESIGN.md, verified), and a thousand sockets' queries queue behind each
other. Hence: resolve the tenant once from the Host header here, and run *every*
database call of a consumer through `in_tenant`, which sets the schema for the length of
that one call on a thread of the worker's pool (not the shared one): each thread has its
own connection from the pool, and the call sets its own schema, so calls of different
actors run side by side without seeing each other's search path.
"""

from __future__ import annotations

from typing import Any, Callable

from urllib.parse import urlsplit

from channels.auth import AuthMiddleware, get_user
from channels.db import database_sync_to_async
from channels.security.websocket import WebsocketDenier
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.db import connection
from django.http.request import validate_host
from django_tenants.utils import get_tenant_domain_model, schema_context, tenant_context

from portal.tenancy import tenant_for_host


# channels' get_user is already wrapped for the shared thread; this is the plain function.
_user_of_scope = get_user.func


def host_of(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1").rsplit(":", 1)[0].lower()
    return ""


def _tenant_for_host(host: str):
    """The actor of the socket's host (None if unknown), kept per worker like HTTP's."""

    def lookup(name: str):
        with schema_context("public"):
            return get_tenant_domain_model().objects.select_related("tenant").get(domain=name).tenant

    try:
        return tenant_for_host(host, lookup)
    except get_tenant_domain_model().DoesNotExist:
        return None


async def in_tenant(tenant, fn: Callable[..., Any], /, *args, **kwargs) -> Any:
    """Run the sync `fn` on the database thread with `tenant`'s schema set for this call only."""

    def run():
        with tenant_context(tenant):
            return fn(*args, **kwargs)

    return await pooled(run)()


def pooled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` on a thread of the worker's pool, its connection handed back to the database
    pool when it returns: the next call may run on another thread, and a thread that is
    dropped (a finished event loop's executor) must not keep a connection checked out."""

    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()

    return database_sync_to_async(run, thread_sensitive=False)


async def in_public(fn: Callable[..., Any], /, *args, **kwargs) -> Any:
    """Run the sync `fn` on the database thread in the public schema (the programme's tables)."""

    def run():
        with schema_context("public"):
            return fn(*args, **kwargs)

    return await pooled(run)()


def _origin_host(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            parts = urlsplit(value.decode("latin-1"))
            if parts.scheme in ("http", "https") and parts.netloc:
                return parts.netloc.lower()
            return None
    return None


def _raw_host(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1").lower()
    return ""


class SameHostOriginValidator:
    """A socket is accepted only from a page of its own host: the Origin's host and port
    must equal the Host the socket opened on, and that host must be an allowed one.

    Channels' AllowedHostsOriginValidator accepts any allowed host, so a page of one
    actor could open a socket to another's (the browser sends the other host's cookie).
    A refused handshake is audited.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            host = _raw_host(scope)
            origin = _origin_host(scope)
            if not host or origin != host or not validate_host(host.rsplit(":", 1)[0], settings.ALLOWED_HOSTS):
                await in_public(_audit_origin_refusal, scope, origin or "")
                denier = WebsocketDenier()
                return await denier(scope, receive, send)
        return await self.app(scope, receive, send)


def _audit_origin_refusal(scope, origin: str) -> None:
    from portal.audit import audit_event, where, where_of_scope

    tenant = _tenant_for_host(host_of(scope))
    with where(where_of_scope(scope)):
        audit_event(user=None, action="socket_refused", schema_name=tenant.schema_name if tenant else "",
                    path=scope.get("path", ""), reason="origin", origin=origin[:255])


class TenantWebsocketMiddleware:
    """Puts the actor of the connection's host into scope["tenant"] (None if unknown)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        tenant = await pooled(_tenant_for_host)(host_of(scope))
        return await self.app(dict(scope, tenant=tenant), receive, send)


class _PooledAuthMiddleware(AuthMiddleware):
    """channels' AuthMiddleware, reading the session and the user on the worker's thread
    pool instead of the one shared thread (both live in the public schema, which every
    connection's search path ends with)."""

    async def resolve_scope(self, scope):
        scope["user"]._wrapped = await pooled(_user_of_scope)(scope)


def auth_stack(inner):
    """Cookies, session and user for a websocket, like channels' AuthMiddlewareStack."""
    return CookieMiddleware(SessionMiddleware(_PooledAuthMiddleware(inner)))

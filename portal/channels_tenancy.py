"""Tenancy for websockets: django-tenants only knows HTTP.

Channels runs every consumer's sync database code on one shared thread with one
connection per process, so a tenant set for consumer A is still set when consumer B's
query runs (DESIGN.md, verified). Hence: resolve the tenant once from the Host header
here, and run *every* database call of a consumer through `in_tenant`, which sets the
schema for the length of that one call.
"""

from __future__ import annotations

from typing import Any, Callable

from urllib.parse import urlsplit

from channels.db import database_sync_to_async
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import validate_host
from django_tenants.utils import get_tenant_domain_model, schema_context, tenant_context


def host_of(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1").rsplit(":", 1)[0].lower()
    return ""


def _tenant_for_host(host: str):
    with schema_context("public"):
        domain = get_tenant_domain_model().objects.select_related("tenant").filter(domain=host).first()
        return domain.tenant if domain else None


async def in_tenant(tenant, fn: Callable[..., Any], /, *args, **kwargs) -> Any:
    """Run the sync `fn` on the database thread with `tenant`'s schema set for this call only."""

    def run():
        with tenant_context(tenant):
            return fn(*args, **kwargs)

    return await database_sync_to_async(run)()


async def in_public(fn: Callable[..., Any], /, *args, **kwargs) -> Any:
    """Run the sync `fn` on the database thread in the public schema (the programme's tables)."""

    def run():
        with schema_context("public"):
            return fn(*args, **kwargs)

    return await database_sync_to_async(run)()


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
        tenant = await database_sync_to_async(_tenant_for_host)(host_of(scope))
        return await self.app(dict(scope, tenant=tenant), receive, send)

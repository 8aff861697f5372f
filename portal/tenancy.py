"""Which actor a request is for, from its host, without a query per request.

django-tenants looks the host up in the public schema on every request (a `SET
search_path` and a join of domains and actors). Hosts and actors change rarely (an
actor registered, suspended or renamed), so each process keeps what it found for a
short while; a change saved in this process clears it at once, other processes see it
within `TENANT_CACHE_SECONDS`.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django_tenants.middleware.main import TenantMainMiddleware

_lock = threading.Lock()
_by_host: dict[str, tuple[float, object]] = {}


def forget_hosts(**_kwargs) -> None:
    with _lock:
        _by_host.clear()


def tenant_for_host(hostname: str, lookup):
    """The actor of `hostname`: kept, or `lookup(hostname)` (which raises if unknown; an
    unknown host is not kept, so a new actor's host works at once)."""
    ttl = getattr(settings, "TENANT_CACHE_SECONDS", 30)
    now = time.monotonic()
    with _lock:
        found = _by_host.get(hostname)
    if found is not None and now - found[0] < ttl:
        return found[1]
    tenant = lookup(hostname)
    with _lock:
        _by_host[hostname] = (now, tenant)
    return tenant


class CachedTenantMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        return tenant_for_host(hostname, lambda host: super(CachedTenantMiddleware, self).get_tenant(domain_model, host))


def connect_signals() -> None:
    from tenants.models import Actor, Domain

    for model in (Actor, Domain):
        post_save.connect(forget_hosts, sender=model, dispatch_uid=f"forget_hosts_save_{model.__name__}")
        post_delete.connect(forget_hosts, sender=model, dispatch_uid=f"forget_hosts_delete_{model.__name__}")

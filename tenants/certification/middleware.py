"""An ended actor's host is read-only: its cases are kept for the retention period, but
nothing more is written there (no case, answer, application or upload)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection

from tenants.models import CertificationStatus

# Logging in and out and one's own account keep working, so staff can still read.
ALWAYS_ALLOWED = ("/accounts/", "/i18n/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class EndedActorReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or request.path.startswith(ALWAYS_ALLOWED):
            return None
        tenant = getattr(connection, "tenant", None)
        if tenant is None or tenant.schema_name == "public":
            return None
        # The actor as the host cache has it (portal/tenancy.py): saving the actor clears the
        # cache in this process, other processes see the change within TENANT_CACHE_SECONDS.
        if getattr(tenant, "certification", None) == CertificationStatus.ENDED:
            raise PermissionDenied("The actor's participation has ended: read-only.")
        return None

"""The host → actor lookup is kept per process for a short while, and forgotten at once
when an actor or host changes in this process."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import tenancy
from tenants.models import Domain
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db


def _domain_queries(client, host: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/health/", HTTP_HOST=host).status_code == 200
    return sum("tenants_domain" in query["sql"] for query in queries.captured_queries)


def test_a_host_is_looked_up_once_then_kept(client, settings):
    settings.TENANT_CACHE_SECONDS = 30
    tenancy.forget_hosts()
    assert _domain_queries(client, PUBLIC_HOST) == 1
    assert _domain_queries(client, PUBLIC_HOST) == 0
    assert _domain_queries(client, host_of_actor("norrbro")) == 1  # each host its own


def test_a_changed_host_is_forgotten_at_once(client, settings, demo_actors):
    settings.TENANT_CACHE_SECONDS = 30
    tenancy.forget_hosts()
    host = host_of_actor("norrbro")
    assert _domain_queries(client, host) == 1
    domain = Domain.objects.get(domain=host)
    domain.save()
    assert _domain_queries(client, host) == 1


def test_without_the_cache_every_request_looks_up(client, settings):
    settings.TENANT_CACHE_SECONDS = 0
    assert _domain_queries(client, PUBLIC_HOST) == 1
    assert _domain_queries(client, PUBLIC_HOST) == 1


def test_an_unknown_host_is_not_kept_as_unknown(client, settings, demo_actors):
    settings.TENANT_CACHE_SECONDS = 30
    tenancy.forget_hosts()
    assert client.get("/health/", HTTP_HOST="nobody.localhost").status_code == 404
    Domain.objects.bulk_create([Domain(domain="nobody.localhost", tenant=demo_actors["norrbro"])])  # no signal
    assert client.get("/health/", HTTP_HOST="nobody.localhost").status_code == 200

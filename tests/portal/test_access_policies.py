"""Every view declares who may use it; a view that forgets is refused."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from portal.access import policy_of

URLCONFS = ["portal.urls_public", "portal.urls_tenants"]


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def all_views():
    for urlconf in URLCONFS:
        for route, callback in walk(get_resolver(urlconf).url_patterns):
            yield urlconf, route, callback


def test_the_walk_finds_the_views_of_both_hosts():
    routes = {(urlconf, route) for urlconf, route, _ in all_views()}
    assert ("portal.urls_public", "programme/") in routes
    assert ("portal.urls_tenants", "cases/") in routes
    assert len(routes) > 20


@pytest.mark.parametrize("urlconf, route, callback", list(all_views()), ids=lambda v: str(v)[:60])
def test_every_view_declares_an_access_policy(urlconf, route, callback):
    assert policy_of(callback) is not None, f"{urlconf}: {route} declares no access policy"


def forgetful_view(request):
    return HttpResponse("case data")


urlpatterns = [path("forgot/", forgetful_view)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, PUBLIC_SCHEMA_URLCONF=__name__)
def test_a_view_without_policy_is_refused_at_runtime():
    response = Client(HTTP_HOST="localhost").get("/forgot/")
    assert response.status_code == 403
    assert b"case data" not in response.content

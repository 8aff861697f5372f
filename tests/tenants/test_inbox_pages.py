"""The inbox at many applications: pages of fifty, filter choices without a full scan."""

from __future__ import annotations

import copy
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import selectors
from tenants.models import Application
from tests.helpers import PUBLIC_HOST

pytestmark = pytest.mark.django_db


def _many(count: int, year: int = 2031) -> None:
    source = Application.objects.order_by("pk").first()
    rows = []
    for n in range(count):
        row = copy.copy(source)
        row.pk, row.case_code, row.local_id, row.year = None, f"P{n:05d}", 900_000 + n, year
        rows.append(row)
    Application.objects.bulk_create(rows)


def _rows(response) -> list[str]:
    return re.findall(r'href="/programme/applications/(\d+)/"', response.content.decode())


def test_the_inbox_is_paged_and_the_pages_meet(client_at, demo_users):
    _many(70)
    total = Application.objects.count()
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    first = client.get("/programme/applications/")
    assert len(_rows(first)) == 50
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' not in first.content.decode()
    second = client.get("/programme/applications/?page=2")
    assert 'rel="prev"' in second.content.decode()
    seen = _rows(first) + _rows(second)
    page = 3
    while 'rel="next"' in second.content.decode():
        second = client.get(f"/programme/applications/?page={page}")
        seen += _rows(second)
        page += 1
    assert len(seen) == len(set(seen)) == total  # every application once, none twice


def test_a_page_keeps_the_filters(client_at, demo_users):
    _many(60, year=2031)
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    page = client.get("/programme/applications/?year=2031")
    assert len(_rows(page)) == 50
    assert "year=2031&amp;page=2" in page.content.decode()
    assert len(_rows(client.get("/programme/applications/?year=2031&page=2"))) == 10


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9" * 5000, "1\x00"])
def test_a_nonsense_page_is_the_first_or_empty_never_an_error(client_at, demo_users, page):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    assert client.get("/programme/applications/", {"page": page}).status_code in (200, 400)


def test_filter_choices_do_not_read_every_application():
    _many(30, year=2031)
    with CaptureQueriesContext(connection) as queries:
        choices = selectors.application_filter_choices("sv")
    assert 2031 in choices["years"] and choices["years"] == sorted(set(choices["years"]), reverse=True)
    assert set(Application.objects.values_list("year", flat=True)) == set(choices["years"])
    assert choices["interventions"]
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)

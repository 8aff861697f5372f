"""The statistics page: coordinator only, filters, charts, downloads (audited), suppression."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from portal.models import AuditEvent
from tenants.statistics.history import history_import
from tests.helpers import PUBLIC_HOST
from tests.tenants.statistics.history_data import jsonl, lines_2022
from tests.tenants.statistics.test_statistics_tables import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def history_2022(django_db_setup):
    make_actor("histpage", region="nord")
    history_import(text=jsonl(lines_2022("histpage")), source="2022.jsonl")


def test_the_page_shows_the_year_with_charts(client_at, demo_users, history_2022):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    page = client.get("/programme/statistics/?year=2022&actor=histpage", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="table-interventions"' in html and "<svg" in html and "style=" not in html
    assert "2,676,620" in html or "2 676 620" in html
    assert AuditEvent.objects.filter(action="statistics_view", detail__year=2022).exists()
    swedish = client.get("/programme/statistics/?year=2022&actor=histpage", HTTP_ACCEPT_LANGUAGE="sv")
    coordinates = re.findall(r'<(?:text|rect)[^>]* (?:x|y|width)="([^"]*)"', swedish.content.decode())
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates)  # never 15,4


def test_region_filter_and_unknown_filters_are_ignored(client_at, demo_users, history_2022):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    nord = client.get("/programme/statistics/?year=2022&region=nord").content.decode()
    assert "62" in nord
    south = client.get("/programme/statistics/?year=2022&region=syd&actor=histpage").content.decode()
    assert "Nothing to count" in south or "Inget att räkna" in south
    odd = client.get("/programme/statistics/?year=1900&actor=%00x&region=mars")
    assert odd.status_code in (200, 400)


def test_xlsx_download_is_audited_and_opens(client_at, demo_users, history_2022):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    answer = client.get("/programme/statistics/?year=2022&actor=histpage&format=xlsx")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(answer.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[-1][1:] == (62, 2676620)
    assert AuditEvent.objects.filter(action="statistics_export", detail__format="xlsx").exists()


def test_publication_switch_hides_small_counts_in_page_and_export(client_at, demo_users, django_db_setup):
    make_actor("histsmall")
    lines = lines_2022("histsmall")
    # Two reflection periods and ten deepened ones: 2 is hidden, and 10 with it (secondary).
    history_import(text=jsonl(lines[:2] + lines[5:15]), source="small.jsonl")
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    plain = client.get("/programme/statistics/?year=2022&actor=histsmall&format=csv").content.decode("utf-8-sig")
    assert "<3" not in plain
    hidden = client.get("/programme/statistics/?year=2022&actor=histsmall&publication=on&format=csv")
    first_table = hidden.content.decode("utf-8-sig").split("\r\n\r\n")[0].splitlines()
    assert [line.split(";")[1] for line in first_table[2:4]] == ["<3", "<3"]
    assert first_table[-1].split(";")[1] == "12"  # the total stays
    page = client.get("/programme/statistics/?year=2022&actor=histsmall&publication=on",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "&lt;3" in page


@pytest.mark.parametrize("username", ["lindskyddet.staff", "region.syd", "lindskyddet.admin"])
def test_only_the_coordinator_sees_statistics(client_at, demo_users, username):
    client = client_at(PUBLIC_HOST, demo_users[username])
    assert client.get("/programme/statistics/").status_code in (302, 403, 404)
    assert client.get("/programme/statistics/?format=xlsx").status_code in (302, 403, 404)


def test_the_inbox_exports_every_filtered_row_audited(client_at, demo_users, history_2022):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    page = client.get("/programme/applications/?actor=histpage").content.decode()
    assert 'href="?actor=histpage&amp;format=xlsx"' in page
    assert page.count('data-testid="imported-flag"') == 50  # a page of fifty, every one marked
    answer = client.get("/programme/applications/?actor=histpage&format=xlsx", HTTP_ACCEPT_LANGUAGE="en")
    rows = list(load_workbook(io.BytesIO(answer.content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + len(lines_2022("histpage"))  # every row, not one page
    assert rows[0][0] in ("Submitted", "Inskickad")
    csv = client.get("/programme/applications/?actor=histpage&format=csv").content.decode("utf-8-sig")
    assert csv.count("\r\n") == 2 + len(lines_2022("histpage"))  # title, header, rows
    assert AuditEvent.objects.filter(action="inbox_export", detail__format="csv").exists()


@pytest.mark.parametrize("path", ["/programme/statistics/", "/programme/statistics/?format=xlsx",
                                  "/programme/budget/", "/programme/start/"])
def test_an_actors_host_has_no_programme_pages(client_at, demo_users, path):
    """Programme-wide figures exist on the programme's host only, never on an actor's."""
    from tests.helpers import host_of_actor

    from django.db import connection

    try:
        for username in ("lindskyddet.staff", "lindskyddet.admin"):
            response = client_at(host_of_actor("lindskyddet"), demo_users[username]).get(path)
            assert response.status_code == 404
    finally:
        connection.set_schema_to_public()

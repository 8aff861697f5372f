"""The coordinator's oversight in a real browser: the start page, the statistics and budget
pages in Swedish and English, and an XLSX download that opens with openpyxl."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.browser.people import screenshot
from tests.helpers import PUBLIC_HOST

# No django_db mark: the live server reads the demo data (its history and budgets).
pytestmark = pytest.mark.browser

LAST_YEAR = timezone.localdate().year - 1
WORDS = {
    "sv": {"statistics": f"Statistik {LAST_YEAR}", "interventions": "Insatser", "download": "Ladda ned XLSX",
           "budget": f"Budget {LAST_YEAR}", "posts": "Budgetposter", "start": "Det här väntar på dig",
           "sheet": "Insatser", "show": "Visa"},
    "en": {"statistics": f"Statistics {LAST_YEAR}", "interventions": "Interventions", "download": "Download XLSX",
           "budget": f"Budget {LAST_YEAR}", "posts": "Budget posts", "start": "What needs you",
           "sheet": "Interventions", "show": "Show"},
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_statistics_and_budget_pages_and_an_xlsx(page_as, asgi_server, lang):
    words = WORDS[lang]
    page = page_as("samordnare", PUBLIC_HOST, language=lang)
    page.goto(asgi_server.url(PUBLIC_HOST, "/"))
    page.get_by_role("heading", level=1, name=words["start"]).wait_for()
    screenshot(page, f"oversight-start-{lang}")

    page.get_by_role("link", name=words["statistics"].split()[0], exact=True).first.click()
    page.get_by_label("År" if lang == "sv" else "Year").select_option(str(LAST_YEAR))
    page.get_by_role("button", name=words["show"]).click()
    page.get_by_role("heading", level=1, name=words["statistics"]).wait_for()
    table = page.get_by_test_id("table-interventions")
    assert table.locator("tbody tr").count() >= 3  # the demo's year of decisions
    assert page.locator("svg.chart__svg rect.chart__bar").count() >= 3
    screenshot(page, f"oversight-statistics-{lang}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=words["download"]).click()
    download = download_info.value
    assert download.suggested_filename == f"nsp-statistik-{LAST_YEAR}.xlsx"
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert book.sheetnames[0] == words["sheet"] and len(book.sheetnames) >= 8
    rows = list(book[words["sheet"]].iter_rows(values_only=True))
    shown_total = table.locator("tfoot td").nth(0).inner_text()
    assert str(rows[-1][1]) == shown_total.replace("\u00a0", "").replace(",", "").replace(" ", "")

    page.goto(asgi_server.url(PUBLIC_HOST, f"/programme/budget/{LAST_YEAR}/"))
    page.get_by_role("heading", level=1, name=words["budget"]).wait_for()
    assert page.get_by_test_id("budget-posts").locator("tbody tr").count() == 4
    assert page.locator("svg polyline.chart__series").count() >= 4
    assert page.get_by_test_id("transfers").locator("li").count() >= 1
    screenshot(page, f"oversight-budget-{lang}")
    with page.expect_download() as download_info:
        page.get_by_test_id("budget-xlsx").click()
    budget_book = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    assert len(budget_book.sheetnames) == 3

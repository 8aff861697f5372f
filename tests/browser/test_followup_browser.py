"""In a real browser (issue 9): one case from reflection through three monthly extensions to
integration, the clocks and the timeline checked at each step, and the reminder sent once
(the e-mail captured) for the period ending within seven days."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from intake.models import Case, Conversation, Notification
from intake.services import case_open, lawful_basis_record
from tests.followup.followup_helpers import fill_missing, full_answers, plans_signed
from tests.helpers import host_of_actor

pytestmark = pytest.mark.browser
ACTOR = "lindskyddet"
# The reflection period began this many days ago: the third extension then ends in 6 days.
BEGAN_DAYS_AGO = 113


def _in_thread(function):
    """Services broadcast on commit, which cannot run in Playwright's event-loop thread."""
    from django.db import connection

    def run():
        try:
            return function()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def _in_actor(actor, function):
    def run():
        with tenant_context(actor):
            return function()

    return _in_thread(run)


@pytest.fixture
def case(django_db_blocker, demo_actors, demo_users):
    actor, staff = demo_actors[ACTOR], demo_users[f"{ACTOR}.staff"]
    began = timezone.localdate() - timedelta(days=BEGAN_DAYS_AGO)

    def make():
        with tenant_context(actor):
            made = case_open(user=staff, initials="B.F.", birth_year=1993, nationality="ER", gender="woman")
            answers = full_answers(made, "01", application_date=began.isoformat(), period_start=began.isoformat())
            Conversation.objects.filter(case=made).update(answers=answers)
            lawful_basis_record(case=made, user=staff, basis="consent")
            plans_signed(made, staff)  # staff sign the plans under Documents (tests/browser/test_documents_browser.py)
            return made

    with django_db_blocker.unblock():
        return _in_thread(make)


def _grant_latest(actor, coordinator, code):
    from tenants.models import Application
    from tenants.services import application_decide

    with schema_context("public"):
        application = Application.objects.filter(actor=actor, case_code=code, status="submitted").get()
        application_decide(application=application, coordinator=coordinator, kind="granted",
                           motivation=f"{code}: beviljas enligt ansökan.")


def _apply_in_browser(page, url, *, new: bool):
    _open(page, url)
    page.get_by_role("button", name="Ta fram en ny rekommendation" if new else "Visa rekommendationen").click()
    page.get_by_role("button", name="Skapa ansökan").click()
    page.get_by_role("button", name="Skicka in ansökan").click()
    page.get_by_text("Ansökan är inskickad").first.wait_for()


def _open(page, url):
    """The case page reloads itself when a decision arrives over the socket; a navigation
    that meets that reload is aborted, so open it again."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            page.goto(url)
            page.get_by_test_id("clock-reflection").wait_for()
            return
        except Error:
            page.wait_for_timeout(300)
    page.goto(url)


def _clock_text(page, kind):
    return page.get_by_test_id(f"clock-{kind}").inner_text()


def test_reflection_three_extensions_then_integration(asgi_server, page_as, case, django_db_blocker, demo_actors,
                                                      demo_users, mailoutbox):
    from intake.followup.reminders import reminders_send

    actor, coordinator = demo_actors[ACTOR], demo_users["samordnare"]
    host = host_of_actor(ACTOR)
    page = page_as(f"{ACTOR}.staff", host, "sv")
    case_url = asgi_server.url(host, f"/cases/{case.code}/")
    today = timezone.localdate()

    _apply_in_browser(page, case_url, new=False)
    with django_db_blocker.unblock():
        _in_thread(lambda: _grant_latest(actor, coordinator, case.code))
    _open(page, case_url)
    assert "30 / 30" in _clock_text(page, "reflection") and "0 / 180" in _clock_text(page, "extended")
    assert page.get_by_test_id("timeline").locator("g[data-state=granted]").count() == 1

    for month in (1, 2, 3):
        page.get_by_test_id("apply-extension").click()
        page.wait_for_url(f"**/cases/{case.code}/intake/")
        assert page.get_by_text("Uppföljningen för perioden från").first.is_visible()
        with django_db_blocker.unblock():
            _in_actor(actor, lambda: fill_missing(case))  # the re-assessed answers, as in the worked example
        _apply_in_browser(page, case_url, new=True)
        with django_db_blocker.unblock():
            _in_thread(lambda: _grant_latest(actor, coordinator, case.code))
        _open(page, case_url)
        assert f"{30 * month} / 180" in _clock_text(page, "extended")
        assert page.get_by_test_id("timeline").locator("g[data-state=granted]").count() == 1 + month
        page.screenshot(path=str(_artifacts() / f"followup-extension-{month}-sv.png"), full_page=True)

    # The third extension ends within the week: it is due, and the reminder goes out once.
    assert page.get_by_test_id("due").is_visible()
    with django_db_blocker.unblock():
        first = _in_thread(lambda: reminders_send(today=today, within_days=7))
        again = _in_thread(lambda: reminders_send(today=today, within_days=7))
        with tenant_context(actor):
            assert Notification.objects.filter(case__code=case.code, kind="period_ending").count() >= 1
    assert first.sent >= 1 and again.sent == 0
    assert len([mail for mail in mailoutbox if case.code in mail.subject]) == 1

    # Then integration: the need re-assessed as integration.
    page.get_by_test_id("apply-extension").click()
    page.wait_for_url(f"**/cases/{case.code}/intake/")
    with django_db_blocker.unblock():
        _in_actor(actor, lambda: fill_missing(case, need="integration"))
    _apply_in_browser(page, case_url, new=True)
    with django_db_blocker.unblock():
        _in_thread(lambda: _grant_latest(actor, coordinator, case.code))
    _open(page, case_url)
    assert "90 / 180" in _clock_text(page, "extended")
    assert " / 45" in _clock_text(page, "integration") and not _clock_text(page, "integration").startswith("0 ")
    assert page.get_by_test_id("timeline").locator("g[data-state=granted]").count() == 5
    page.screenshot(path=str(_artifacts() / "followup-integration-sv.png"), full_page=True)
    page.goto(asgi_server.url(host, f"/cases/{case.code}/timeline/"))
    page.get_by_test_id("timeline").wait_for()
    page.screenshot(path=str(_artifacts() / "followup-timeline-print-sv.png"), full_page=True)
    with django_db_blocker.unblock(), tenant_context(actor):
        assert Case.objects.get(pk=case.pk).applications.filter(status="granted").count() == 5


def _artifacts():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder

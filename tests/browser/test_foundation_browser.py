"""The foundation in a real browser: login, language switch, a live websocket."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import tenant_context

from intake.models import Case, Notification
from portal.accounts import twofactor
from tests.helpers import host_of_actor

# No django_db mark: the live server must see the data, so what a test writes is
# committed (through django_db_blocker) and removed again by the test.
pytestmark = pytest.mark.browser


def test_staff_logs_in_sees_cases_and_switches_language(browser, asgi_server, demo_actors, django_db_blocker):
    host = host_of_actor("lindskyddet")
    context = browser.new_context(locale="sv")
    page = context.new_page()
    page.goto(asgi_server.url(host, "/cases/"))
    assert "/accounts/login/" in page.url
    page.get_by_label("Användarnamn").fill("lindskyddet.staff")
    page.get_by_label("Lösenord").fill("nsp-demo-2026")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/accounts/login/verify/**")
    with django_db_blocker.unblock():
        device = TOTPDevice.objects.get(user__username="lindskyddet.staff", name="Demo")
    page.get_by_label("Kod").fill(twofactor.current_code(device))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/cases/")
    with django_db_blocker.unblock(), tenant_context(demo_actors["lindskyddet"]):
        codes = list(Case.objects.values_list("code", flat=True))
    for code in codes:
        assert page.get_by_role("link", name=code).is_visible()
    assert page.locator("html").get_attribute("lang") == "sv"
    with page.expect_navigation():  # the switch submits itself on change
        page.get_by_label("Språk").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Cases").is_visible()
    context.close()


def test_notifications_arrive_over_a_real_websocket(page_as, asgi_server, demo_actors, demo_users, django_db_blocker):
    actor = demo_actors["norrbro"]
    with django_db_blocker.unblock(), tenant_context(actor):
        case = Case.objects.first()
        notification = Notification.objects.create(
            user=demo_users["norrbro.staff"], case=case, kind="case_opened", data={"code": case.code})
    try:
        page = page_as("norrbro.staff", host_of_actor("norrbro"), "en")
        page.goto(asgi_server.url(host_of_actor("norrbro"), "/cases/"))
        notice = page.locator("#live-notifications .notification").first
        notice.wait_for()
        assert notice.inner_text() == f"Case {case.code} was opened."
    finally:
        with django_db_blocker.unblock(), tenant_context(actor):
            notification.delete()

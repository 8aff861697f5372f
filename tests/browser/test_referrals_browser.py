"""In real browsers: free places change live on every open search page, and region.syd finds
a place in Syd for a woman with a child, refers her, and the actor accepts (issue 13)."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from intake.models import Case, Child, Conversation, Notification
from tenants.models import Actor
from tenants.referrals.models import Referral
from tests.browser.people import SCREENSHOTS
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.browser
ACTOR = "lindskyddet"


@pytest.fixture
def places_back(django_db_blocker):
    """Whatever the test does to Lindskyddet's free places is undone."""
    with django_db_blocker.unblock():
        before = Actor.objects.get(slug=ACTOR).places_free
    yield before
    with django_db_blocker.unblock():
        Actor.objects.filter(slug=ACTOR).update(places_free=before)


@pytest.fixture
def referrals_cleaned(django_db_blocker, demo_actors, demo_users):
    """The referrals and cases the test makes are removed afterwards (audit rows stay)."""
    with django_db_blocker.unblock():
        known = set(Referral.objects.values_list("pk", flat=True))
    yield
    with django_db_blocker.unblock():
        made = Referral.objects.exclude(pk__in=known)
        codes = list(made.exclude(case_code="").values_list("case_code", flat=True))
        with tenant_context(demo_actors[ACTOR]):
            Notification.objects.filter(kind__startswith="referral_").delete()
            for case in Case.objects.filter(code__in=codes):
                Child.objects.filter(case=case).delete()
                Conversation.objects.filter(case=case).delete()
                case.delete()
        for referral in made.order_by("-pk"):
            referral.delete()


def _search_page(page_as, server, username):
    page = page_as(username, PUBLIC_HOST, "sv")
    page.goto(server.url(PUBLIC_HOST, "/programme/capacity/?region="))
    page.wait_for_selector("#results[data-live='1']")  # the socket is open
    return page


def test_free_places_change_live_on_two_open_search_pages(asgi_server, page_as, places_back):
    regional = _search_page(page_as, asgi_server, "region.syd")
    coordinator = _search_page(page_as, asgi_server, "samordnare")
    shown = f"[data-free='{ACTOR}']"
    assert regional.locator(shown).inner_text() == str(places_back)

    staff = page_as(f"{ACTOR}.staff", host_of_actor(ACTOR), "sv")
    staff.goto(asgi_server.url(host_of_actor(ACTOR), "/cases/"))
    box = staff.get_by_test_id("places-box")
    with staff.expect_navigation():
        box.get_by_role("button", name="En ledig plats mindre").click()  # the second click
    assert staff.get_by_test_id("places-count").inner_text() == str(places_back - 1)
    staff.screenshot(path=str(SCREENSHOTS / "referrals-actor-places.png"), full_page=True)

    for page in (regional, coordinator):  # no reload: the socket brought it
        page.wait_for_function(f"() => document.querySelector(\"{shown}\").textContent === '{places_back - 1}'")
        assert page.locator(f"[data-updated='{ACTOR}']").inner_text() == "nyss"
    regional.screenshot(path=str(SCREENSHOTS / "referrals-search-live.png"), full_page=True)


def test_region_syd_finds_a_place_for_a_woman_with_a_child_refers_her_and_the_actor_accepts(
        asgi_server, page_as, referrals_cleaned, django_db_blocker, demo_actors):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = page_as("region.syd", PUBLIC_HOST, "sv")
    page.goto(asgi_server.url(PUBLIC_HOST, "/"))  # her start page is the search
    assert page.locator("#id_region").input_value() == "syd"  # her own region first
    page.select_option("#id_gender", "woman")
    page.fill("#id_children", "1")
    page.check("#id_free_now")
    page.get_by_role("button", name="Sök").click()
    card = page.get_by_test_id(f"actor-{ACTOR}")
    assert "Stiftelsen Lindskyddet" in card.inner_text() and "040-12 34 56" in card.inner_text()
    assert page.get_by_test_id("actor-norrbro").count() == 0  # Stockholm: not in Syd
    page.screenshot(path=str(SCREENSHOTS / "referrals-search.png"), full_page=True)

    card.get_by_role("link", name="Hänvisa till Stiftelsen Lindskyddet").click()
    assert page.locator("#id_gender").input_value() == "woman"  # carried from the search
    assert page.locator("#id_children").input_value() == "1"
    page.select_option("#id_age_group", "18_29")
    page.select_option("#id_support", "shelter")
    page.select_option("#id_language", "ro")
    page.select_option("#id_urgency", "today")
    page.check("input[name=authorities][value=police]")
    page.check("input[name=authorities][value=social_services]")
    page.fill("#id_contact", "0701-23 45 67")
    page.screenshot(path=str(SCREENSHOTS / "referrals-request.png"), full_page=True)
    page.get_by_role("button", name="Skicka förfrågan").click()
    page.wait_for_url("**/programme/referrals/")
    assert "Väntar på svar" in page.locator("table").inner_text()
    page.wait_for_selector("#referrals-live[data-live='1']")  # listening for the answer

    staff = page_as(f"{ACTOR}.staff", host_of_actor(ACTOR), "sv")
    staff.goto(asgi_server.url(host_of_actor(ACTOR), "/cases/"))
    staff.get_by_role("link", name="1 hänvisning väntar på svar").click()
    staff.locator("table a").first.click()
    assert "0701-23 45 67" in staff.locator(".facts").inner_text()
    staff.fill("#id_accept-initials", "M.K.")
    staff.fill("#id_accept-birth_year", "2001")
    staff.select_option("#id_accept-nationality", "RO")
    staff.screenshot(path=str(SCREENSHOTS / "referrals-answer.png"), full_page=True)
    staff.get_by_role("button", name="Ta emot och öppna ärendet").click()
    staff.wait_for_url("**/cases/LIN-*/")
    assert "Regionkoordinator" in staff.get_by_test_id("referred-by").inner_text()
    staff.screenshot(path=str(SCREENSHOTS / "referrals-case.png"), full_page=True)
    code = staff.url.rstrip("/").rsplit("/", 1)[1]

    # Her open list hears the answer without a reload.
    page.wait_for_function("() => document.querySelector('[data-referral-status]').textContent"
                           ".includes('Mottagen')")
    listing = page.locator("table").inner_text()
    assert "Mottagen: ärende öppnat" in listing and code not in listing  # the status, never the case
    page.screenshot(path=str(SCREENSHOTS / "referrals-list.png"), full_page=True)
    with django_db_blocker.unblock(), tenant_context(demo_actors[ACTOR]):
        case = Case.objects.get(code=code)
        assert case.referred_by == "regional_coordinator" and case.children.count() == 1

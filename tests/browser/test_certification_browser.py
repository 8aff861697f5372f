"""In a real browser: a new actor from registration to its first application (issue 12).

The coordinator registers it; its first administrator takes the one-time link, sets a
password and an authenticator; fills the profile and a requirement; the coordinator
records the visit (one requirement not met: one action), the admin reports the action
done, the coordinator certifies, and only then does the first application go through.
"""

from __future__ import annotations

import base64
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import Conversation
from intake.selectors import case_facts
from intake.services import case_open
from tenants.certification import questions
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.browser
SLUG = "kustbo"
HOST = host_of_actor(SLUG)
PASSWORD = "ett långt och ovanligt lösenord 2026"
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".nsp-data" / "screenshots"


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"certification-{name}.png"), full_page=True)


def _answered_case(django_db_blocker, username: str):
    """A committed case with every answer given (example 01), at the new actor."""
    from portal.models import User
    from tenants.models import Actor

    def make():
        from django.db import connection

        with schema_context("public"):
            actor = Actor.objects.get(slug=SLUG)
            user = User.objects.get(username=username)
        with tenant_context(actor):
            made = case_open(user=user, initials="S.K.", birth_year=1993, nationality="ER", gender="woman",
                             children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
            answers = intake_flow.fill(script_from_rule_answers(example("01")["answers"]), case_facts(made),
                                       today=date(2025, 3, 1), fallback=assessment_fallback)
            Conversation.objects.filter(case=made).update(answers=answers)
        connection.close()
        return made.code

    with django_db_blocker.unblock(), ThreadPoolExecutor(1) as pool:
        return pool.submit(make).result()


def test_a_new_actor_from_registration_to_its_first_application(asgi_server, page_as, django_db_blocker):
    # 1. The coordinator registers the actor.
    coordinator = page_as("samordnare", PUBLIC_HOST, "en")
    coordinator.goto(asgi_server.url(PUBLIC_HOST, "/programme/"))
    coordinator.get_by_role("link", name="Register a new actor").click()
    coordinator.get_by_label(re.compile(r"^Name")).fill("Kustboets Stödboende")
    coordinator.get_by_label("Short name").fill(SLUG)
    coordinator.get_by_label("Region").select_option("vast")
    coordinator.get_by_label("Protected shelter").check()
    coordinator.get_by_label("Contact person").fill("Karin Kust")
    coordinator.get_by_label("Contact e-mail").fill("karin@example.org")
    coordinator.get_by_role("button", name="Register the actor").click()
    coordinator.wait_for_url(f"**/programme/actors/{SLUG}/")
    assert coordinator.get_by_test_id("certification-status").inner_text() == "Step 1: actor profile collected"
    link = coordinator.get_by_test_id("invitation-url").inner_text()
    _shot(coordinator, "1-registered")

    # 2. The first administrator takes the link: a password, then an authenticator.
    admin = page_as(None, HOST, "en")
    admin.goto(asgi_server.url(HOST, "/" + link.split("/", 3)[3]))
    admin.get_by_label("Username").fill("kustbo.chef")
    admin.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    admin.get_by_label("The password again").fill(PASSWORD)
    admin.get_by_role("button", name="Create my account").click()
    admin.wait_for_url("**/accounts/login/")
    admin.get_by_label("Username").fill("kustbo.chef")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    admin.wait_for_url("**/accounts/login/enrol/")
    secret = admin.locator("#totp-secret").get_attribute("data-secret")
    admin.get_by_label("Code from the app").fill(f"{TOTP(base64.b32decode(secret + '=' * (-len(secret) % 8))).token():06d}")
    admin.get_by_role("button", name="Confirm").click()
    admin.get_by_role("link", name="I have saved them").click()
    admin.wait_for_url("**/cases/")
    # The link works once.
    assert admin.goto(asgi_server.url(HOST, "/" + link.split("/", 3)[3])).status == 404
    admin.goto(asgi_server.url(HOST, "/cases/"))

    # 3. The profile (step 1): the referral facts come from it.
    admin.get_by_role("link", name="Certification").click()
    admin.get_by_role("link", name="The profile").click()
    admin.locator('input[name="housing.places__value"]').fill("4")
    admin.locator('[id="row-housing.places"] input[value="women"]').check()
    admin.locator('select[name="children.allowed__offers"]').select_option("yes")
    admin.locator('select[name="support.counselling__offers"]').select_option("yes")
    admin.get_by_role("button", name="Save and submit to the programme").click()
    admin.get_by_text("The profile is saved").wait_for()
    admin.goto(asgi_server.url(HOST, "/certification/requirements/"))
    admin.locator('textarea[name="answer_mc20"]').fill("Ensamarbete förekommer nattetid; rutin saknas ännu.")
    admin.get_by_role("button", name="Save the answers").click()
    admin.get_by_text("Your answers are saved.").wait_for()

    # The first application is not possible yet: the actor is not certified.
    code = _answered_case(django_db_blocker, "kustbo.chef")
    admin.goto(asgi_server.url(HOST, f"/cases/{code}/"))
    assert admin.get_by_test_id("certification-block").is_visible()
    _shot(admin, "2-not-yet-certified")

    # 4. The visit (step 2): requirement 20 not met becomes an action.
    coordinator.goto(asgi_server.url(PUBLIC_HOST, f"/programme/actors/{SLUG}/visit/"))
    for item in questions.requirements():
        coordinator.locator(f'input[name="assessment_{item.id}"][value="{"not_met" if item.id == "mc20" else "met"}"]').check()
    coordinator.locator('textarea[name="recommendation_mc20"]').fill("Skriv en rutin för ensamarbete.")
    _shot(coordinator, "3-visit")
    coordinator.get_by_role("button", name="Record the visit").click()
    coordinator.wait_for_url(f"**/programme/actors/{SLUG}/")
    assert "Step 2" in coordinator.get_by_test_id("certification-status").inner_text()
    assert "Skriv en rutin för ensamarbete." in coordinator.get_by_test_id("action-plan").inner_text()

    # 5. The admin reports the action done.
    admin.goto(asgi_server.url(HOST, "/certification/actions/"))
    action = admin.get_by_test_id("action").first
    action.get_by_label("Progress").fill("Rutinen är skriven och antagen av styrelsen.")
    action.get_by_label("Done").check()
    action.get_by_role("button", name="Report progress").click()
    admin.get_by_text("Your progress report is saved.").wait_for()
    _shot(admin, "4-action-done")

    # 6. The coordinator certifies, with a reason and a validity date.
    coordinator.reload()
    assert "Rutinen är skriven" in coordinator.get_by_test_id("action-plan").inner_text()
    coordinator.get_by_label("Certify", exact=True).check()
    coordinator.get_by_label("Reason").fill("Alla krav uppfyllda; åtgärden för krav 20 är genomförd.")
    coordinator.get_by_label("Certified until").fill((date.today() + timedelta(days=730)).isoformat())
    coordinator.get_by_role("button", name="Record the step").click()
    coordinator.wait_for_url(f"**/programme/actors/{SLUG}/")
    assert coordinator.get_by_test_id("certification-status").inner_text() == "Certified"
    assert "Alla krav uppfyllda" in coordinator.get_by_test_id("certification-history").inner_text()
    _shot(coordinator, "5-certified")

    # 7. The first application goes through.
    admin.goto(asgi_server.url(HOST, f"/cases/{code}/"))
    assert admin.get_by_test_id("certification-block").count() == 0
    admin.get_by_role("button", name="Show the recommendation").click()
    admin.get_by_label("The person's informed and explicit consent", exact=False).check()
    admin.get_by_role("button", name="Record", exact=True).click()
    admin.get_by_test_id("lawful-basis").wait_for()
    admin.get_by_role("button", name="Create application").click()
    admin.get_by_role("button", name="Submit the application").click()
    admin.wait_for_url(re.compile(rf"/cases/{code}/$"))
    assert admin.get_by_test_id("application-status").inner_text() == "Submitted"
    _shot(admin, "6-first-application")
    coordinator.goto(asgi_server.url(PUBLIC_HOST, f"/programme/actors/{SLUG}/"))
    assert "waiting for a decision" in coordinator.inner_text("body")
    with django_db_blocker.unblock(), schema_context("public"):
        from tenants.models import Application

        assert Application.objects.filter(actor__slug=SLUG, case_code=code).count() == 1

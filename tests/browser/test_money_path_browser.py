"""In a real browser: a recommendation made outdated by a changed answer can no longer be
applied for (issue 8, item 2), and "Create application" twice gives one application."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import AnswerEvent, Case, CaseApplication, Conversation, Notification, Recommendation
from intake.selectors import case_facts
from intake.services import case_open
from tests.helpers import host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.browser
ACTOR = "lindskyddet"


@pytest.fixture
def answered_case(django_db_blocker, demo_actors, demo_users):
    """A committed case with every answer given (example 01); removed afterwards."""
    actor = demo_actors[ACTOR]

    def make():
        # A thread of its own: case_open broadcasts on commit, which cannot run in the thread
        # where Playwright keeps its event loop.
        from django.db import connection

        with tenant_context(actor):
            made = case_open(user=demo_users[f"{ACTOR}.staff"], initials="B.R.", birth_year=1991, nationality="ER",
                             gender="woman", children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
            answers = intake_flow.fill(script_from_rule_answers(example("01")["answers"]), case_facts(made),
                                       today=date(2025, 3, 1), fallback=assessment_fallback)
            Conversation.objects.filter(case=made).update(answers=answers)
        connection.close()
        return made

    with django_db_blocker.unblock(), ThreadPoolExecutor(1) as pool:
        case = pool.submit(make).result()
    yield case
    with django_db_blocker.unblock(), tenant_context(actor):
        CaseApplication.objects.filter(case=case).delete()
        Recommendation.objects.filter(case=case).delete()
        AnswerEvent.objects.filter(conversation__case=case).delete()
        Notification.objects.filter(case=case).delete()
        Case.objects.filter(pk=case.pk).delete()  # its audit trail stays (append-only)


def test_a_changed_answer_makes_the_recommendation_outdated(asgi_server, page_as, answered_case, django_db_blocker,
                                                           demo_actors):
    host = host_of_actor(ACTOR)
    page = page_as(f"{ACTOR}.staff", host, "sv")
    page.goto(asgi_server.url(host, f"/cases/{answered_case.code}/"))
    page.get_by_role("button", name="Visa rekommendationen").click()
    assert "programmet kan betala" in page.locator("#recommendation").inner_text()
    assert page.get_by_role("button", name="Skapa ansökan").is_visible()

    # Migrationsverket's answer changes from "refused" to "waiting for an answer".
    outcome = "authority.migration_agency.request.relocation.outcome"
    page.goto(asgi_server.url(host, f"/cases/{answered_case.code}/intake/?edit={outcome}"))
    page.locator("form.chat__ask").get_by_role("button", name="Väntar på svar", exact=True).click()
    page.locator(".chat__log").get_by_text("Väntar på svar").first.wait_for()  # saved: the chat shows it
    page.goto(asgi_server.url(host, f"/cases/{answered_case.code}/"))
    assert page.get_by_test_id("recommendation-outdated").is_visible()
    assert page.get_by_text("Inskrivning pågår").first.is_visible()  # the case's status went back too
    assert page.get_by_role("button", name="Skapa ansökan").count() == 0
    page.screenshot(path=str(_artifacts() / "outdated-recommendation-sv.png"), full_page=True)

    # A new recommendation from the answers as they are now: refer first, nothing to apply for.
    page.get_by_role("button", name="Ta fram en ny rekommendation").click()
    assert "hänvisa" in page.locator("#recommendation").inner_text().lower()
    with django_db_blocker.unblock(), tenant_context(demo_actors[ACTOR]):
        assert not CaseApplication.objects.filter(case__code=answered_case.code).exists()


def test_create_application_twice_gives_one_application(asgi_server, page_as, answered_case, django_db_blocker,
                                                         demo_actors):
    host = host_of_actor(ACTOR)
    page = page_as(f"{ACTOR}.staff", host, "en")
    page.goto(asgi_server.url(host, f"/cases/{answered_case.code}/"))
    page.get_by_role("button", name="Show the recommendation").click()
    button = page.get_by_role("button", name="Create application")
    button.dblclick()
    page.wait_for_url("**/applications/*/")
    page.go_back()
    page.reload()
    assert page.get_by_role("button", name="Create application").count() == 0
    assert page.get_by_role("link", name="Application from this recommendation: Draft").is_visible()
    with django_db_blocker.unblock(), tenant_context(demo_actors[ACTOR]):
        assert CaseApplication.objects.filter(case__code=answered_case.code).count() == 1


def _artifacts():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder

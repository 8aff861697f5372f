"""A whole intake in a real browser: staff in Swedish, the person's screen in Arabic on a
second browser, the application submitted, decided by the coordinator, and the decision
arriving on the case while staff look at it."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.models import Case, CaseApplication
from tenants.models import Application
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example, script_for

# No django_db mark: the live server must see what the browser creates; the test removes it.
pytestmark = pytest.mark.browser

ACTOR = "lindskyddet"


def answer_in_the_chat(page, question, raw) -> None:
    """Give one answer the way a staff member would, with the Swedish labels."""
    note = None
    if isinstance(raw, dict) and question.note:
        raw, note = raw["value"], raw["note"]
    form = page.locator("form.chat__ask")
    if note:
        form.get_by_label("Mer information (frivilligt)").fill(note)
    if raw is None:
        form.get_by_role("button", name="Hoppa över").click()
    elif question.kind in ("choice", "yes_no", "yes_no_unknown"):
        label = intake_flow.choice_label(question, raw, "sv")
        form.get_by_role("button", name=label, exact=True).click()
    elif question.kind == "multi_choice":
        for value in raw:
            form.get_by_label(intake_flow.choice_label(question, value, "sv"), exact=True).check()
        form.get_by_role("button", name="Skicka").click()
    elif question.kind == "country_list":
        form.locator("select[name=value]").select_option(list(raw))
        form.get_by_role("button", name="Skicka").click()
    elif question.kind == "days_used":
        for part, value in raw.items():
            form.locator(f"input[name=days_{part}]").fill(str(value))
        form.get_by_role("button", name="Skicka").click()
    else:
        form.locator("[name=value]").fill(str(raw))
        form.get_by_role("button", name="Skicka").click()


def stored_answers(actor, code, django_db_blocker) -> dict:
    """What the server stored (the browser posts checkboxes in page order, not script order)."""
    from intake.models import Conversation

    with django_db_blocker.unblock(), tenant_context(actor):
        return Conversation.objects.get(case__code=code).answers


def test_a_whole_intake_from_first_question_to_the_coordinators_decision(browser, asgi_server, page_as,
                                                                         django_db_blocker, demo_actors):
    actor = demo_actors[ACTOR]
    host = host_of_actor(ACTOR)
    staff = page_as(f"{ACTOR}.staff", host, "sv")
    code = None
    try:
        # Open the case: initials only, an accompanying child, the person reads Arabic.
        staff.goto(asgi_server.url(host, "/cases/"))
        staff.get_by_role("link", name="Öppna ett ärende").click()
        staff.get_by_label("Initialer").fill("H.Z.")
        staff.get_by_label("Födelseår").first.fill("2999")
        staff.get_by_label("Nationalitet").select_option("SY")
        staff.get_by_label("Kön").first.select_option("woman")
        staff.get_by_label("Personens språk").select_option("ar")
        staff.get_by_role("button", name="Öppna ärendet och starta inskrivningen").click()
        # A birth year in the future is refused, in Swedish, and nothing is lost.
        assert staff.locator("#id_birth_year_error").get_by_text("Födelseåret kan inte vara i framtiden").is_visible()
        assert staff.get_by_label("Initialer").input_value() == "H.Z."
        staff.get_by_label("Födelseår").first.fill("1995")
        staff.locator("select[name='children-0-where']").select_option("accompanying")
        staff.locator("input[name='children-0-birth_year']").fill("2024")
        staff.get_by_role("button", name="Öppna ärendet och starta inskrivningen").click()
        staff.wait_for_url(re.compile(r"/cases/[A-Z]+-\d+/intake/$"))
        code = staff.url.rstrip("/").split("/")[-2]

        # The person's screen, on a second browser, in Arabic.
        person = page_as(f"{ACTOR}.admin", host, "ar")
        person.goto(asgi_server.url(host, f"/cases/{code}/intake/person/?lang=ar"))
        screen = person.locator("#person")
        assert screen.get_attribute("dir") == "rtl" and screen.get_attribute("lang") == "ar"
        first_text, used = intake_flow.person_text("complementarity.authorities", "ar")
        assert used == "ar" and person.locator(".person__question").inner_text() == first_text

        # An empty answer gets a clear message, and the question stays.
        staff.locator("form.chat__ask").get_by_role("button", name="Skicka").click()
        assert staff.get_by_role("alert").inner_text() == "Svar krävs."

        # Answer every question the flow asks, as example 01 (2025, asylum seeker, a baby).
        script = script_for(example("01")["answers"])
        facts = {"age_group": "adult", "gender": "woman", "children_accompanying": 1, "children_elsewhere": 0,
                 "initials": "H.Z.", "birth_year": 1995, "nationality": "SY"}
        answers: dict = {}
        revision = 0
        while (question := intake_flow.next_question(answers, facts)) is not None:
            raw = script[question.id] if question.id in script else assessment_fallback(question)
            answer_in_the_chat(staff, question, raw)
            revision += 1
            staff.wait_for_selector(f"#chat[data-revision='{revision}']")
            answers = stored_answers(actor, code, django_db_blocker)
            assert question.id in answers
            if revision == 1:
                # The person's screen follows at once, in Arabic.
                upcoming = intake_flow.next_question(answers, facts)
                person.wait_for_selector(f"#person[data-question='{upcoming.id}']")
                text, used = intake_flow.person_text(upcoming.id, "ar")
                assert used == "ar" and person.locator(".person__question").inner_text() == text
        # A reload resumes exactly where the intake is: at its end.
        staff.reload()
        assert staff.get_by_role("heading", name="Alla frågor är besvarade").is_visible()

        staff.get_by_role("button", name="Visa rekommendationen").click()
        card = staff.locator("#recommendation")
        assert "programmet kan betala" in card.inner_text()
        assert staff.get_by_test_id("recommendation-total").inner_text() == "54\u00a0600\u00a0kr"
        # Nothing leaves the actor without the person's consent (or another lawful basis).
        staff.get_by_label("Personens informerade och uttryckliga samtycke", exact=False).check()
        staff.get_by_role("button", name="Registrera", exact=True).click()
        staff.get_by_test_id("lawful-basis").wait_for()
        staff.get_by_role("button", name="Skapa ansökan").click()
        staff.get_by_role("button", name="Skicka in ansökan").click()
        staff.wait_for_url(re.compile(rf"/cases/{code}/$"))
        assert staff.get_by_test_id("application-status").inner_text() == "Inskickad"

        # The coordinator decides, on the programme's host.
        coordinator = page_as("samordnare", PUBLIC_HOST, "sv")
        coordinator.goto(asgi_server.url(PUBLIC_HOST, "/programme/applications/"))
        coordinator.get_by_role("link", name=code).click()
        coordinator.get_by_label("Beviljad", exact=True).check()
        coordinator.get_by_label("Motivering").fill("Beviljas: Migrationsverket har avslagit omplacering.")
        coordinator.get_by_role("button", name="Registrera beslutet").click()
        assert coordinator.get_by_test_id("programme-status").inner_text() == "Beviljad"

        # The decision arrives on the case page staff still have open (channels), and stays.
        staff.get_by_test_id("decision-motivation").wait_for()
        assert "Migrationsverket har avslagit omplacering" in staff.get_by_test_id("decision-motivation").inner_text()
        assert staff.get_by_test_id("application-status").inner_text() == "Beviljad"
        staff.locator("#live-notifications .notification").first.wait_for()
        assert code in staff.locator("#live-notifications").inner_text()
    finally:
        if code:
            with django_db_blocker.unblock():
                with schema_context("public"):
                    Application.objects.filter(actor=actor, case_code=code).delete()
                with tenant_context(actor):
                    CaseApplication.objects.filter(case__code=code).delete()
                    Case.objects.filter(code=code).delete()

"""Items 12 and 8: errors are seen, and nothing typed is lost.

After a failed action the keyboard and the eye are taken to an error summary at the top of
what failed (GOV.UK pattern), whose links lead to each field. What was typed stays in the
form; a save that fails on the network or the server says so and is retried until it is
stored, once.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.people import (
    ACTIVE,
    HOST,
    case_cleanup,
    complete_answers,
    open_case,
    screenshot,
    set_answers,
    stored,
)

pytestmark = pytest.mark.browser

# Its top is on screen (a long list may run below the fold).
IN_VIEW = "e => { const r = e.getBoundingClientRect(); return (r.top >= -1 && r.top < window.innerHeight / 2) || [r.top, window.innerHeight, window.scrollY]; }"


def focus_on_summary(page) -> None:
    """The error summary takes the keyboard (once the page's script or htmx's swap has run)."""
    page.wait_for_function("() => document.activeElement && document.activeElement.hasAttribute('data-error-summary')",
                           timeout=3000)


def test_a_failed_show_the_recommendation_takes_focus_to_its_message(page_as, asgi_server, demo_actors,
                                                                       django_db_blocker):
    actor = demo_actors["lindskyddet"]
    staff = page_as("lindskyddet.staff", HOST, "sv")
    staff.set_viewport_size({"width": 1200, "height": 700})
    with case_cleanup(actor, django_db_blocker) as codes:
        code = open_case(staff, asgi_server)
        codes.append(code)
        answers = complete_answers()
        set_answers(actor, code, answers, django_db_blocker)
        frames: list = []
        staff.on("websocket", lambda socket: socket.on("framereceived", lambda payload: frames.append(payload)))
        staff.goto(asgi_server.url(HOST, f"/cases/{code}/intake/"))
        # Until this page has heard the intake's state over its socket (the page open_case
        # left may still send its own, older state: that one has an older revision).
        heard = f'"revision": {stored(actor, code, django_db_blocker)["revision"]},'
        for _ in range(100):
            if any('"state"' in str(frame) and heard in str(frame) for frame in frames):
                break
            staff.wait_for_timeout(100)
        assert any('"state"' in str(frame) and heard in str(frame) for frame in frames)
        # Meanwhile the last answer went (another screen changed an earlier answer, say).
        answers.pop(list(answers)[-1])
        set_answers(actor, code, answers, django_db_blocker)
        staff.get_by_role("button", name="Visa rekommendationen").click()
        summary = staff.locator("[data-error-summary]")
        summary.wait_for()
        assert "Svara först på de frågor som är kvar." in summary.inner_text()
        assert "Det finns ett problem" in summary.inner_text()
        focus_on_summary(staff)  # the keyboard is at the message
        assert summary.evaluate(IN_VIEW) is True, summary.evaluate(IN_VIEW)  # and so are the eyes: not 4 000 px below it
        assert staff.evaluate("() => window.scrollY") < 200
        screenshot(staff, "error-recommendation-sv")


def test_the_case_form_lists_its_errors_at_the_top_and_keeps_what_was_typed(page_as, asgi_server):
    staff = page_as("lindskyddet.staff", HOST, "sv")
    staff.set_viewport_size({"width": 1200, "height": 600})
    staff.goto(asgi_server.url(HOST, "/cases/new/"))
    staff.get_by_label("Initialer").fill("A.B.")
    staff.get_by_label("Födelseår").first.fill("2999")
    staff.get_by_role("button", name="Öppna ärendet och starta inskrivningen").click()
    summary = staff.locator("[data-error-summary]")
    summary.wait_for()
    focus_on_summary(staff)
    assert summary.evaluate(IN_VIEW) is True, summary.evaluate(IN_VIEW)
    links = summary.get_by_role("link")
    texts = links.all_inner_texts()
    assert any("Födelseåret kan inte vara i framtiden" in text for text in texts), texts
    assert staff.get_by_label("Initialer").input_value() == "A.B."
    # Each error leads to its field.
    summary.get_by_role("link", name=re.compile("Födelseåret kan inte vara i framtiden")).press("Enter")
    assert staff.evaluate(ACTIVE)["id"] == "id_birth_year"
    # The field says what is wrong, in words linked to it.
    described = staff.locator("#id_birth_year").get_attribute("aria-describedby").split()
    assert "id_birth_year_error" in described
    assert "framtiden" in staff.locator("#id_birth_year_error").inner_text()
    screenshot(staff, "error-case-open-sv")


def test_an_answer_refused_keeps_the_ticked_boxes_and_the_summary_leads_to_them(page_as, asgi_server, demo_actors,
                                                                                 django_db_blocker):
    actor = demo_actors["lindskyddet"]
    staff = page_as("lindskyddet.staff", HOST, "sv")
    with case_cleanup(actor, django_db_blocker) as codes:
        code = open_case(staff, asgi_server)
        codes.append(code)
        # "No authority" with an authority is refused: both boxes stay ticked.
        boxes = staff.locator("form.chat__ask input[type=checkbox]")
        staff.get_by_label("Migrationsverket", exact=True).check()
        boxes.last.check()
        ticked = [box.get_attribute("value") for box in boxes.all() if box.is_checked()]
        assert len(ticked) == 2
        staff.get_by_role("button", name="Skicka").click()
        summary = staff.locator("#q-error")
        summary.wait_for()
        focus_on_summary(staff)
        assert [box.get_attribute("value") for box in boxes.all() if box.is_checked()] == ticked
        summary.get_by_role("link").press("Enter")
        assert staff.evaluate(ACTIVE)["id"] == "q-value-0"
        assert stored(actor, code, django_db_blocker)["answers"] == {}


def test_text_fields_have_their_limit_and_a_counter(page_as, asgi_server, demo_actors, django_db_blocker):
    actor = demo_actors["lindskyddet"]
    staff = page_as("lindskyddet.staff", HOST, "sv")
    with case_cleanup(actor, django_db_blocker) as codes:
        code = open_case(staff, asgi_server)
        codes.append(code)
        answers = complete_answers()
        with_note = next(qid for qid in answers if qid.startswith("initial_assessment."))
        keep = list(answers)[: list(answers).index(with_note)]
        set_answers(actor, code, {qid: answers[qid] for qid in keep}, django_db_blocker)
        staff.goto(asgi_server.url(HOST, f"/cases/{code}/intake/"))
        note = staff.locator("#q-note")
        assert note.get_attribute("maxlength") == "4000"
        counter = staff.locator("#q-note-count")
        assert counter.inner_text() == "0 / 4000"
        note.fill("Berättar om hot mot familjen.")
        assert counter.inner_text() == f"{len('Berättar om hot mot familjen.')} / 4000"
        # More than the limit cannot be typed, so nothing is wiped by the server.
        note.fill("x" * 5000)
        assert len(note.input_value()) == 4000 and counter.inner_text() == "4000 / 4000"


@pytest.mark.parametrize("failure", ["network", "server"])
def test_a_failed_save_says_so_keeps_the_answer_and_retries_until_stored_once(page_as, asgi_server, demo_actors,
                                                                              django_db_blocker, failure):
    actor = demo_actors["lindskyddet"]
    staff = page_as("lindskyddet.staff", HOST, "sv")
    with case_cleanup(actor, django_db_blocker) as codes:
        code = open_case(staff, asgi_server)
        codes.append(code)
        answers = complete_answers()
        text_question = "authority.migration_agency.request.relocation.reason"
        keep = list(answers)[: list(answers).index(text_question)]
        set_answers(actor, code, {qid: answers[qid] for qid in keep}, django_db_blocker)
        staff.goto(asgi_server.url(HOST, f"/cases/{code}/intake/"))
        revision = stored(actor, code, django_db_blocker)["revision"]

        attempts = {"count": 0}

        def flaky(route):
            attempts["count"] += 1
            if attempts["count"] <= 2:
                if failure == "network":
                    route.abort("internetdisconnected")
                else:
                    route.fulfill(status=502, body="Bad gateway")
            else:
                route.continue_()

        staff.route(re.compile(r".*/intake/answer/$"), flaky)
        staff.locator("#q-value").fill("Inget beslut på två månader")
        staff.get_by_role("button", name="Skicka").click()
        status = staff.locator("#chat-save-status")
        staff.wait_for_function("() => document.getElementById('chat-save-status').textContent.includes('försöker igen')")
        assert status.get_attribute("role") == "status"
        assert status.inner_text() == "Inte sparat – försöker igen"
        assert staff.locator("#q-value").input_value() == "Inget beslut på två månader"
        screenshot(staff, "retrying-sv")
        # The retries go on by themselves until the answer is stored.
        staff.wait_for_function("() => document.getElementById('chat-save-status').textContent === 'Sparat.'",
                                timeout=15_000)
        after = stored(actor, code, django_db_blocker)
        assert after["answers"][text_question] == "Inget beslut på två månader"
        assert after["revision"] == revision + 1  # stored once
        assert attempts["count"] == 3
        # Every attempt carried the revision the page showed.
        assert staff.locator("#chat").get_attribute("data-revision") == str(revision + 1)

"""Item 13: a whole intake with the keyboard only, as a staff member who does not use a mouse.

Each question takes the keyboard at its first input (the note, when it has one), so the
Tab key is pressed only to move between the answer's own controls, never through the
header, the transcript's "Ändra" links or the page around it. The count of Tab presses is
printed (it was 814 before this was fixed). The progress shows "Fråga N" and a range left,
and its bar never moves backwards; the application date starts at today.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from intake import flow as intake_flow
from tests.browser.people import (
    ACTIVE, FACTS, HOST, case_cleanup, open_case, raw_for, screenshot, script, wait_for_settled_focus,
)

pytestmark = pytest.mark.browser

QUICK = ("choice", "yes_no", "yes_no_unknown")
# The page, the header and 41 questions: a keyboard user should need far fewer than this.
TAB_BUDGET = 150


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.tabs = 0

    def active(self) -> dict:
        return self.page.evaluate(ACTIVE)

    def tab_until(self, wanted, what: str, limit: int = 25) -> None:
        for _ in range(limit):
            if wanted(self.active()):
                return
            self.page.keyboard.press("Tab")
            self.tabs += 1
        raise AssertionError(f"{what}: not reached in {limit} Tab presses; the keyboard is at {self.active()}")

    def replace_text(self, text: str) -> None:
        self.page.keyboard.press("Control+A")
        if text:
            self.page.keyboard.type(text)
        else:
            self.page.keyboard.press("Delete")


def answer_by_keyboard(keys: Keyboard, question, raw) -> None:
    page = keys.page
    note = None
    if isinstance(raw, dict) and question.note:
        raw, note = raw["value"], raw["note"]
    start = keys.active()
    if question.note:
        assert start["id"] == "q-note", (question.id, start)  # the first input has the keyboard
        if note:
            page.keyboard.type(note)
    else:
        assert start["tag"] in ("INPUT", "BUTTON", "SELECT", "TEXTAREA"), (question.id, start)
    send = lambda a: a["tag"] == "BUTTON" and a["text"] == "Skicka"  # noqa: E731
    if raw is None:
        keys.tab_until(lambda a: a["name"] == "skip", f"{question.id}: Hoppa över")
        page.keyboard.press("Enter")
    elif question.kind in QUICK:
        keys.tab_until(lambda a: a["tag"] == "BUTTON" and a["name"] == "value" and a["value"] == raw,
                       f"{question.id}: {raw}")
        page.keyboard.press("Enter")
    elif question.kind == "multi_choice":
        for index, choice in enumerate(question.choices):
            keys.tab_until(lambda a, i=index: a["id"] == f"q-value-{i}", f"{question.id}: {choice.value}")
            if choice.value in raw:
                page.keyboard.press("Space")
        keys.tab_until(send, f"{question.id}: Skicka")
        page.keyboard.press("Enter")
    elif question.kind == "country_list":
        for code in raw:
            page.keyboard.type(intake_flow.choice_label(question, code, "sv"))
        keys.tab_until(send, f"{question.id}: Skicka")
        page.keyboard.press("Enter")
    elif question.kind == "days_used":
        for part, value in raw.items():
            keys.tab_until(lambda a, p=part: a["id"] == f"days-{p}", f"{question.id}: {part}")
            keys.replace_text(str(value))
        page.keyboard.press("Enter")
    elif question.kind == "note":
        keys.replace_text(str(raw))
        keys.tab_until(send, f"{question.id}: Skicka")
        page.keyboard.press("Enter")
    else:  # text, integer, date: Enter sends
        keys.replace_text(str(raw))
        page.keyboard.press("Enter")


def progress_of(page) -> dict:
    return page.evaluate("""() => { const bar = document.querySelector('#chat progress');
      return {value: Number(bar.value), max: Number(bar.max),
              text: document.getElementById('intake-progress-label').textContent.replace(/\\s+/g, ' ').trim()}; }""")


def test_a_whole_intake_by_keyboard_alone(page_as, asgi_server, demo_actors, django_db_blocker):
    actor = demo_actors["lindskyddet"]
    staff = page_as("lindskyddet.staff", HOST, "sv")
    staff.set_viewport_size({"width": 1200, "height": 800})
    with case_cleanup(actor, django_db_blocker) as codes:
        code = open_case(staff, asgi_server)
        codes.append(code)
        keys = Keyboard(staff)
        answers_script = script()
        answers: dict = {}
        number, last = 0, progress_of(staff)
        while (question := intake_flow.next_question(answers, FACTS)) is not None:
            number += 1
            shown = progress_of(staff)
            assert shown["text"].startswith(f"Fråga {number} ·"), shown
            assert re.search(r"(ungefär \d+–\d+|\d+ (fråga|frågor)) kvar$", shown["text"]), shown
            # The bar never moves backwards.
            assert shown["value"] * last["max"] >= last["value"] * shown["max"], (last, shown)
            last = shown
            if question.id == "application_date":
                assert staff.locator("#q-value").input_value() == timezone.localdate().isoformat()
            if question.kind in QUICK and not question.note and number > 1 and "looked" not in locals():
                looked = True
                # The autofocused first reply has a focus ring but looks like the others, not chosen.
                first, second = staff.locator(".quick-reply").nth(0), staff.locator(".quick-reply").nth(1)
                assert keys.active()["id"] == "q-reply-0"
                style = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color, getComputedStyle(e).outlineStyle]"
                focused, plain = first.evaluate(style), second.evaluate(style)
                assert focused[:2] == plain[:2] and focused[2] != "none" and plain[2] == "none", (focused, plain)
            raw = raw_for(question, answers_script)
            answer_by_keyboard(keys, question, raw)
            staff.wait_for_selector(f"#chat[data-revision='{number}']")
            # The new question takes the keyboard (htmx settles the swap a moment later).
            wait_for_settled_focus(staff)
            answers[question.id] = intake_flow.validate_answer(question, raw, "sv", today=timezone.localdate())
        print(f"\nKeyboard-only intake: {number} questions, {keys.tabs} Tab presses (was 814).")
        assert keys.tabs < TAB_BUDGET
        # The end: the recommendation button has the keyboard.
        assert keys.active()["text"] == "Visa rekommendationen"
        screenshot(staff, "chat-end-sv")
        staff.keyboard.press("Enter")
        staff.wait_for_url(re.compile(rf"/cases/{code}/#recommendation$"))


def test_the_current_answer_looks_chosen_and_focus_only_rings(page_as, asgi_server, demo_actors, django_db_blocker):
    actor = demo_actors["lindskyddet"]
    staff = page_as("lindskyddet.staff", HOST, "sv")
    with case_cleanup(actor, django_db_blocker) as codes:
        code = open_case(staff, asgi_server)
        codes.append(code)
        # Answer the first three questions, then change the third (a quick reply).
        staff.get_by_label("Migrationsverket", exact=True).check()
        staff.get_by_role("button", name="Skicka").click()
        staff.wait_for_selector("#chat[data-revision='1']")
        staff.get_by_label("Skyddat boende", exact=True).check()  # what Migrationsverket was asked for
        staff.get_by_role("button", name="Skicka").click()
        staff.wait_for_selector("#chat[data-revision='2']")
        staff.locator("#q-reply-0").wait_for()
        chosen = staff.locator("#q-reply-2").inner_text()
        staff.locator("#q-reply-2").click()
        staff.wait_for_selector("#chat[data-revision='3']")
        staff.locator(".bubble__edit").nth(2).click()
        current = staff.locator(".quick-reply--current")
        current.wait_for()
        assert current.inner_text().strip() == chosen and current.get_attribute("id") == "q-reply-2"
        wait_for_settled_focus(staff)
        assert staff.evaluate(ACTIVE)["id"] == "q-reply-0"
        style = "e => getComputedStyle(e).backgroundColor"
        assert current.evaluate(style) != staff.locator("#q-reply-0").evaluate(style)
        assert staff.locator("#q-reply-0").evaluate(style) == staff.locator("#q-reply-1").evaluate(style)
        # The page's first Tab stop leads straight to the current question.
        staff.reload()
        first_stop = staff.locator("a[href], button, input:not([type=hidden]), select, textarea").first
        assert first_stop.inner_text() == "Hoppa till den aktuella frågan"
        first_stop.focus()
        staff.keyboard.press("Enter")
        assert staff.evaluate(ACTIVE)["id"] == "q-reply-0"

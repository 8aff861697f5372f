"""Shared steps of the browser tests of the intake as people use it (keyboard, errors,
the person's screen, nothing typed lost)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from tests.helpers import host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example, script_for

ACTOR = "lindskyddet"
HOST = host_of_actor(ACTOR)
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".nsp-data" / "screenshots"
FACTS = {"age_group": "adult", "gender": "woman", "children_accompanying": 0, "children_elsewhere": 0,
         "initials": "K.B.", "birth_year": 1990, "nationality": "RO"}

# The element that has the keyboard, in a few words.
ACTIVE = """() => { const e = document.activeElement; return {
  id: e.id, tag: e.tagName, name: e.getAttribute('name') || '', value: e.value === undefined ? '' : String(e.value),
  text: (e.textContent || '').trim().slice(0, 80), summary: e.hasAttribute('data-error-summary') }; }"""

# htmx first puts focus back on an element with the focused one's id (the old question's
# second reply, say), and the portal moves it to the new question's autofocus only after
# the swap settles: wait for that, not for "anything but <body>".
SETTLED_FOCUS = """() => { const wanted = document.querySelector('#chat [autofocus]');
  const e = document.activeElement;
  return wanted ? e === wanted : (e && e !== document.body); }"""


def wait_for_settled_focus(page, timeout: int = 3000) -> None:
    page.wait_for_function(SETTLED_FOCUS, timeout=timeout)


def open_case(page, server, *, language: str = "ro") -> str:
    """Open a case through the form, as staff do; returns its code (the chat is showing)."""
    page.goto(server.url(HOST, "/cases/new/"))
    page.get_by_label("Initialer").fill(FACTS["initials"])
    page.get_by_label("Födelseår").first.fill(str(FACTS["birth_year"]))
    page.get_by_label("Nationalitet").select_option(FACTS["nationality"])
    page.get_by_label("Kön").first.select_option(FACTS["gender"])
    page.get_by_label("Personens språk").select_option(language)
    page.get_by_role("button", name="Öppna ärendet och starta inskrivningen").click()
    page.wait_for_url(re.compile(r"/cases/[A-Z]+-\d+/intake/$"))
    return page.url.rstrip("/").split("/")[-2]


def script() -> dict:
    """Example 01 of the domain (asylum seeker, 2025), and "no" to the assessment."""
    return script_for(example("01")["answers"])


def raw_for(question, answers_script: dict):
    return answers_script[question.id] if question.id in answers_script else assessment_fallback(question)


def complete_answers(facts: dict = FACTS) -> dict:
    """The stored answers of a whole intake by the script (for tests that start at its end)."""
    answers_script = script()
    return intake_flow.fill(answers_script, facts, today=date(2025, 6, 1),
                            fallback=assessment_fallback)


@contextmanager
def case_cleanup(actor, django_db_blocker):
    """Removes the cases a test opened (the live server commits them)."""
    codes: list[str] = []
    try:
        yield codes
    finally:
        from django.db import IntegrityError, transaction

        from intake.models import Case

        # The live server may still be writing an audit row for a page that is closing.
        with django_db_blocker.unblock(), tenant_context(actor):
            for attempt in range(5):
                try:
                    with transaction.atomic():
                        Case.objects.filter(code__in=codes).delete()
                    break
                except IntegrityError:
                    if attempt == 4:
                        raise


def set_answers(actor, code: str, answers: dict, django_db_blocker) -> None:
    from django.db.models import F

    from intake.models import Conversation

    with django_db_blocker.unblock(), tenant_context(actor):
        Conversation.objects.filter(case__code=code).update(answers=answers, revision=F("revision") + 1)


def stored(actor, code: str, django_db_blocker):
    from intake.models import Conversation

    with django_db_blocker.unblock(), tenant_context(actor):
        return Conversation.objects.values("answers", "revision").get(case__code=code)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

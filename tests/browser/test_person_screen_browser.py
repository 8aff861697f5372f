"""Item 11: the person's screen belongs to the person.

No navigation, no links, no user name, no log-out, no controls: the current question and
its choices in the person's language, how far the intake has come, and the programme's
contact line. It follows the intake live. Screenshots in Swedish, English and Arabic.
"""

from __future__ import annotations

import pytest

from intake import flow as intake_flow
from tests.browser.people import FACTS, HOST, case_cleanup, open_case, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_the_persons_screen_shows_only_the_question_progress_and_contact(page_as, asgi_server, demo_actors,
                                                                          django_db_blocker, lang):
    actor = demo_actors["lindskyddet"]
    staff = page_as("lindskyddet.staff", HOST, "sv")
    with case_cleanup(actor, django_db_blocker) as codes:
        code = open_case(staff, asgi_server, language=lang)
        codes.append(code)
        # Staff open it from the chat, in the language chosen for the person.
        assert staff.get_by_label("Språk på personens skärm").input_value() == lang
        with staff.expect_popup() as popup:
            staff.get_by_role("button", name="Öppna personens skärm").click()
        person = popup.value
        person.set_viewport_size({"width": 1000, "height": 700})
        screen = person.locator("#person")
        screen.wait_for()
        assert person.locator("html").get_attribute("lang") == lang
        assert person.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")

        # Nothing leads anywhere: no links, no forms, no buttons, no navigation, no header.
        assert person.locator("a").count() == 0
        assert person.locator("form, button, input, select, nav, header, footer").count() == 0
        body = person.locator("body").inner_text()
        for staff_word in ("Ärenden", "Logga ut", "lindskyddet.staff", "K.B.", "Lindskyddet"):
            assert staff_word not in body

        # The question and its choices, in the person's language.
        first = intake_flow.next_question({}, FACTS)
        text, used = intake_flow.person_text(first.id, lang)
        assert used == lang and person.locator(".person__question").inner_text() == text
        choices = person.locator(".person__choices li").all_inner_texts()
        assert choices[0] == intake_flow.person_text(f"{first.id}:{first.choices[0].value}", lang)[0]
        # Where the intake is, and the contact line, in the person's language.
        number = intake_flow.screen_text("question", lang, number=1)[0]
        assert person.locator(".person__number").inner_text() == number
        assert "112" in person.locator(".person__contact").inner_text()
        assert person.locator(".person__contact").inner_text() == intake_flow.screen_text("contact", lang)[0]
        screenshot(person, f"person-screen-{lang}")

        # Live: staff answer, and the screen moves on by itself to question 2.
        staff.get_by_label("Migrationsverket", exact=True).check()
        staff.get_by_role("button", name="Skicka").click()
        second = intake_flow.next_question({first.id: ["migration_agency"]}, FACTS)
        person.wait_for_selector(f"#person[data-question='{second.id}']")
        assert person.locator(".person__question").inner_text() == intake_flow.person_text(second.id, lang)[0]
        assert person.locator(".person__number").inner_text() == intake_flow.screen_text("question", lang, number=2)[0]
        assert person.locator("a, form, button, nav").count() == 0
        screenshot(person, f"person-screen-{lang}-2")

"""Issue 10: an in-depth assessment filled with the keyboard across a reload, signed,
printed to PDF by chromium, and the PDF's text checked.

The keyboard path is the one a staff member without a mouse takes: "Signera" first,
the error summary (focused on arrival) lists the required fields, Tab and Enter on each
link put the keyboard in that field, typing saves it (htmx, no save button), a reload in
between loses nothing, and "Signera" again signs the document.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.browser.people import HOST, case_cleanup, open_case, screenshot

pytestmark = pytest.mark.browser

REQUIRED_TEXT = {
    "fb-case-description": "Kom via en bekant 2024, arbetade utan lön.",
    "fb-summary-exposure": "Hot och kontroll under två år.",
    "fb-summary-vulnerability": "Saknar nätverk i Sverige.",
    "fb-summary-assessment": "Behöver skyddat boende och stöd.",
    "fb-summary-needs_plan": "Boende, läkare, jurist.",
}


def _saved(page, slug: str) -> None:
    page.wait_for_function(
        "(id) => { const s = document.getElementById(id); return s && s.classList.contains('save-status--saved'); }",
        arg=f"s-{slug}", timeout=10_000)


def test_fill_across_a_reload_sign_and_print_by_keyboard(page_as, asgi_server, demo_actors, django_db_blocker):
    with case_cleanup(demo_actors["lindskyddet"], django_db_blocker) as codes:
        _fill_sign_print(page_as, asgi_server, codes)


def _fill_sign_print(page_as, asgi_server, codes):
    page = page_as("lindskyddet.staff", HOST)
    code = open_case(page, asgi_server)
    codes.append(code)
    page.goto(asgi_server.url(HOST, f"/cases/{code}/"))
    start = page.locator("[data-testid=documents-due] tr", has_text="Fördjupad bedömning").get_by_role(
        "button", name="Starta")
    start.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/documents/.+/\d+/$"))
    document_url = page.url

    # A health answer by keyboard: "not assessed" (data minimisation), saved as it is chosen.
    page.focus("#i-fb-physical-epilepsy-0")
    page.keyboard.press("ArrowRight")  # Nej
    page.keyboard.press("ArrowRight")  # Inte bedömt
    _saved(page, "fb-physical-epilepsy")

    # Sign too early: the summary lists what is required, focused.
    page.focus("[data-testid=sign]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#document-errors")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'document-errors'")
    screenshot(page, "documents-required")
    links = page.locator("#document-errors a")
    assert links.count() == len(REQUIRED_TEXT)

    for number, (slug, text) in enumerate(REQUIRED_TEXT.items()):
        link = page.locator(f'#document-errors a[href="#i-{slug}"]')
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("(id) => document.activeElement && document.activeElement.id === id", arg=f"i-{slug}")
        page.keyboard.type(text)
        _saved(page, slug)
        if number == 1:
            # A reload half-way loses nothing that was typed.
            page.goto(document_url)
            assert page.locator("#i-fb-case-description").input_value() == REQUIRED_TEXT["fb-case-description"]
            assert page.locator("#i-fb-physical-epilepsy-2").is_checked()
            page.focus("[data-testid=sign]")
            page.keyboard.press("Enter")
            page.wait_for_selector("#document-errors")

    page.focus("[data-testid=sign]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=signed]")
    assert page.locator("[data-testid=document-status]").inner_text().strip() == "Signerad"
    screenshot(page, "documents-signed")

    printed = page.context.new_page()
    printed.goto(document_url + "print/")
    printed.emulate_media(media="print")
    screenshot(printed, "documents-print")
    pdf = printed.pdf(format="A4", print_background=True)
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "NSP/FB/Dok.02" in flat and code in flat
    assert "Hot och kontroll under två år." in flat
    assert "signerad av" in flat.lower()
    assert "Meny" not in flat and "Logga ut" not in flat  # no navigation on paper

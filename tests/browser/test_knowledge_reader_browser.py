"""The knowledge base as a reader and the coordinator meet it, in chromium.

Arabic throughout and right to left; a search without accents finds the accented word;
the 404 page leads home; the referral check's empty submit is one page with an error
summary that takes focus; the editor neither quick-exits nor loses unsaved text; and
axe-core (tests/browser/vendor/) finds no serious or critical problem on these pages,
label-content-name-mismatch included.

No django_db mark: these tests only read what the demo loaded, through the live server.
Screenshots go to .nsp-data/screenshots/ for people to look at; nothing asserts on them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge import texts
from tests.browser.test_axe_browser import AXE, DANGLING
from tests.browser.test_knowledge_browser import console_errors, intercept_exit
from tests.helpers import PUBLIC_HOST

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / ".nsp-data" / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_knowledge_base_in_arabic_speaks_arabic_right_to_left(page_as, asgi_server):
    page = page_as(None, PUBLIC_HOST, "sv")  # a Swedish browser: the choice of Arabic wins
    intercept_exit(page)
    errors = console_errors(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/ar/"))
    ar = lambda key, **values: texts.text("ar", key, **values)  # noqa: E731
    assert page.locator("h1").inner_text() == ar("kb_title")
    assert page.locator("label[for=kb-q]").inner_text() == ar("search_label", language="العربية")
    assert page.locator(".kb-search button").inner_text() == ar("search_button")
    assert page.title() == f"{ar('kb_title')} · NSP"
    for selector in ("html", "header.site-header", "footer.site-footer", "main h1"):
        assert page.locator(selector).first.evaluate("el => getComputedStyle(el).direction") == "rtl", selector
    assert page.locator("a[data-quick-exit]").inner_text() == ar("quick_exit")
    assert page.locator(".site-nav").get_by_text(ar("nav_knowledge_base")).is_visible()
    assert ar("interface_machine") in page.locator("footer").inner_text()
    shot(page, "kb-ar-index")
    # A notice in Arabic: the glossary exists in Swedish and English only.
    page.locator(f"a:text-is('{ar('glossary')}')").first.click()
    page.wait_for_url("**/kb/ar/glossary/")
    assert page.locator("h1").inner_text() == ar("glossary")
    notice = page.locator(".kb-notice p")
    assert notice.inner_text() == ar("not_available", language="العربية", fallback="English")
    assert notice.evaluate("el => getComputedStyle(el).direction") == "rtl"
    shot(page, "kb-ar-glossary")
    # The header's language switch shows the same page in another language.
    page.locator("#kb-language").select_option("en")
    page.wait_for_url("**/kb/en/glossary/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert errors == []


def test_a_search_without_accents_finds_the_accented_word(page_as, asgi_server):
    page = page_as(None, PUBLIC_HOST, "sv")
    intercept_exit(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/sv/"))
    page.locator("#kb-q").fill("betanketid")
    page.locator("#kb-q").press("Enter")
    page.wait_for_url(re.compile(r".*/kb/sv/search/\?q=betanketid$"))
    assert page.locator(".kb-hit a[href='/kb/sv/reflection-period/']").is_visible()
    marks = {text.lower() for text in page.locator(".kb-hit mark").all_inner_texts()}
    assert any(mark.startswith("betänketid") for mark in marks), marks
    shot(page, "kb-sv-search-accents")


@pytest.mark.parametrize("path", ["/kb/en/no-such-article/", "/no/such/page/"])
def test_the_404_page_in_english_leads_home(page_as, asgi_server, path):
    page = page_as(None, PUBLIC_HOST, "en")
    intercept_exit(page)
    errors = console_errors(page)
    response = page.goto(asgi_server.url(PUBLIC_HOST, path))
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("header.site-header").count() == 1  # the portal's frame, styled
    assert page.locator("header.site-header").evaluate("el => getComputedStyle(el).display") != "inline"
    shot(page, "404-en" + path.replace("/", "-").rstrip("-"))
    page.get_by_role("link", name="Go to the start page").click()
    page.wait_for_url(asgi_server.url(PUBLIC_HOST, "/"))
    assert page.locator("h1").count() == 1
    assert [error for error in errors if "404" not in error] == []


def test_the_referral_checks_empty_submit_shows_one_page_and_an_error_summary(page_as, asgi_server):
    page = page_as(None, PUBLIC_HOST, "en")
    intercept_exit(page)
    errors = console_errors(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/referral/"))
    assert page.locator("input:checked").count() == 0  # nothing chosen for the social worker
    page.locator(".kb-referral__form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert page.locator("header.site-header").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("form.kb-referral__form").count() == 1
    page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    assert summary.locator("h2").inner_text() == "There is a problem"
    assert summary.locator("a").count() == 5
    shot(page, "referral-empty-submit-en")
    # Each message leads to its question's first input.
    summary.locator("a").first.click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_residence_status_0'")
    # Answering and sending again gives the answer, still one page.
    page.locator("input[name=residence_status][value=eu_citizen]").check()
    page.locator("input[name=detained_or_facing_removal]").check()
    page.locator("input[name=police_report][value=none]").check()
    page.locator("input[name=person][value=adult]").check()
    page.locator("input[name=need][value=shelter]").check()
    page.locator("select[name=social_services]").select_option("refused")
    page.locator(".kb-referral__form button[type=submit]").click()
    page.locator("#referral-result[data-outcome]").wait_for()
    assert page.locator("[data-error-summary]").count() == 0
    assert page.locator("[data-refer='social_services:reflection_permit']").is_visible()
    assert page.locator("header.site-header").count() == 1
    shot(page, "referral-eu-citizen-detained-en")
    assert errors == []


def test_the_editor_keeps_unsaved_text(page_as, asgi_server):
    page = page_as("samordnare", PUBLIC_HOST, "en")
    intercept_exit(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/edit/return/sv/"))
    assert page.locator("a[data-quick-exit]").count() == 0  # quick exit is for public pages
    body = page.locator("#id_body")
    assert body.get_attribute("maxlength") == "100000"
    body.press("End")
    body.type(" Ett osparat tillägg.")
    # portal.js counts characters against the limit, as on every form.
    assert page.locator("#id_body-count").inner_text().endswith(" / 100000")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.endswith("/kb/edit/return/sv/")
    assert "Ett osparat tillägg." in body.input_value()
    # Leaving with unsaved text asks first; dismissing keeps the editor and the text.
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator(".site-nav a[href='/kb/edit/']").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/kb/edit/return/sv/")
    assert "Ett osparat tillägg." in body.input_value()
    shot(page, "editor-unsaved-en")


def test_an_unchanged_editor_leaves_without_asking(page_as, asgi_server):
    page = page_as("samordnare", PUBLIC_HOST, "en")
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/edit/return/en/"))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator(".site-nav a[href='/kb/edit/']").click()
    page.wait_for_url("**/kb/edit/")
    assert dialogs == []


AXE_PAGES = [
    (None, "/kb/ar/"), (None, "/kb/en/rights-presumed-victim/"), (None, "/kb/ar/children/"),
    (None, "/kb/sv/search/?q=barn"), (None, "/kb/ar/glossary/"), (None, "/kb/referral/"),
    (None, "/kb/referral/?check=1"),
    (None, "/kb/referral/?residence_status=undocumented&police_report=none&person=adult"
           "&with_children=on&need=shelter&social_services=refused"),
    (None, "/kb/en/no-such-article/"),
    ("samordnare", "/kb/edit/"), ("samordnare", "/kb/edit/return/sv/"),
    ("samordnare", "/kb/edit/return/ar/versions/"),
]


@pytest.mark.parametrize("username, path", AXE_PAGES)
def test_axe_finds_no_serious_problem(browser, asgi_server, session_cookies, username, path):
    from django.conf import settings

    # axe is injected by the test: the page's CSP (rightly) allows no script it did not serve.
    context = browser.new_context(locale="en", bypass_csp=True,
                                  extra_http_headers={"Accept-Language": "en"})
    try:
        if username:
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                  "value": session_cookies[username], "domain": PUBLIC_HOST,
                                  "path": "/", "httpOnly": True, "sameSite": "Lax"}])
        page = context.new_page()
        intercept_exit(page)
        page.goto(asgi_server.url(PUBLIC_HOST, path))
        page.evaluate(AXE)
        found = page.evaluate("""async () => {
            // label-content-name-mismatch is experimental, so off by default: the editor had 112.
            const result = await axe.run(document, {
              resultTypes: ["violations"], rules: {"label-content-name-mismatch": {enabled: true}}});
            return result.violations
              .filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }""")
        dangling = page.evaluate(DANGLING)
    finally:
        context.close()
    assert found == [], f"{path}: {found}"
    assert dangling == [], f"{path}: references to elements that do not exist: {dangling}"

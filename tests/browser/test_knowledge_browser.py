"""The knowledge base in a real browser: Arabic, Swedish search, quick exit, referral.

No django_db mark: these tests only read what the demo loaded, through the live server.
The quick exit's target is intercepted with page.route, so no real network is needed.
"""

from __future__ import annotations

import re

import pytest

from knowledge.templatetags.kb import quick_exit_url
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.browser

EXIT = quick_exit_url()


def console_errors(page) -> list[str]:
    """Errors the page logs, e.g. a Content-Security-Policy refusal of an inline style."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def intercept_exit(page) -> list[str]:
    """Answer the neutral site ourselves; record every request that leaves our server."""
    left: list[str] = []
    page.route(re.compile(r"^https?://(?!localhost|[a-z0-9-]+\.localhost|127\.0\.0\.1).*"),
               lambda route: (left.append(route.request.url), route.fulfill(
                   status=200, content_type="text/html", body="<title>Väder</title><p>Väder</p>")))
    return left


def test_reads_an_article_in_arabic_right_to_left(page_as, asgi_server):
    page = page_as(None, PUBLIC_HOST, "sv")
    left = intercept_exit(page)
    errors = console_errors(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/ar/"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("a[href='/kb/ar/rights-presumed-victim/']").first.click()
    page.wait_for_url("**/kb/ar/rights-presumed-victim/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar" and html.get_attribute("dir") == "rtl"
    title = page.locator("article h1")
    assert re.search(r"[\u0600-\u06FF]", title.inner_text())
    assert title.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # The review status is honest, in Arabic.
    assert "ترجمة بمساعدة الآلة" in page.locator(".kb-status").inner_text()
    # Picker: languages named in themselves.
    assert page.locator(".kb-languages a[lang=sv]").inner_text() == "Svenska"
    assert left == [], f"the page contacted other sites: {left}"
    assert errors == []


def test_searches_in_swedish_and_finds_the_inflected_form(page_as, asgi_server):
    page = page_as(None, PUBLIC_HOST, "sv")
    left = intercept_exit(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/sv/"))
    page.locator("#kb-q").fill("barnen")
    page.locator("#kb-q").press("Enter")
    page.wait_for_url(re.compile(r".*/kb/sv/search/\?q=barnen$"))
    hit = page.locator(".kb-hit a[href='/kb/sv/children/']")
    assert hit.is_visible()
    marks = page.locator(".kb-hit mark")
    assert marks.count() > 0
    assert {text.lower() for text in marks.all_inner_texts()} <= {"barn", "barnen", "barns", "barnens"}
    hit.click()
    page.wait_for_url("**/kb/sv/children/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert left == []


def test_quick_exit_leaves_at_once_and_replaces_the_history_entry(page_as, asgi_server):
    page = page_as(None, PUBLIC_HOST, "sv")
    left = intercept_exit(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/sv/"))
    page.locator("a[href='/kb/sv/children/']").first.click()
    page.wait_for_url("**/kb/sv/children/")
    length_before = page.evaluate("history.length")
    assert page.locator("a[data-quick-exit]").is_visible()
    page.locator("a[data-quick-exit]").click()
    page.wait_for_url(EXIT + "**")
    assert page.evaluate("history.length") == length_before
    assert left == [EXIT]
    # Back leads to the page before the article: the article is gone from the history.
    page.go_back()
    page.wait_for_url("**/kb/sv/")


def test_escape_twice_is_a_quick_exit_too(page_as, asgi_server):
    page = page_as(None, host_of_actor("lindskyddet"), "en")
    intercept_exit(page)
    page.goto(asgi_server.url(host_of_actor("lindskyddet"), "/kb/ar/children/"))
    length_before = page.evaluate("history.length")
    page.keyboard.press("Escape")
    assert "/kb/ar/children/" in page.url  # once is not enough: Escape also closes things
    page.keyboard.press("Escape")
    page.wait_for_url(EXIT + "**")
    assert page.evaluate("history.length") == length_before


def test_quick_exit_is_a_plain_link_without_javascript(browser, asgi_server):
    context = browser.new_context(java_script_enabled=False, locale="sv")
    try:
        page = context.new_page()
        intercept_exit(page)
        page.goto(asgi_server.url(PUBLIC_HOST, "/kb/sv/return/"))
        page.locator("a[data-quick-exit]").click()
        page.wait_for_url(EXIT + "**")
    finally:
        context.close()


def test_readable_on_a_small_phone(browser, asgi_server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="sv",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        intercept_exit(page)
        for path in ("/kb/sv/national-support-programme/", "/kb/ar/rights-presumed-victim/",
                     "/kb/th/children/", "/kb/referral/"):
            page.goto(asgi_server.url(PUBLIC_HOST, path))
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
            box = page.locator("a[data-quick-exit]").bounding_box()
            assert box and box["y"] < 80 and box["height"] >= 40, path
    finally:
        context.close()


def test_referral_check_with_htmx_keeps_the_page(page_as, asgi_server):
    page = page_as(None, PUBLIC_HOST, "en")
    left = intercept_exit(page)
    errors = console_errors(page)
    page.goto(asgi_server.url(PUBLIC_HOST, "/kb/referral/"))
    page.evaluate("window.__stayed = true")
    page.locator("input[name=residence_status][value=undocumented]").check()
    page.locator("input[name=police_report][value=none]").check()
    page.locator("input[name=person][value=adult]").check()
    page.locator("input[name=need][value=shelter]").check()
    page.locator("select[name=social_services]").select_option("refused")
    page.locator(".kb-referral__form button[type=submit]").click()
    result = page.locator("#referral-result[data-outcome]")
    result.wait_for()
    assert result.get_attribute("data-outcome") == "recommend"
    assert page.locator("[data-refer='social_services:reflection_permit']").is_visible()
    assert page.evaluate("window.__stayed === true")  # swapped in, not reloaded
    assert "residence_status=undocumented" in page.url  # the answer is a link to share
    page.wait_for_function("document.activeElement && document.activeElement.id === 'referral-result'")
    assert left == [] and errors == []

"""The public pages: per language, right to left, fallback, rates, quick exit, safety."""

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from intake.rules import explain_ruleset
from knowledge import interventions, languages
from knowledge.article_labels import label
from knowledge.models import Article, ArticleTranslation
from knowledge.templatetags.kb import quick_exit_url
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.knowledge.support import find, html_element, make_article, urls_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous(client_at):
    return client_at(PUBLIC_HOST)


def page(client, url) -> str:
    """The page's HTML with entities decoded, so titles with apostrophes compare as text."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return unescape(response.content.decode())


def test_kb_root_sends_to_the_screen_language(anonymous):
    response = anonymous.get("/kb/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/kb/en/"


@pytest.mark.parametrize("code", languages.CODES)
def test_article_list_per_language(anonymous, code):
    html = page(anonymous, f"/kb/{code}/")
    for article in Article.objects.filter(person_facing=True):
        translation = article.translations.get(language=code)
        assert translation.published_version.title in html
        assert f'href="/kb/{code}/{article.slug}/"' in html
    # The picker names every language in itself and marks it with its own lang.
    for language in languages.all_languages():
        assert find(html, "a", lang=language.code, hreflang=language.code), language.code
        assert f">{language.name}</a>" in html


@pytest.mark.parametrize("code", languages.CODES)
def test_article_page_in_each_language(anonymous, code):
    translation = ArticleTranslation.objects.select_related("published_version").get(
        article__slug="rights-presumed-victim", language=code)
    html = page(anonymous, f"/kb/{code}/rights-presumed-victim/")
    root = html_element(html)
    assert root["lang"] == code
    assert root["dir"] == ("rtl" if code == "ar" else "ltr")
    assert find(html, "article", lang=code, dir=root["dir"])
    assert translation.published_version.title in html
    assert 'id="fallback-notice"' not in html
    # Review status, honestly, in the article's language, with the date as it writes dates.
    published = languages.day(timezone.localtime(translation.published_at).date(), code)
    assert label(code, "published", date=published) in html
    if code in ("sv", "en"):
        assert "Sara Samordnare" in html
        assert find(html, "span", data_review="reviewed")
    else:
        assert label(code, "machine") in html
        assert find(html, "span", data_review="machine")


def test_arabic_pages_are_right_to_left(anonymous):
    for slug in Article.objects.filter(person_facing=True).values_list("slug", flat=True):
        root = html_element(page(anonymous, f"/kb/ar/{slug}/"))
        assert (root["lang"], root["dir"]) == ("ar", "rtl"), slug
    for url in ("/kb/ar/", "/kb/ar/search/?q=طفل"):
        html = page(anonymous, url)
        assert (html_element(html)["lang"], html_element(html)["dir"]) == ("ar", "rtl"), url
    assert find(page(anonymous, "/kb/ar/"), "li", lang="ar", dir="rtl")
    # The frame speaks Arabic too: header and footer are right to left.
    html = page(anonymous, "/kb/ar/")
    assert find(html, "header", lang="ar", dir="rtl") and find(html, "footer", lang="ar", dir="rtl")


def test_missing_translation_falls_back_with_a_notice(anonymous, demo_users):
    make_article("professionals-only", texts={
        "sv": ("Bara för yrkesverksamma", "Sv.", "Svensk text."),
        "en": ("Professionals only", "En.", "English text."),
    }, user=demo_users["samordnare"], person_facing=False)
    html = page(anonymous, "/kb/ar/professionals-only/")
    # The page speaks Arabic; the article in English says so with its own lang and dir.
    assert (html_element(html)["lang"], html_element(html)["dir"]) == ("ar", "rtl")
    assert find(html, "article", lang="en", dir="ltr")
    assert find(html, "div", id="fallback-notice")
    assert label("ar", "not_available", language="العربية", fallback="English") in html
    assert "Professionals only" in html


def test_an_unpublished_translation_falls_back_too(anonymous):
    ArticleTranslation.objects.filter(article__slug="children", language="pl").update(
        published_version=None, published_at=None)
    html = page(anonymous, "/kb/pl/children/")
    assert 'id="fallback-notice"' in html
    assert html_element(html)["lang"] == "pl" and find(html, "article", lang="en")
    listing = page(anonymous, "/kb/pl/")
    english = ArticleTranslation.objects.get(article__slug="children", language="en")
    assert english.published_version.title in listing


def test_swedish_reader_falls_back_to_english_and_back(anonymous, demo_users):
    make_article("only-english", texts={"en": ("Only English", "Summary.", "Body text.")},
                 user=demo_users["samordnare"])
    html = page(anonymous, "/kb/sv/only-english/")
    assert html_element(html)["lang"] == "sv" and find(html, "article", lang="en")
    assert label("sv", "not_available", language="Svenska", fallback="English") in html


def test_unknown_language_or_article_is_404(anonymous):
    assert anonymous.get("/kb/de/").status_code == 404
    assert anonymous.get("/kb/sv/no-such-article/").status_code == 404


@pytest.mark.parametrize("code", ["sv", "en", "ar", "th"])
def test_rates_table_is_generated_from_the_rules_engine(anonymous, code):
    html = page(anonymous, f"/kb/{code}/national-support-programme/")
    assert interventions.MARKER not in html
    ruleset = interventions.current_ruleset()
    assert find(html, "div", data_ruleset=ruleset.version)
    explained = explain_ruleset(ruleset, "sv" if code == "sv" else "en")
    supplements = {item["child_supplement"]["code"] for item in explained["interventions"]
                   if item["child_supplement"]}
    for item in explained["interventions"]:
        if item["code"] in supplements:
            continue
        assert find(html, "tr", data_intervention=item["code"]), item["code"]
        assert item["name"] in html
        if item["rate"] is not None:
            assert languages.money(item["rate"], code) in html
    assert label(code, "table_caption", year=ruleset.year) in html


def test_the_table_follows_the_current_year_with_a_fallback():
    from datetime import date

    years = sorted(interventions.rulesets())
    assert interventions.current_ruleset(date(years[-1], 6, 1)).year == years[-1]
    assert interventions.current_ruleset(date(years[-1] + 3, 6, 1)).year == years[-1]
    assert interventions.current_ruleset(date(years[0] - 1, 6, 1)).year == years[0]
    context = interventions.table_context("sv", date(years[-1] + 1, 1, 2))
    assert str(years[-1] + 1) in context["fallback_note"]


def test_markdown_is_sanitised_and_external_links_become_text(anonymous, demo_users):
    body = (
        "## Rubrik\n\n<script>alert('x')</script>\n\n<img src=\"https://evil.example/x.png\">\n\n"
        "Läs [Migrationsverket](https://www.migrationsverket.se/) eller [barn](kb:children).\n\n"
        "<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">klick</a>\n"
    )
    make_article("unsafe", texts={"sv": ("Osäker", "Test.", body)}, user=demo_users["samordnare"])
    html = page(anonymous, "/kb/sv/unsafe/")
    article_html = html[html.index("<article"):html.index("</article>")]
    assert "<script>alert" not in article_html and "<img" not in article_html
    assert "onclick" not in article_html and "javascript:" not in article_html
    assert "Migrationsverket (https://www.migrationsverket.se/)" in article_html
    assert 'href="/kb/sv/children/"' in article_html


def own_or_exit(url: str, host: str) -> bool:
    if url == quick_exit_url():
        return True
    parts = urlsplit(url)
    if parts.scheme in ("", ) and not parts.netloc:
        return True  # relative: our own origin
    return parts.scheme in ("http", "https") and parts.hostname == host.split(":")[0]


def all_public_urls() -> list[str]:
    urls = ["/", "/kb/referral/", "/kb/referral/?residence_status=undocumented&police_report=none"
            "&person=adult&need=shelter&social_services=not_asked&migration_agency=not_asked&acute=on"]
    for code in languages.CODES:
        urls += [f"/kb/{code}/", f"/kb/{code}/search/?q=barn", f"/kb/{code}/glossary/"]
        urls += [f"/kb/{code}/{slug}/" for slug in Article.objects.values_list("slug", flat=True)]
    return urls


@pytest.mark.parametrize("host", [PUBLIC_HOST, host_of_actor("lindskyddet")])
def test_no_third_party_urls_and_a_quick_exit_on_every_public_page(client_at, host):
    client = client_at(host)
    for url in all_public_urls():
        response = client.get(url)
        if url == "/" and host != PUBLIC_HOST:
            assert response.status_code == 302  # an actor's front page sends to login
            continue
        assert response.status_code == 200, url
        html = response.content.decode()
        strangers = [found for found in urls_in(html) if not own_or_exit(found, host)]
        assert strangers == [], (url, strangers)
        exits = find(html, "a", data_quick_exit=None)
        assert len(exits) == 1 and exits[0]["href"] == quick_exit_url(), url
        assert find(html, "script", src="/static/knowledge/quick_exit.js"), url
        assert "<script>" not in html and " style=" not in html, url  # CSP: nothing inline


def test_glossary_in_swedish_and_fallback_elsewhere(anonymous):
    html = page(anonymous, "/kb/sv/glossary/")
    assert "Kompletteringsprincipen" in html
    html = page(anonymous, "/kb/ar/glossary/")
    assert html_element(html)["lang"] in ("ar", "en")

"""The header's language switch on the knowledge base, and the portal's error pages."""

from __future__ import annotations

from html import unescape

import pytest

from knowledge import texts
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.knowledge.support import find, html_element

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("next_url, lang, expected", [
    ("/kb/sv/children/", "ar", "/kb/ar/children/"),
    ("/kb/ar/", "th", "/kb/th/"),
    ("/kb/sv/search/?q=barn", "en", "/kb/en/search/?q=barn"),
    ("/kb/sv/glossary/", "uk", "/kb/uk/glossary/"),
    ("/kb/sv/no/such/page/", "fr", "/kb/fr/"),
    ("https://evil.example/kb/sv/", "sv", "/kb/sv/"),
    ("//evil.example/kb/sv/", "sv", "/kb/sv/"),
    ("/kb/referral/", "es", "/kb/es/"),
    ("", "ro", "/kb/ro/"),
])
def test_the_switch_shows_the_same_page_in_another_language(client_at, next_url, lang, expected):
    response = client_at(PUBLIC_HOST).get("/kb/language/", {"lang": lang, "next": next_url})
    assert response.status_code == 302 and response["Location"] == expected


@pytest.mark.parametrize("query", [{"lang": "de", "next": "/kb/sv/"}, {"next": "x" * 5000}, {},
                                   {"lang": "sv", "next": "javascript:alert(1)"}])
def test_a_bad_switch_request_goes_to_the_knowledge_base(client_at, query):
    response = client_at(PUBLIC_HOST).get("/kb/language/", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] in ("/kb/", "/kb/sv/")


@pytest.mark.parametrize("query", [{"lang": "ar\x00"}, {"lang": "sv", "next": "/kb/\x00/"}])
def test_a_switch_request_with_nul_is_a_clear_bad_request(client_at, query):
    # portal.middleware.RejectNulCharactersMiddleware answers before any view.
    assert client_at(PUBLIC_HOST).get("/kb/language/", query).status_code == 400


def test_the_switch_lists_the_twelve_languages_on_reader_pages_only(client_at):
    client = client_at(PUBLIC_HOST)
    html = client.get("/kb/ar/children/").content.decode()
    assert len(find(html, "option", lang=None)) == 12
    assert find(html, "form", action="/kb/language/")
    assert find(html, "input", name="next", value="/kb/ar/children/")
    referral = client.get("/kb/referral/").content.decode()
    assert not find(referral, "form", action="/kb/language/")
    assert find(referral, "form", action="/i18n/setlang/")


@pytest.mark.parametrize("host", [PUBLIC_HOST, host_of_actor("lindskyddet")])
def test_404_in_english_is_styled_and_leads_home(client_at, host):
    response = client_at(host).get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert html_element(html)["lang"] == "en"
    assert "<h1>Page not found</h1>" in html
    assert find(html, "link", rel="stylesheet", href="/static/portal/portal.css")
    assert find(html, "a", href="/") and "Go to the start page" in html
    assert find(html, "a", href="/kb/en/")
    assert html.count('<header class="site-header"') == 1


def test_404_in_swedish_by_default(client_at):
    html = unescape(client_at(PUBLIC_HOST).get("/finns-inte/").content.decode())
    assert "<h1>Sidan finns inte</h1>" in html and "Gå till startsidan" in html


@pytest.mark.parametrize("path", ["/kb/ar/no-such-article/", "/kb/ar/no/such/page/"])
def test_404_under_a_knowledge_base_language_speaks_it(client_at, path):
    response = client_at(PUBLIC_HOST).get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert (html_element(html)["lang"], html_element(html)["dir"]) == ("ar", "rtl")
    assert f"<h1>{texts.text('ar', 'not_found_title')}</h1>" in html
    assert find(html, "a", href="/kb/ar/")
    assert f">{texts.text('ar', 'quick_exit')}</a>" in html


def test_403_is_styled_and_offers_another_login(client_at, demo_users):
    response = client_at(PUBLIC_HOST, demo_users["region.syd"]).get(
        "/kb/edit/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    html = unescape(response.content.decode())
    assert "<h1>No access</h1>" in html and find(html, "a", href="/")
    assert find(html, "a", href="/accounts/login/")
    assert 'value="/kb/edit/"' not in html  # the refused address is not echoed


@pytest.mark.parametrize("query", ["\x00", "barn\x00", "%00", "a" * 201, "ü" * 5000])
def test_odd_searches_are_answered_never_a_server_error(client_at, query):
    response = client_at(PUBLIC_HOST).get("/kb/sv/search/", {"q": query})
    if "\x00" in query:
        # The address itself is refused with a clear page (portal.middleware); the search's
        # own form refuses NUL too, should a query reach it another way (test below).
        assert response.status_code == 400
        return
    assert response.status_code == 200
    html = unescape(response.content.decode())
    if len(query) > 200:
        assert texts.text("sv", "search_too_long", max="200") in html
        assert find(html, "p", id="kb-q-error")


def test_accents_do_not_matter_in_search(client_at, demo_users):
    from knowledge import selectors
    from tests.knowledge.support import make_article

    make_article("accent-test", texts={
        "sv": ("Grönsiskan", "Om betänketid.", "Betänketiden är trettio dagar. Läs om skydd."),
        "fr": ("Protégée", "Résumé.", "Une personne protégée a des droits à l’hébergement."),
        "pl": ("Łódź", "Streszczenie.", "Pomoc w mieście Łódź dla osób pokrzywdzonych."),
    }, user=demo_users["samordnare"])
    for lang, query, slug in [("sv", "betanketid gronsiskan", "accent-test"),
                              ("sv", "BETÄNKETIDEN grönsiskan", "accent-test"),
                              ("fr", "protegee hebergement", "accent-test"),
                              ("pl", "lodz pokrzywdzonych", "accent-test")]:
        hits = selectors.search(lang, query)
        assert [hit.translation.article.slug for hit in hits] == [slug], (lang, query)
    # The excerpt shows the text as written, accents and all, with the match marked.
    hit = selectors.search("sv", "betanketiden gronsiskan")[0]
    assert "<mark>Betänketiden</mark>" in hit.headline
    real = {hit.translation.article.slug for hit in selectors.search("sv", "betanketid")}
    assert "reflection-period" in real
    html = unescape(client_at(PUBLIC_HOST).get("/kb/sv/search/", {"q": "betanketid"}).content.decode())
    assert 'href="/kb/sv/reflection-period/"' in html and "<mark>betänketid" in html.lower()


def test_the_search_form_itself_refuses_nul_in_the_readers_language():
    from knowledge.forms import SearchForm

    form = SearchForm({"q": "barn\x00"}, lang="ar")
    assert not form.is_valid()
    assert form.errors["q"] == [texts.text("ar", "search_bad_character")]
    assert SearchForm({"q": "ü" * 201}, lang="sv").errors["q"] == [
        texts.text("sv", "search_too_long", max="200")]

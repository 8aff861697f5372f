"""The reader's texts in twelve languages: complete, honest about review, and used.

Read from knowledge/content/interface/ without the database for the data checks; the
pages are then asked in every language.
"""

from __future__ import annotations

import json
from html import unescape
from string import Formatter

import babel
import pytest

from knowledge import languages, texts
from tests.helpers import PUBLIC_HOST
from tests.knowledge.support import find, html_element

SOURCE = json.loads((texts.TEXTS_DIR / "en.json").read_text(encoding="utf-8"))
KEYS = [key for key in SOURCE if not key.startswith("_")]


def placeholders(value) -> set[str]:
    values = value.values() if isinstance(value, dict) else [value]
    return {name for text in values for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("code", languages.CODES)
def test_every_language_has_every_text_with_the_same_placeholders(code):
    data = json.loads((texts.TEXTS_DIR / f"{code}.json").read_text(encoding="utf-8"))
    assert set(data) - {"_meta"} == set(KEYS), code
    rules = babel.Locale.parse(code)
    categories = {rules.plural_form(n) for n in range(0, 1001)}
    for key in KEYS:
        value = data[key]
        assert value, (code, key)
        if isinstance(SOURCE[key], dict):
            assert isinstance(value, dict) and "other" in value, (code, key)
            assert categories <= set(value), (code, key, categories - set(value))
            # Every form may name the number; none may invent another placeholder.
            assert placeholders(value) <= placeholders(SOURCE[key]) | {"n"}, (code, key)
        else:
            assert isinstance(value, str) and value.strip(), (code, key)
            assert placeholders(value) == placeholders(SOURCE[key]), (code, key)


@pytest.mark.parametrize("code", languages.CODES)
def test_machine_assisted_languages_say_so(code):
    meta = json.loads((texts.TEXTS_DIR / f"{code}.json").read_text(encoding="utf-8"))["_meta"]
    assert meta["language"] == code
    assert meta["reviewed"] is (code in languages.FALLBACKS)
    if code not in languages.FALLBACKS:
        assert meta["translated_from"] == "en"


def test_plural_forms_follow_the_language():
    assert texts.count_text("en", "results_found", 1) == "1 article found"
    assert texts.count_text("en", "results_found", 3) == "3 articles found"
    assert texts.count_text("ru", "results_found", 2).startswith("Найдено 2 статьи")
    assert texts.count_text("ru", "results_found", 5) == "Найдено 5 статей"
    assert texts.count_text("ar", "results_found", 2) == "تم العثور على مقالتين"
    assert texts.count_text("pl", "results_found", 22) == "Znaleziono 22 artykuły"


@pytest.mark.django_db
@pytest.mark.parametrize("code", languages.CODES)
def test_the_reader_pages_speak_the_chosen_language(client_at, code):
    """Title, headings, search label, notices, buttons, header, footer and quick exit."""
    client = client_at(PUBLIC_HOST)
    language = languages.get(code)
    html = unescape(client.get(f"/kb/{code}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode())
    root = html_element(html)
    assert (root["lang"], root["dir"]) == (code, language.dir)
    say = lambda key, **values: texts.text(code, key, **values)  # noqa: E731
    assert f"<title>{say('kb_title')} · NSP</title>" in html
    assert f"<h1>{say('kb_title')}</h1>" in html
    assert f'<label for="kb-q">{say("search_label", language=language.name)}</label>' in html
    assert f">{say('search_button')}</button>" in html
    assert find(html, "header", lang=code, dir=language.dir)
    assert find(html, "footer", lang=code, dir=language.dir)
    assert say("footer_emergency") in html and say("skip_to_content") in html
    assert find(html, "nav", aria_label=say("main_navigation"))
    assert f">{say('quick_exit')}</a>" in html and say("quick_exit_hint") in html
    assert any("quick-exit" in d.get("class", "") for d in find(html, "div", lang=code))
    assert (say("interface_machine") in html) is (code not in languages.FALLBACKS)
    # The categories of the list are in the language too.
    assert f">{say('category_rights')}</h2>" in html
    search = unescape(client.get(f"/kb/{code}/search/", {"q": "zzzqqq"}).content.decode())
    assert texts.count_text(code, "results_found", 0) in search
    assert say("no_results") in search and say("search_words") in search
    article = unescape(client.get(f"/kb/{code}/rights-presumed-victim/").content.decode())
    assert say("read_also") in article and say("sources") in article
    assert find(article, "nav", aria_label=say("you_are_here"))


@pytest.mark.django_db
def test_the_screen_language_still_rules_the_portals_own_pages(client_at):
    html = client_at(PUBLIC_HOST).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html_element(html)["lang"] == "en"
    assert "Skip to content" in html and "In an emergency, call 112." in html

"""What the chat and the person's screen need from the flow and the languages, in templates."""

from __future__ import annotations

from django import template

from intake import flow as intake_flow
from knowledge import languages

register = template.Library()


@register.simple_tag
def person_words(name: str, lang: str, **params) -> dict:
    """One of the person's screen's own words: {"text", "language"} (English if missing)."""
    text, used = intake_flow.screen_text(name, lang, **params)
    return {"text": text, "language": used, "fell_back": used != lang}


@register.simple_tag
def person_languages() -> list:
    """The languages the person's screen can be shown in (knowledge.languages)."""
    return [languages.get(code) for code in languages.CODES]

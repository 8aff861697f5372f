"""Texts for the person's own screen: the current question in the person's language.

person_texts/<lang>.json is one flat object of key → text:
- `<question id>`: the question, addressed to the person ("Have you …");
- `<question id>:<value>`: one answer option;
- per-authority and per-request questions are written once, under the template id with
  its placeholders (`authority.{authority}.asked_for`,
  `authority.{authority}.request.{request}.outcome`); `authority:<code>` holds each
  authority's name and `request:<code>` each request's as it reads inside a sentence;
- `answer:<value>`: the yes / no / don't know / won't answer options that every yes/no
  question shares (a question may override them with `<question id>:<value>`);
- `screen:<name>`: the few words of the screen itself (the question's number, how many
  are left, the programme's contact line), with `{number}`-style placeholders;
- keys starting with `_` are notes for translators.

A text missing in the person's language falls back to English, as a whole: a sentence is
never assembled from two languages.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from .loading import load_questions
from .model import YES_NO_UNKNOWN_VALUES, Question, QuestionBank

PERSON_TEXTS_DIR = Path(__file__).with_name("person_texts")
FALLBACK_LANGUAGE = "en"
SHARED_ANSWER_PREFIX = "answer"
# The screen's own words: key → the placeholders its text must keep.
SCREEN_KEYS = {
    "screen:question": ("number",),
    "screen:left": ("count",),
    "screen:left_range": ("low", "high"),
    "screen:contact": (),
}


@cache
def load_person_texts(lang: str) -> dict[str, str]:
    """The texts of one language (without the translator notes); empty if there is no file."""
    path = PERSON_TEXTS_DIR / f"{lang}.json"
    if not path.is_file():
        return {}
    texts = json.loads(path.read_text(encoding="utf-8"))
    return {key: text for key, text in texts.items() if not key.startswith("_")}


def available_languages() -> list[str]:
    return sorted(path.stem for path in PERSON_TEXTS_DIR.glob("*.json"))


def person_text(key: str, lang: str, *, bank: QuestionBank | None = None) -> tuple[str, str]:
    """(text, language used) for a question id or `<question id>:<value>` key.

    Instance ids work too: `authority.police.request.shelter.outcome` reads the template's
    text with the police's name and the request's put in. Raises KeyError when not even
    English has the text.
    """
    bank = bank or load_questions()
    for candidate in _languages(lang):
        text = _resolve(key, load_person_texts(candidate), bank)
        if text is not None:
            return text, candidate
    raise KeyError(f"no person text for {key!r}")


def screen_text(name: str, lang: str, **params: int | str) -> tuple[str, str]:
    """(text, language used) of one of the screen's own words, placeholders filled in.

    Like the questions, a text missing in the person's language is shown in English as a
    whole sentence.
    """
    key = f"screen:{name}"
    if key not in SCREEN_KEYS:
        raise KeyError(key)
    for candidate in _languages(lang):
        text = load_person_texts(candidate).get(key)
        if text is not None:
            for placeholder in SCREEN_KEYS[key]:
                text = text.replace("{" + placeholder + "}", str(params[placeholder]))
            return text, candidate
    raise KeyError(f"no person text for {key!r}")


def _languages(lang: str) -> list[str]:
    primary = lang.lower().replace("_", "-").split("-")[0]  # "pt-BR" → "pt"
    return [primary] if primary == FALLBACK_LANGUAGE else [primary, FALLBACK_LANGUAGE]


def _resolve(key: str, texts: Mapping[str, str], bank: QuestionBank) -> str | None:
    if key in texts:
        return texts[key]
    question_id, _, value = key.partition(":")
    try:
        question = bank.get(question_id)
    except KeyError:
        return None
    if question.template_id is None:
        return _question_or_option(texts, question, value)
    text = _question_or_option(texts, bank.get(question.template_id), value)
    for name, code in question.bindings:
        filler = texts.get(f"{name}:{code}")
        if text is None or filler is None:
            return None  # never half in one language: the caller falls back as a whole
        text = text.replace("{" + name + "}", filler)
    return text


def _question_or_option(texts: Mapping[str, str], question: Question, value: str) -> str | None:
    if not value:
        return texts.get(question.id)
    text = texts.get(f"{question.id}:{value}")
    if (
        text is None
        and question.kind in ("yes_no", "yes_no_unknown")
        and value in question.allowed_values
    ):
        text = texts.get(f"{SHARED_ANSWER_PREFIX}:{value}")
    return text


def person_text_keys(bank: QuestionBank | None = None) -> set[str]:
    """Every key a complete person_texts file has."""
    bank = bank or load_questions()
    keys = {f"{SHARED_ANSWER_PREFIX}:{value}" for value in YES_NO_UNKNOWN_VALUES}
    keys.update(SCREEN_KEYS)
    for question in bank:
        keys.add(question.id)
        keys.update(f"{question.id}:{choice.value}" for choice in question.choices)
    for block in bank.blocks():
        keys.update(f"{block.repeat_as}:{value}" for value in bank.repeat_values(block))
    return keys


def person_text_coverage(
    lang: str, *, bank: QuestionBank | None = None
) -> tuple[list[str], list[str]]:
    """(missing keys, unknown keys) of one language file, for translators and tests."""
    expected = person_text_keys(bank)
    present = set(load_person_texts(lang))
    return sorted(expected - present), sorted(present - expected)

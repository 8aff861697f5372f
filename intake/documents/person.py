"""The period report's rights prompts on the person's own screen, in their language
(issue 10, "Person's language"): pure, like intake.flow.person_screen.

person_texts.json holds, per language, the screen's title and intro, each right
(`rights.<id>`, the ids of period_report.json's prompts) and each answer (`answer.<value>`).
A language without a text falls back to English as a whole, never mixing two in a sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from intake.documents import engine

TEXTS = Path(__file__).with_name("person_texts.json")
FALLBACK = "en"


@cache
def _texts() -> dict[str, dict[str, str]]:
    return {lang: texts for lang, texts in json.loads(TEXTS.read_text(encoding="utf-8")).items()
            if not lang.startswith("_")}


def languages() -> list[str]:
    return list(_texts())


@dataclass(frozen=True)
class Row:
    right: str
    answer: str  # "" when not answered yet
    value: str


@dataclass(frozen=True)
class RightsScreen:
    language: str  # the language the texts are in (the person's, or English as a fallback)
    title: str
    intro: str
    not_answered: str
    rows: tuple[Row, ...]


def rights_screen(values: dict[str, str], lang: str) -> RightsScreen:
    texts = _texts()
    words = texts.get(lang)
    spec = engine.spec_of("period_report")
    prompts = [f for f in spec.fields if f.prompt]
    keys = [f"rights.{f.id.rsplit('.', 1)[1]}" for f in prompts]
    if words is None or not all(key in words for key in keys):
        lang, words = FALLBACK, texts[FALLBACK]
    rows = []
    for f, key in zip(prompts, keys):
        value = values.get(f.id, "")
        rows.append(Row(right=words[key], answer=words.get(f"answer.{value}", "") if value else "", value=value))
    return RightsScreen(language=lang, title=words["title"], intro=words["intro"],
                        not_answered=words["not_answered"], rows=tuple(rows))

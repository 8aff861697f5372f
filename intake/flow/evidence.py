"""What of an intake goes to the programme beside the application: the complementarity
evidence and the statistics dimensions. Pure; never any free text.

    complementarity_evidence(rule_answers)  per request: which authority was asked for
                                            what, its answer, whether in writing, and
                                            why support was not obtained (a category)
    statistics_answers(answers)             the statistics dimensions the intake asks
                                            (`referred_by`), from the stored answers
    statistics_label(dimension, value, lang)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .loading import load_questions
from .model import STATISTICS, Question, QuestionBank
from .walking import plain_value

# The evidence's fields, in this order. Never `reason`: the actor's own words stay in the
# actor's schema.
EVIDENCE_FIELDS = ("authority", "asked_for", "outcome", "written_decision", "reason_category")


def complementarity_evidence(rule_answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per request made to an authority, from a RULES.md answers document.

    `written_decision` is a bool (False when not given), `reason_category` None where the
    outcome gave no reason to ask (granted, pending, not asked) or the document predates
    the question.
    """
    entries = rule_answers.get("authorities") if isinstance(rule_answers, Mapping) else None
    if not isinstance(entries, list):
        return []
    return [
        {
            "authority": entry.get("authority"),
            "asked_for": entry.get("asked_for"),
            "outcome": entry.get("outcome"),
            "written_decision": entry.get("written_decision") is True,
            "reason_category": entry.get("reason_category"),
        }
        for entry in entries
        if isinstance(entry, Mapping)
    ]


def statistics_answers(
    answers: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> dict[str, str | None]:
    """Every statistics dimension the intake asks, by name: its value, or None when not
    (validly) answered. Not a rules input (`maps_to` is never set on these questions)."""
    bank = bank or load_questions()
    result: dict[str, str | None] = dict.fromkeys(STATISTICS)
    for question in _statistics_questions(bank).values():
        value = plain_value(answers.get(question.id)) if isinstance(answers, Mapping) else None
        result[question.statistic] = value if value in question.allowed_values else None
    return result


def statistics_label(
    dimension: str, value: str, lang: str, *, bank: QuestionBank | None = None
) -> str:
    """A dimension value's label in lang (sv or en; other languages get English). Its one
    label table is the question's choices in questions.json."""
    question = _statistics_questions(bank or load_questions())[dimension]
    choice = question.choice(value)
    if choice is None:
        raise KeyError(f"{value!r} is not a value of {dimension!r}")
    return choice.label_sv if lang == "sv" else choice.label_en


def _statistics_questions(bank: QuestionBank) -> dict[str, Question]:
    return {question.statistic: question for question in bank if question.statistic}

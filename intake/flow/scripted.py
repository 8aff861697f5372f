"""Answering the flow from a script: for demos, seed data and tests.

`fill` plays the chat: it asks `next_question`, takes the raw input from the script (as a
form would post it), runs it through `validate_answer`, and goes on until the flow is
complete. `script_from_rule_answers` writes the script that reproduces a RULES.md answers
document, e.g. one of the worked examples.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .answers import validate_answer
from .engine import next_question
from .loading import load_questions
from .model import Question, QuestionBank

Fallback = Callable[[Question], Any]
AUTHORITY_FIELDS = ("asked_for", "outcome", "written_decision", "reason")


def fill(
    script: Mapping[str, Any],
    case: Mapping[str, Any],
    *,
    today: date,
    lang: str = "sv",
    fallback: Fallback | None = None,
    bank: QuestionBank | None = None,
) -> dict[str, Any]:
    """Stored answers after answering every question the flow asks from the script.

    A question missing from the script gets fallback(question); without a fallback that
    is a KeyError naming the question.
    """
    bank = bank or load_questions()
    answers: dict[str, Any] = {}
    for _ in range(10_000):  # a bound, not a limit: the bank has well under a thousand steps
        question = next_question(answers, case, bank=bank)
        if question is None:
            return answers
        if question.id in script:
            raw = script[question.id]
        elif fallback is not None:
            raw = fallback(question)
        else:
            raise KeyError(f"the script has no answer for {question.id!r}")
        answers[question.id] = validate_answer(question, raw, lang, today=today)
    raise RuntimeError("the flow did not come to an end")


def script_from_rule_answers(
    document: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> dict[str, Any]:
    """Raw inputs, by question id, that make the flow produce this answers document."""
    bank = bank or load_questions()
    script: dict[str, Any] = {}
    for question in bank:
        if question.maps_to is None or question.is_template:
            continue
        if question.maps_to == "authorities":
            script.update(_authority_script(question, document.get("authorities")))
            continue
        value = _at_path(document, question.maps_to)
        if value is not None:
            script[question.id] = _as_raw(value)
    return script


def _authority_script(question: Question, entries: Any) -> dict[str, Any]:
    if entries is None:
        return {}
    if not entries:
        none = next(choice.value for choice in question.choices if choice.exclusive)
        return {question.id: [none]}
    script: dict[str, Any] = {question.id: [entry["authority"] for entry in entries]}
    for entry in entries:
        for field in AUTHORITY_FIELDS:
            if field in entry:
                script[f"authority.{entry['authority']}.{field}"] = _as_raw(entry[field])
    return script


def _at_path(document: Mapping[str, Any], path: str) -> Any:
    target: Any = document
    for part in path.split("."):
        if not isinstance(target, Mapping) or part not in target:
            return None
        target = target[part]
    return target


def _as_raw(value: Any) -> Any:
    """A value as a form would post it: strings, lists of strings, rows of strings."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return [_as_raw(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _as_raw(item) for key, item in value.items()}
    return value

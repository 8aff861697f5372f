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
AUTHORITY_FIELD_PREFIX = "authorities[]."


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
            script.update(_authority_script(bank, question, document.get("authorities")))
            continue
        value = _at_path(document, question.maps_to)
        if value is not None:
            script[question.id] = _as_raw(value)
    return script


def _authority_script(bank: QuestionBank, question: Question, entries: Any) -> dict[str, Any]:
    """The complementarity answers: the authorities, what each was asked for, and the
    answer to each request. One entry per authority and request, as to_rule_answers makes."""
    if entries is None:
        return {}
    if not entries:
        none = next(choice.value for choice in question.choices if choice.exclusive)
        return {question.id: [none]}
    # authorities[].<field> → its template, e.g. authority.{authority}.request.{request}.outcome
    templates = {
        template.maps_to.removeprefix(AUTHORITY_FIELD_PREFIX): template.id
        for template in bank
        if template.maps_to and template.maps_to.startswith(AUTHORITY_FIELD_PREFIX)
    }

    def instance_id(field: str, code: str, request: str = "") -> str:
        return templates[field].replace("{authority}", code).replace("{request}", request)

    requests: dict[str, list[str]] = {}
    fields: dict[str, Any] = {}
    for entry in entries:
        code = entry["authority"]
        asked = requests.setdefault(code, [])
        if "asked_for" not in entry:
            continue  # a partial document: the authority's requests are not known yet
        request = entry["asked_for"]
        if request in asked:
            raise ValueError(f"{code!r} is asked for {request!r} twice: one entry per request")
        asked.append(request)
        for field, value in entry.items():
            if field not in ("authority", "asked_for") and field in templates:
                fields[instance_id(field, code, request)] = _as_raw(value)
    script: dict[str, Any] = {question.id: list(requests)}
    for code, asked in requests.items():
        if asked:
            script[instance_id("asked_for", code)] = asked
    script.update(fields)
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

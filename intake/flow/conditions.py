"""The small declarative condition language of `ask_if` and `derive`.

    {"answer": "need", "in": ["specific"]}         an earlier answer
    {"case": "children_accompanying", "gt": 0}      a fact of the case
    {"answered": "exploitation.forms"}              the question was answered (or skipped)
    {"all": [...]}, {"any": [...]}, {"not": {...}}

A comparison against a missing answer or fact is false (so {"not": …} of it is true):
a question that depends on something not yet known is not counted as coming.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .model import Condition

COMPARISONS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "contains_any")
LIST_OPERANDS = ("in", "not_in", "contains_any")
SOURCES = ("answer", "case")


def holds(condition: Condition | None, values: Mapping[str, Any], case: Mapping[str, Any]) -> bool:
    """Whether the condition holds; `values` are plain answer values by question id."""
    if condition is None:
        return True
    if "all" in condition:
        return all(holds(part, values, case) for part in condition["all"])
    if "any" in condition:
        return any(holds(part, values, case) for part in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], values, case)
    if "answered" in condition:
        return condition["answered"] in values
    source, key = _source(condition)
    subject = values.get(key) if source == "answer" else case.get(key)
    if subject is None:
        return False
    operator = _operator(condition)
    return _compare(subject, operator, condition[operator])


def _compare(subject: Any, operator: str, operand: Any) -> bool:
    try:
        if operator == "eq":
            return subject == operand
        if operator == "ne":
            return subject != operand
        if operator == "in":
            return subject in operand
        if operator == "not_in":
            return subject not in operand
        if operator == "gt":
            return subject > operand
        if operator == "gte":
            return subject >= operand
        if operator == "lt":
            return subject < operand
        if operator == "lte":
            return subject <= operand
        if operator == "contains":
            return operand in subject
        if operator == "contains_any":
            return any(item in subject for item in operand)
    except TypeError:
        return False  # e.g. a text fact compared with gt: treat as not holding
    raise ValueError(f"unknown operator {operator!r}")


def shape_error(condition: Any) -> str | None:
    """What is wrong with a condition's form, or None when it is well formed."""
    if not isinstance(condition, Mapping) or not condition:
        return "a condition must be a non-empty object"
    standalone = [key for key in ("all", "any", "not", "answered") if key in condition]
    if standalone:
        key = standalone[0]
        if len(condition) != 1:
            return f"'{key}' must stand alone in its object"
        if key == "not":
            return shape_error(condition["not"])
        if key == "answered":
            return None if isinstance(condition[key], str) else "'answered' takes a question id"
        parts = condition[key]
        if not isinstance(parts, list) or not parts:
            return f"'{key}' needs a non-empty list of conditions"
        return next((error for part in parts if (error := shape_error(part))), None)
    sources = [key for key in SOURCES if key in condition]
    operators = [key for key in condition if key in COMPARISONS]
    unknown = [key for key in condition if key not in SOURCES and key not in COMPARISONS]
    if unknown:
        return f"unknown key(s) {', '.join(sorted(unknown))}"
    if len(sources) != 1:
        return "a comparison needs exactly one of 'answer' or 'case'"
    if len(operators) != 1:
        return f"a comparison needs exactly one operator of {', '.join(COMPARISONS)}"
    if operators[0] in LIST_OPERANDS and not isinstance(condition[operators[0]], list):
        return f"'{operators[0]}' needs a list"
    return None


def references(condition: Any) -> Iterator[tuple[str, str, Any]]:
    """(source, key, compared values) for every answer or case fact a condition reads."""
    if not isinstance(condition, Mapping):
        return
    for key in ("all", "any"):
        for part in condition.get(key, ()):
            yield from references(part)
    if "not" in condition:
        yield from references(condition["not"])
    if "answered" in condition:
        yield "answer", condition["answered"], None
    for source in SOURCES:
        if source in condition:
            yield source, condition[source], _operand(condition)


def _source(condition: Condition) -> tuple[str, str]:
    source = "answer" if "answer" in condition else "case"
    return source, condition[source]


def _operator(condition: Condition) -> str:
    return next(key for key in condition if key in COMPARISONS)


def _operand(condition: Condition) -> Any:
    operator = next((key for key in condition if key in COMPARISONS), None)
    return condition.get(operator) if operator else None

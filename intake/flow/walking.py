"""Walking the bank for given answers: each question decided against the ones before it.

A question applies when its `ask_if` holds for the answers kept so far; it is *derived*
(answered from earlier answers, never asked) when one of its `derive` rules holds.
Answers to questions that do not apply are left out, so they can never steer later ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from . import conditions
from .loading import load_questions
from .model import BoundChoice, DeriveRule, Question, QuestionBank, TemplateBlock

# ask: to be asked (or answered); derived: answered from earlier answers;
# awaiting: may be derived once an earlier question still to be asked is answered;
# pending: its ask_if does not hold yet, but reads a question still to be answered;
# not_applicable: its ask_if does not hold, on answers that are all known.
# Only "ask" counts as coming; a pending question gets no default value in the rules.
Status = Literal["ask", "derived", "awaiting", "pending", "not_applicable"]


@dataclass(frozen=True)
class Step:
    question: Question
    status: Status
    derived_value: Any = None


@dataclass
class Walk:
    """The bank as it plays out for these answers and this case."""

    steps: list[Step] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def walk(
    answers: Mapping[str, Any], case: Mapping[str, Any], bank: QuestionBank | None = None
) -> Walk:
    """Decide every question in order; keep only answers to questions that still apply."""
    bank = bank or load_questions()
    result = Walk()
    values: dict[str, Any] = {}  # plain values of kept and derived answers, for conditions
    undecided: set[str] = set()  # questions whose answer may still come
    for question in _concrete_questions(bank, values):
        step = _decide(question, values, undecided, case)
        result.steps.append(step)
        if step.status == "derived":
            result.derived[question.id] = step.derived_value
            values[question.id] = step.derived_value
        elif step.status in ("ask", "awaiting") and question.id in answers:
            result.kept[question.id] = answers[question.id]
            values[question.id] = plain_value(answers[question.id])
        elif step.status != "not_applicable":
            undecided.add(question.id)
    result.dropped = [key for key in answers if key not in result.kept]
    return result


def _concrete_questions(bank: QuestionBank, values: Mapping[str, Any]) -> Iterator[Question]:
    """The bank's questions with template blocks expanded for the values chosen so far.

    A generator on purpose: a block is expanded only when reached, after the walk has
    recorded the answer it repeats for (for a nested block: the instance of its source
    within the enclosing block, e.g. authority.police.asked_for).
    """
    for entry in bank.layout:
        if isinstance(entry, TemplateBlock):
            yield from _expand(bank, entry, values, ())
        else:
            yield entry


def _expand(
    bank: QuestionBank, block: TemplateBlock, values: Mapping[str, Any], outer: tuple[BoundChoice, ...]
) -> Iterator[Question]:
    source_id = block.repeat_for
    for name, value, _ in outer:
        source_id = source_id.replace("{" + name + "}", value)
    chosen = values.get(source_id)
    if not isinstance(chosen, list):
        return  # not answered (yet), or skipped
    repeatable = bank.repeat_values(block)
    for value in chosen:
        if value not in repeatable:
            continue  # exclusive choices such as "none" repeat nothing
        bindings = (*outer, (block.repeat_as, value, bank.repeat_choice(block, value)))
        for entry in block.templates:
            if isinstance(entry, TemplateBlock):
                yield from _expand(bank, entry, values, bindings)
            else:
                yield bank.instance(entry, bindings)


def _decide(
    question: Question, values: Mapping[str, Any], undecided: set[str], case: Mapping[str, Any]
) -> Step:
    if not conditions.holds(question.ask_if, values, case):
        pending = not undecided.isdisjoint(_answers_read(question.ask_if))
        return Step(question, "pending" if pending else "not_applicable")
    for rule in question.derive:
        if conditions.holds(rule.when, values, case):
            return Step(question, "derived", _derived_value(rule, values))
    if any(not undecided.isdisjoint(_derive_sources(rule)) for rule in question.derive):
        return Step(question, "awaiting")
    return Step(question, "ask")


def _answers_read(condition: Any) -> set[str]:
    return {key for source, key, _ in conditions.references(condition) if source == "answer"}


def _derive_sources(rule: DeriveRule) -> set[str]:
    return _answers_read(rule.when) | ({rule.map_from} if rule.map_from else set())


def _derived_value(rule: DeriveRule, values: Mapping[str, Any]) -> Any:
    if rule.map_from is None:
        return rule.value
    source = values.get(rule.map_from) or []
    mapped = [rule.mapping[item] for item in source if item in rule.mapping]
    return list(dict.fromkeys(mapped))  # keep order, drop repeats (sexual + prostitution)


def plain_value(answer: Any) -> Any:
    """The value of a stored answer, without the free note some questions carry."""
    if isinstance(answer, Mapping) and "value" in answer and set(answer) <= {"value", "note"}:
        return answer["value"]
    return answer

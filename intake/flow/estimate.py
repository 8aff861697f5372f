"""How far the intake has come, as a person can read it: "question 12, about 8–20 left".

A plain "answered of total" goes backwards whenever an answer opens new questions (the
total grows). Here the count of questions still to come is a range: at least the ones
that apply now, at most those plus every question that may still come (waiting on an
answer not given yet, or repeated per value of a question not answered yet). Answering
the current question can only remove questions from the "at most" side, so a bar drawn
against it (answered of answered + at most) never moves backwards while the intake goes
forward.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .loading import load_questions
from .model import QuestionBank, TemplateBlock
from .walking import Walk, plain_value, walk


@dataclass(frozen=True)
class Position:
    answered: int
    left_at_least: int  # the current question included
    left_at_most: int

    @property
    def number(self) -> int:
        """The current question's number (1 for the first)."""
        return self.answered + 1

    @property
    def bar_max(self) -> int:
        return self.answered + self.left_at_most

    @property
    def exact(self) -> bool:
        return self.left_at_least == self.left_at_most


def position(
    answers: Mapping[str, Any],
    case: Mapping[str, Any] | None,
    *,
    bank: QuestionBank | None = None,
    walked: Walk | None = None,
) -> Position:
    """Where the intake is for these answers: one walk of the bank (or the walk given)."""
    bank = bank or load_questions()
    result = walked if walked is not None else walk(answers, case or {}, bank)
    answered = at_least = maybe = 0
    for step in result.steps:
        if step.status == "ask":
            if step.question.id in result.kept:
                answered += 1
            else:
                at_least += 1
        elif step.status in ("pending", "awaiting"):
            maybe += 1
    settled = set(result.kept) | set(result.derived)
    settled |= {step.question.id for step in result.steps if step.status == "not_applicable"}
    for entry in bank.layout:
        if isinstance(entry, TemplateBlock):
            maybe += _may_still_repeat(bank, entry, result, settled, ())
    return Position(answered=answered, left_at_least=at_least, left_at_most=at_least + maybe)


def _may_still_repeat(
    bank: QuestionBank,
    block: TemplateBlock,
    result: Walk,
    settled: set[str],
    bindings: tuple[tuple[str, str], ...],
) -> int:
    """Questions a block may still add that the walk does not show yet.

    Before its source is answered, a block may repeat for each value it can be repeated
    for (nested blocks at their largest); after, its instances are in the walk, and only
    the blocks nested in them whose own source is still open may add more.
    """
    source = block.repeat_for
    for name, value in bindings:
        source = source.replace("{" + name + "}", value)
    repeatable = bank.repeat_values(block)
    if source not in settled:
        return len(repeatable) * _largest(bank, block)
    chosen = plain_value(result.kept.get(source, result.derived.get(source)))
    count = 0
    for value in chosen if isinstance(chosen, list) else ():
        if value not in repeatable:
            continue
        inner = (*bindings, (block.repeat_as, value))
        for entry in block.templates:
            if isinstance(entry, TemplateBlock):
                count += _may_still_repeat(bank, entry, result, settled, inner)
    return count


def _largest(bank: QuestionBank, block: TemplateBlock) -> int:
    """The most questions one repetition of a block can ask."""
    return sum(
        len(bank.repeat_values(entry)) * _largest(bank, entry)
        if isinstance(entry, TemplateBlock)
        else 1
        for entry in block.templates
    )

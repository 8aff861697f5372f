"""The question bank's data types and fixed vocabulary.

Pure data: no Django, no I/O. `loading.py` builds these from questions.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Any

KINDS = (
    "choice",
    "multi_choice",
    "yes_no",
    "yes_no_unknown",
    "text",
    "note",
    "integer",
    "date",
    "country_list",
    "items",
    "days_used",
)
# Kinds whose allowed values come from the question's `choices` (for items: the item codes,
# for days_used: its three counters).
KINDS_WITH_CHOICES = ("choice", "multi_choice", "items", "days_used")
YES_NO_VALUES = ("yes", "no")
YES_NO_UNKNOWN_VALUES = ("yes", "no", "dont_know", "wont_answer")
DAYS_USED_PARTS = ("reflection", "extended", "integration")

SECTIONS = (
    "complementarity",
    "referral",
    "residence",
    "police",
    "exploitation",
    "situation",
    "days",
    "need",
    "initial_assessment.exposure",
    "initial_assessment.vulnerability",
    "initial_assessment.health",
    "summary",
)

# Facts recorded when the case is opened; conditions may test them, the flow never asks them.
CASE_FACTS = (
    "initials",
    "birth_year",
    "nationality",
    "gender",
    "children_accompanying",
    "children_elsewhere",
    "age_group",
    "with_guardian",
)

# Built-in labels of the yes/no kinds (their questions carry no `choices`).
YES_NO_LABELS = {
    "yes": {"sv": "Ja", "en": "Yes"},
    "no": {"sv": "Nej", "en": "No"},
    "dont_know": {"sv": "Vet ej", "en": "Don't know"},
    "wont_answer": {"sv": "Vill ej svara", "en": "Doesn't want to answer"},
}

# The RULES.md answers paths a question may fill. `authorities[].asked_for` is filled per
# authority, the other `authorities[].x` per request (one entry per authority and request)
# by the template questions; the person.* fields come from the case, never from a question.
RULE_PATHS = (
    "application_date",
    "period_start",
    "exploitation.assessment",
    "exploitation.forms",
    "exploitation.countries",
    "police_report",
    "residence_status",
    "ongoing_process_in_sweden",
    "authorities",
    "authorities[].asked_for",
    "authorities[].outcome",
    "authorities[].written_decision",
    "authorities[].reason_category",
    "authorities[].reason",
    "acute",
    "fear_of_authorities",
    "need",
    "specific_items",
    "in_nsp_shelter",
    "days_used",
    "daily_allowance_from_migration_agency",
)

# The statistics dimensions a question may feed (annual report, seeds 000 and 002). They go
# to the programme with an application but never into the rules document.
STATISTICS = ("referred_by",)

# Kinds whose answer is free text; each needs a `max_length` in the data. Questions with
# `note: true` need one too, for their note.
TEXT_KINDS = ("text", "note")

# Inputs beyond these are refused before any parsing, whatever the question: lists longer
# than the rules document accepts (intake.rules.answers.MAX_LIST), strings far longer than
# any question takes, numbers with more digits than any amount or count can have.
MAX_LIST_ITEMS = 100
MAX_RAW_CHARS = 20_000
MAX_INT_DIGITS = 12

Condition = Mapping[str, Any]
# (placeholder name, value) pairs of an instance, outermost first: for
# authority.police.request.shelter.outcome (("authority", "police"), ("request", "shelter")).
Bindings = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Choice:
    value: str
    label_sv: str
    label_en: str
    # How the choice reads inside a sentence, for template placeholders ("socialtjänsten").
    name_sv: str | None = None
    name_en: str | None = None
    # An exclusive choice ("none") cannot be combined with others in a multi_choice.
    exclusive: bool = False


@dataclass(frozen=True)
class DeriveRule:
    """When `when` holds, the question is answered from earlier answers instead of asked."""

    when: Condition
    value: Any = None
    map_from: str | None = None
    mapping: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    kind: str
    text_sv: str
    text_en: str
    required: bool
    choices: tuple[Choice, ...] = ()
    help_sv: str | None = None
    help_en: str | None = None
    note: bool = False
    min: int | None = None
    max: int | None = None
    maps_to: str | None = None
    ask_if: Condition | None = None
    derive: tuple[DeriveRule, ...] = ()
    not_future: bool = False
    # Dates: the earliest date taken, and how many days after today the latest may be
    # (not_future is 0 days ahead).
    min_date: date | None = None
    max_days_ahead: int | None = None
    # Free text (kinds text and note, and the note of `note: true` questions): the most
    # characters taken. Templates set `maxlength` from it.
    max_length: int | None = None
    # The statistics dimension this answer is (see STATISTICS); never a rules input.
    statistic: str | None = None
    # Value for the rules document when the question does not apply or was skipped.
    rule_default: Any = None
    # Templates: instantiated once per value chosen in the `repeat_for` question.
    repeat_for: str | None = None
    repeat_as: str | None = None
    # Instances: the template they came from, the value they were made for (the innermost
    # one, for a template nested in another) and every placeholder's value.
    template_id: str | None = None
    instance_of: str | None = None
    bindings: Bindings = ()

    @property
    def is_template(self) -> bool:
        return self.repeat_for is not None and self.template_id is None

    def binding(self, name: str) -> str | None:
        """The value an instance was made for, by placeholder name ("authority", "request")."""
        return dict(self.bindings).get(name)

    def date_bounds(self, today: date) -> tuple[date | None, date | None]:
        """(earliest, latest) date a date question takes today; None where unbounded."""
        latest = None
        if self.not_future:
            latest = today
        elif self.max_days_ahead is not None:
            latest = today + timedelta(days=self.max_days_ahead)
        return self.min_date, latest

    @property
    def allowed_values(self) -> tuple[str, ...]:
        if self.kind == "yes_no":
            return YES_NO_VALUES
        if self.kind == "yes_no_unknown":
            return YES_NO_UNKNOWN_VALUES
        return tuple(choice.value for choice in self.choices)

    def choice(self, value: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.value == value), None)

    def placeholder(self) -> str:
        return "{" + (self.repeat_as or "") + "}"


@dataclass(frozen=True)
class TemplateBlock:
    """Consecutive template questions repeated, as a group, per chosen value.

    A block may hold another block, repeated per value of one of its own templates: the
    requests made to each authority (`authority.{authority}.request.{request}.outcome`).
    """

    repeat_for: str
    repeat_as: str
    templates: tuple[Question | TemplateBlock, ...]

    def questions(self) -> Iterator[Question]:
        """The block's templates, nested blocks' included, in asking order."""
        for entry in self.templates:
            if isinstance(entry, TemplateBlock):
                yield from entry.questions()
            else:
                yield entry

    def blocks(self) -> Iterator[TemplateBlock]:
        """This block and the blocks nested in it, outermost first."""
        yield self
        for entry in self.templates:
            if isinstance(entry, TemplateBlock):
                yield from entry.blocks()


# One placeholder's value while a template is made concrete: (name, value, its choice).
BoundChoice = tuple[str, str, Choice]


def instantiate(
    template: Question, value: str | Sequence[BoundChoice], names: Choice | None = None
) -> Question:
    """The template made concrete for the chosen values (e.g. one authority and one request).

    `instantiate(template, "police", choice)` binds a template's own placeholder;
    `instantiate(template, [("authority", "police", choice), ("request", "shelter", …)])`
    binds every placeholder of a nested template, outermost first.
    """
    if isinstance(value, str):
        if names is None:
            raise TypeError("a single value needs its choice for the names")
        bindings: Sequence[BoundChoice] = ((template.repeat_as or "", value, names),)
    else:
        bindings = value
    question_id, text_sv, text_en = template.id, template.text_sv, template.text_en
    ask_if: Any = template.ask_if
    derive = template.derive
    repeat_for = template.repeat_for
    for name, bound, choice in bindings:
        placeholder = "{" + name + "}"
        question_id = question_id.replace(placeholder, bound)
        text_sv = text_sv.replace(placeholder, choice.name_sv or choice.label_sv)
        text_en = text_en.replace(placeholder, choice.name_en or choice.label_en)
        ask_if = substitute(ask_if, placeholder, bound)
        derive = tuple(
            replace(rule, when=substitute(rule.when, placeholder, bound)) for rule in derive
        )
        repeat_for = repeat_for.replace(placeholder, bound) if repeat_for else repeat_for
    return replace(
        template,
        id=question_id,
        text_sv=text_sv,
        text_en=text_en,
        ask_if=ask_if,
        derive=derive,
        repeat_for=repeat_for,
        template_id=template.id,
        instance_of=bindings[-1][1],
        bindings=tuple((name, bound) for name, bound, _ in bindings),
    )


def substitute(condition: Any, placeholder: str, value: str) -> Any:
    """Replace a placeholder everywhere in a condition (question ids inside it)."""
    if isinstance(condition, str):
        return condition.replace(placeholder, value)
    if isinstance(condition, Mapping):
        return {key: substitute(item, placeholder, value) for key, item in condition.items()}
    if isinstance(condition, list):
        return [substitute(item, placeholder, value) for item in condition]
    return condition


@dataclass(frozen=True)
class QuestionBank:
    """All questions in asking order; template blocks stand where they are asked."""

    layout: tuple[Question | TemplateBlock, ...]

    def __iter__(self) -> Iterator[Question]:
        """Every question as written in the bank (templates unexpanded, nested ones too)."""
        for entry in self.layout:
            if isinstance(entry, TemplateBlock):
                yield from entry.questions()
            else:
                yield entry

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, question_id: str) -> Question:
        """A question by id; an instance id (authority.police.request.shelter.outcome) is
        built on the fly, when every value in it can be chosen where it is repeated."""
        question = self._by_id.get(question_id)
        if question is not None:
            return question
        match = self._match(question_id)
        if match is None:
            raise KeyError(f"unknown question id {question_id!r}")
        template, bindings = match
        return self.instance(template, bindings)

    def template_of(self, question_id: str) -> tuple[Question, str] | None:
        """(template, value) for an instance id, None for a plain question id.

        The value is the one the instance was made for: the innermost placeholder's (for
        authority.police.request.shelter.outcome, "shelter"); `get(id).bindings` has all.
        """
        match = self._match(question_id)
        if match is None:
            return None
        template, bindings = match
        return template, bindings[-1][1]

    def blocks(self) -> Iterator[TemplateBlock]:
        """Every template block, nested ones included, outermost first."""
        for entry in self.layout:
            if isinstance(entry, TemplateBlock):
                yield from entry.blocks()

    def repeat_values(self, block: TemplateBlock) -> tuple[str, ...]:
        """The values a block can be repeated for (exclusive choices such as 'none' excluded)."""
        source = self.get(block.repeat_for)
        return tuple(choice.value for choice in source.choices if not choice.exclusive)

    def repeat_choice(self, block: TemplateBlock, value: str) -> Choice:
        choice = self.get(block.repeat_for).choice(value)
        if choice is None:
            raise KeyError(f"{value!r} is not a choice of {block.repeat_for!r}")
        return choice

    def instance(self, template: Question, bindings: Sequence[BoundChoice]) -> Question:
        """instantiate(), made once per template and values: every walk asks for the same."""
        key = (template.id, tuple((name, value) for name, value, _ in bindings))
        made = self._instances.get(key)
        if made is None:
            made = self._instances[key] = instantiate(template, bindings)
        return made

    def enclosing_blocks(self, template_id: str) -> tuple[TemplateBlock, ...]:
        """The blocks a template stands in, outermost first (empty for a plain question)."""
        return self._enclosing.get(template_id, ())

    # -------------------------------------------------------------- lookups, built once

    @cached_property
    def _instances(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], Question]:
        return {}

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self}

    @cached_property
    def _enclosing(self) -> dict[str, tuple[TemplateBlock, ...]]:
        enclosing: dict[str, tuple[TemplateBlock, ...]] = {}

        def visit(block: TemplateBlock, outer: tuple[TemplateBlock, ...]) -> None:
            chain = (*outer, block)
            for entry in block.templates:
                if isinstance(entry, TemplateBlock):
                    visit(entry, chain)
                else:
                    enclosing[entry.id] = chain

        for entry in self.layout:
            if isinstance(entry, TemplateBlock):
                visit(entry, ())
        return enclosing

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], Question, tuple[TemplateBlock, ...]]]:
        patterns = []
        for template_id, chain in self._enclosing.items():
            pattern = re.escape(template_id)
            for block in chain:
                escaped = re.escape("{" + block.repeat_as + "}")
                pattern = pattern.replace(escaped, f"(?P<{block.repeat_as}>[a-z0-9_]+)", 1)
            patterns.append((re.compile(pattern), self._by_id[template_id], chain))
        return patterns

    def _match(self, question_id: str) -> tuple[Question, list[BoundChoice]] | None:
        """The template an instance id was made from, with its bindings; None if none."""
        for pattern, template, chain in self._patterns:
            found = pattern.fullmatch(question_id)
            if found is None:
                continue
            bindings: list[BoundChoice] = []
            for block in chain:
                value = found.group(block.repeat_as)
                if value not in self.repeat_values(block):
                    return None
                bindings.append((block.repeat_as, value, self.repeat_choice(block, value)))
            return template, bindings
        return None

"""The question bank's data types and fixed vocabulary.

Pure data: no Django, no I/O. `loading.py` builds these from questions.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
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

# The RULES.md answers paths a question may fill. `authorities[].x` are filled per authority
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
    "authorities[].reason",
    "acute",
    "fear_of_authorities",
    "need",
    "specific_items",
    "in_nsp_shelter",
    "days_used",
    "daily_allowance_from_migration_agency",
)

Condition = Mapping[str, Any]


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
    # Value for the rules document when the question does not apply or was skipped.
    rule_default: Any = None
    # Templates: instantiated once per value chosen in the `repeat_for` question.
    repeat_for: str | None = None
    repeat_as: str | None = None
    # Instances: the template they came from and the value they were made for.
    template_id: str | None = None
    instance_of: str | None = None

    @property
    def is_template(self) -> bool:
        return self.repeat_for is not None and self.template_id is None

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
    """Consecutive template questions repeated, as a group, per chosen value."""

    repeat_for: str
    repeat_as: str
    templates: tuple[Question, ...]


def instantiate(template: Question, value: str, names: Choice) -> Question:
    """The template made concrete for one chosen value (e.g. one authority)."""
    placeholder = template.placeholder()
    return replace(
        template,
        id=template.id.replace(placeholder, value),
        text_sv=template.text_sv.replace(placeholder, names.name_sv or names.label_sv),
        text_en=template.text_en.replace(placeholder, names.name_en or names.label_en),
        ask_if=substitute(template.ask_if, placeholder, value),
        derive=tuple(
            replace(rule, when=substitute(rule.when, placeholder, value))
            for rule in template.derive
        ),
        template_id=template.id,
        instance_of=value,
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
        """Every question as written in the bank (templates unexpanded)."""
        for entry in self.layout:
            if isinstance(entry, TemplateBlock):
                yield from entry.templates
            else:
                yield entry

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def get(self, question_id: str) -> Question:
        """A question by id; an instance id (authority.police.outcome) is built on the fly."""
        for question in self:
            if question.id == question_id:
                return question
        for block in self.blocks():
            for template in block.templates:
                value = _match_template(template, question_id)
                if value is not None and value in self.repeat_values(block):
                    return instantiate(template, value, self.repeat_choice(block, value))
        raise KeyError(f"unknown question id {question_id!r}")

    def template_of(self, question_id: str) -> tuple[Question, str] | None:
        """(template, value) for an instance id, None for a plain question id."""
        for block in self.blocks():
            for template in block.templates:
                value = _match_template(template, question_id)
                if value is not None and value in self.repeat_values(block):
                    return template, value
        return None

    def blocks(self) -> Iterator[TemplateBlock]:
        return (entry for entry in self.layout if isinstance(entry, TemplateBlock))

    def repeat_values(self, block: TemplateBlock) -> tuple[str, ...]:
        """The values a block can be repeated for (exclusive choices such as 'none' excluded)."""
        source = self.get(block.repeat_for)
        return tuple(choice.value for choice in source.choices if not choice.exclusive)

    def repeat_choice(self, block: TemplateBlock, value: str) -> Choice:
        choice = self.get(block.repeat_for).choice(value)
        if choice is None:
            raise KeyError(f"{value!r} is not a choice of {block.repeat_for!r}")
        return choice


def _match_template(template: Question, question_id: str) -> str | None:
    head, _, tail = template.id.partition(template.placeholder())
    pattern = re.escape(head) + r"([a-z0-9_]+)" + re.escape(tail)
    match = re.fullmatch(pattern, question_id)
    return match.group(1) if match else None

"""Loading questions.json into a QuestionBank, checked so that mistakes fail at load time.

Every error names the question id and the field, so a coordinator editing the JSON sees
where to look.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from intake.rules import vocabulary

from . import conditions
from .model import (
    CASE_FACTS,
    DAYS_USED_PARTS,
    KINDS,
    KINDS_WITH_CHOICES,
    RULE_PATHS,
    SECTIONS,
    STATISTICS,
    TEXT_KINDS,
    Choice,
    DeriveRule,
    Question,
    QuestionBank,
    TemplateBlock,
)

QUESTIONS_FILE = Path(__file__).with_name("questions.json")

FIELDS = {
    "id",
    "section",
    "kind",
    "text_sv",
    "text_en",
    "help_sv",
    "help_en",
    "choices",
    "required",
    "note",
    "min",
    "max",
    "maps_to",
    "ask_if",
    "derive",
    "not_future",
    "min_date",
    "max_days_ahead",
    "max_length",
    "statistic",
    "choices_from",
    "rule_default",
    "repeat_for",
    "repeat_as",
}
# Vocabularies of the answers contract whose one label table lives in intake.rules.vocabulary;
# a question names one with `choices_from` instead of copying its labels.
CHOICE_VOCABULARIES: dict[str, tuple[tuple[str, ...], Mapping[str, Mapping[str, str]]]] = {
    "reason_categories": (vocabulary.REASON_CATEGORIES, vocabulary.REASON_CATEGORY_LABELS),
}
# The complementarity questions' nesting: requests are repeated inside authorities.
AUTHORITY_PLACEHOLDER = "authority"
REQUEST_PLACEHOLDER = "request"
CHOICE_FIELDS = {"value", "label_sv", "label_en", "name_sv", "name_en", "exclusive"}
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.([a-z][a-z0-9_]*|\{[a-z_]+\}))*")
VALUE_PATTERN = re.compile(r"[a-z0-9_]+")


class QuestionBankError(ValueError):
    """questions.json is malformed; names the question and the field at fault."""

    def __init__(self, question_id: str | None, field: str, message: str) -> None:
        self.question_id = question_id
        self.field = field
        where = f"question {question_id!r}" if question_id else "the file"
        super().__init__(f"questions.json: {where}, field {field!r}: {message}")


def load_questions(path: str | Path | None = None) -> QuestionBank:
    """The question bank, validated. Without a path, the package's questions.json (cached)."""
    if path is None:
        return _load_default()
    return parse_questions(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _load_default() -> QuestionBank:
    return parse_questions(json.loads(QUESTIONS_FILE.read_text(encoding="utf-8")))


def parse_questions(raw: Any) -> QuestionBank:
    """Build and check a bank from the decoded JSON (a list of question objects)."""
    if not isinstance(raw, list) or not raw:
        raise QuestionBankError(None, "questions", "must be a non-empty list of questions")
    questions = [_parse_question(entry, index) for index, entry in enumerate(raw)]
    _check_unique_ids(questions)
    _check_section_order(questions)
    _check_maps_to_unique(questions)
    layout = _build_layout(questions)
    bank = QuestionBank(layout)
    _check_references(bank)
    return bank


# ------------------------------------------------------------------ one question


def _parse_question(entry: Any, index: int) -> Question:
    if not isinstance(entry, Mapping):
        raise QuestionBankError(f"#{index}", "id", "each question must be an object")
    qid = entry.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.fullmatch(qid):
        raise QuestionBankError(f"#{index}", "id", "must be snake_case, dots between parts")
    unknown = set(entry) - FIELDS
    if unknown:
        raise QuestionBankError(qid, min(unknown), "unknown field")
    kind = _require(entry, qid, "kind", str)
    if kind not in KINDS:
        raise QuestionBankError(qid, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    section = _require(entry, qid, "section", str)
    if section not in SECTIONS:
        raise QuestionBankError(qid, "section", f"{section!r} is not one of {', '.join(SECTIONS)}")
    question = Question(
        id=qid,
        section=section,
        kind=kind,
        text_sv=_text(entry, qid, "text_sv"),
        text_en=_text(entry, qid, "text_en"),
        required=_require(entry, qid, "required", bool),
        choices=_parse_choices(entry, qid, kind),
        help_sv=_optional(entry, qid, "help_sv", str),
        help_en=_optional(entry, qid, "help_en", str),
        note=_optional(entry, qid, "note", bool) or False,
        min=_optional(entry, qid, "min", int),
        max=_optional(entry, qid, "max", int),
        maps_to=_optional(entry, qid, "maps_to", str),
        ask_if=_parse_condition(entry.get("ask_if"), qid, "ask_if"),
        derive=_parse_derive(entry.get("derive"), qid),
        not_future=_optional(entry, qid, "not_future", bool) or False,
        min_date=_parse_date(entry, qid, "min_date"),
        max_days_ahead=_optional(entry, qid, "max_days_ahead", int),
        max_length=_optional(entry, qid, "max_length", int),
        statistic=_optional(entry, qid, "statistic", str),
        rule_default=entry.get("rule_default"),
        repeat_for=_optional(entry, qid, "repeat_for", str),
        repeat_as=_optional(entry, qid, "repeat_as", str),
    )
    _check_kind_fields(question)
    _check_template_fields(question)
    return question


def _require(entry: Mapping[str, Any], qid: str, name: str, kind: type) -> Any:
    if name not in entry:
        raise QuestionBankError(qid, name, "is missing")
    return _optional(entry, qid, name, kind)


def _optional(entry: Mapping[str, Any], qid: str, name: str, kind: type) -> Any:
    value = entry.get(name)
    # bool is an int in Python; a min of `true` is a mistake, not 1.
    if value is not None and (
        not isinstance(value, kind) or (kind is int and isinstance(value, bool))
    ):
        raise QuestionBankError(qid, name, f"must be a {kind.__name__}")
    return value


def _text(entry: Mapping[str, Any], qid: str, name: str) -> str:
    value = _require(entry, qid, name, str)
    if not value.strip():
        raise QuestionBankError(qid, name, "must not be empty")
    return value


def _parse_date(entry: Mapping[str, Any], qid: str, name: str) -> date | None:
    raw = _optional(entry, qid, name, str)
    if raw is None:
        return None
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise QuestionBankError(qid, name, f"{raw!r} is not a date (YYYY-MM-DD)")


def _parse_choices(entry: Mapping[str, Any], qid: str, kind: str) -> tuple[Choice, ...]:
    raw = entry.get("choices")
    source = entry.get("choices_from")
    if source is not None:
        if raw is not None:
            raise QuestionBankError(qid, "choices_from", "give either 'choices' or 'choices_from'")
        if source not in CHOICE_VOCABULARIES:
            raise QuestionBankError(
                qid, "choices_from", f"{source!r} is not one of {', '.join(CHOICE_VOCABULARIES)}"
            )
        values, labels = CHOICE_VOCABULARIES[source]
        raw = [
            {"value": value, "label_sv": labels[value]["sv"], "label_en": labels[value]["en"]}
            for value in values
        ]
    if kind not in KINDS_WITH_CHOICES:
        if raw is not None:
            field = "choices" if source is None else "choices_from"
            raise QuestionBankError(qid, field, f"a {kind} question takes no choices")
        return ()
    if not isinstance(raw, list) or not raw:
        raise QuestionBankError(qid, "choices", f"a {kind} question needs a non-empty list")
    choices = tuple(_parse_choice(item, qid) for item in raw)
    values = [choice.value for choice in choices]
    duplicates = sorted({value for value in values if values.count(value) > 1})
    if duplicates:
        raise QuestionBankError(qid, "choices", f"duplicate value {duplicates[0]!r}")
    if kind == "days_used" and tuple(values) != DAYS_USED_PARTS:
        raise QuestionBankError(qid, "choices", f"days_used counts exactly {DAYS_USED_PARTS}")
    if kind != "multi_choice" and any(choice.exclusive for choice in choices):
        raise QuestionBankError(qid, "choices", "'exclusive' only makes sense in a multi_choice")
    return choices


def _parse_choice(item: Any, qid: str) -> Choice:
    if not isinstance(item, Mapping):
        raise QuestionBankError(qid, "choices", "each choice must be an object")
    unknown = set(item) - CHOICE_FIELDS
    if unknown:
        raise QuestionBankError(qid, "choices", f"unknown choice field {min(unknown)!r}")
    value = item.get("value")
    if not isinstance(value, str) or not VALUE_PATTERN.fullmatch(value):
        raise QuestionBankError(qid, "choices", f"choice value {value!r} must be snake_case")
    for label in ("label_sv", "label_en"):
        if not isinstance(item.get(label), str) or not item[label].strip():
            raise QuestionBankError(qid, "choices", f"choice {value!r} needs {label}")
    return Choice(
        value=value,
        label_sv=item["label_sv"],
        label_en=item["label_en"],
        name_sv=item.get("name_sv"),
        name_en=item.get("name_en"),
        exclusive=bool(item.get("exclusive", False)),
    )


def _parse_condition(raw: Any, qid: str, field: str) -> Mapping[str, Any] | None:
    if raw is None:
        return None
    error = conditions.shape_error(raw)
    if error:
        raise QuestionBankError(qid, field, error)
    return raw


def _parse_derive(raw: Any, qid: str) -> tuple[DeriveRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise QuestionBankError(qid, "derive", "must be a non-empty list of rules")
    rules = []
    for rule in raw:
        if not isinstance(rule, Mapping) or "when" not in rule:
            raise QuestionBankError(qid, "derive", "each rule needs 'when'")
        if ("value" in rule) == ("map_from" in rule) or ("map_from" in rule) != ("map" in rule):
            raise QuestionBankError(qid, "derive", "a rule has either 'value' or 'map_from'+'map'")
        rules.append(
            DeriveRule(
                when=_parse_condition(rule["when"], qid, "derive"),
                value=rule.get("value"),
                map_from=rule.get("map_from"),
                mapping=rule.get("map"),
            )
        )
    return tuple(rules)


def _check_kind_fields(question: Question) -> None:
    qid, kind = question.id, question.kind
    numeric = kind in ("integer", "items", "days_used")
    if (question.min is not None or question.max is not None) and not numeric:
        raise QuestionBankError(qid, "min", f"a {kind} question takes no min/max")
    if numeric and (question.min is None or question.max is None):
        # Bounds keep a typo (or 4 301 digits) from reaching the rules or the database.
        raise QuestionBankError(qid, "min" if question.min is None else "max", "is missing")
    if question.min is not None and question.max is not None and question.min > question.max:
        raise QuestionBankError(qid, "max", "must not be below min")
    if question.not_future and kind not in ("date", "integer"):
        raise QuestionBankError(qid, "not_future", "only for date or integer (year) questions")
    _check_date_fields(question)
    _check_max_length(question)
    if question.maps_to is not None and question.maps_to not in RULE_PATHS:
        raise QuestionBankError(qid, "maps_to", f"{question.maps_to!r} is not a RULES.md path")
    if question.statistic is not None:
        if question.statistic not in STATISTICS:
            raise QuestionBankError(
                qid, "statistic", f"{question.statistic!r} is not one of {', '.join(STATISTICS)}"
            )
        if kind != "choice" or question.maps_to is not None or question.repeat_for is not None:
            raise QuestionBankError(
                qid, "statistic", "a statistic is a plain choice question that fills no rule path"
            )


def _check_date_fields(question: Question) -> None:
    qid = question.id
    if question.kind != "date":
        for name in ("min_date", "max_days_ahead"):
            if getattr(question, name) is not None:
                raise QuestionBankError(qid, name, "only for date questions")
        return
    if question.min_date is None:
        raise QuestionBankError(qid, "min_date", "a date question needs its earliest date")
    if question.not_future == (question.max_days_ahead is not None):
        raise QuestionBankError(
            qid, "max_days_ahead", "a date question needs either not_future or max_days_ahead"
        )
    if question.max_days_ahead is not None and question.max_days_ahead < 0:
        raise QuestionBankError(qid, "max_days_ahead", "must not be negative")


def _check_max_length(question: Question) -> None:
    takes_text = question.kind in TEXT_KINDS or question.note
    if not takes_text:
        if question.max_length is not None:
            raise QuestionBankError(
                question.id, "max_length", f"a {question.kind} question takes no free text"
            )
        return
    if question.max_length is None:
        # The form's maxlength and the server's check come from here: never unlimited.
        raise QuestionBankError(question.id, "max_length", "is missing")
    if question.max_length < 1:
        raise QuestionBankError(question.id, "max_length", "must be at least 1")


def _check_template_fields(question: Question) -> None:
    qid = question.id
    if (question.repeat_for is None) != (question.repeat_as is None):
        raise QuestionBankError(qid, "repeat_as", "'repeat_for' and 'repeat_as' go together")
    if question.repeat_for is None:
        if "{" in qid:
            raise QuestionBankError(qid, "id", "a placeholder needs 'repeat_for'/'repeat_as'")
        if question.maps_to and question.maps_to.startswith("authorities[]."):
            raise QuestionBankError(
                qid, "maps_to", "'authorities[].…' is for per-authority templates"
            )
        return
    if question.placeholder() not in qid:
        raise QuestionBankError(qid, "id", f"a template id must contain {question.placeholder()}")


# ------------------------------------------------------------------ the bank as a whole


def _check_unique_ids(questions: list[Question]) -> None:
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise QuestionBankError(question.id, "id", "is not unique")
        seen.add(question.id)


def _check_section_order(questions: list[Question]) -> None:
    # Sections are asked in SECTIONS order, each in one stretch.
    position = -1
    for question in questions:
        index = SECTIONS.index(question.section)
        if index < position:
            raise QuestionBankError(
                question.id, "section", f"{question.section!r} comes after a later section"
            )
        position = index


def _check_maps_to_unique(questions: list[Question]) -> None:
    for field in ("maps_to", "statistic"):
        seen: dict[str, str] = {}
        for question in questions:
            target = getattr(question, field)
            if target is None:
                continue
            if target in seen:
                raise QuestionBankError(
                    question.id, field, f"{target!r} is already filled by {seen[target]!r}"
                )
            seen[target] = question.id


class _OpenBlock:
    """A template block being collected from the flat list of questions."""

    def __init__(self, first: Question) -> None:
        self.repeat_for = first.repeat_for or ""
        self.repeat_as = first.repeat_as or ""
        self.entries: list[Question | _OpenBlock] = []

    def template_ids(self) -> set[str]:
        return {entry.id for entry in self.entries if isinstance(entry, Question)}

    def close(self) -> TemplateBlock:
        return TemplateBlock(
            self.repeat_for,
            self.repeat_as,
            tuple(entry.close() if isinstance(entry, _OpenBlock) else entry for entry in self.entries),
        )


def _build_layout(questions: list[Question]) -> tuple[Question | TemplateBlock, ...]:
    """Group templates into blocks. A template repeated for another template of the open
    block (`authority.{authority}.asked_for`) opens a block nested in it."""
    layout: list[Question | _OpenBlock] = []
    stack: list[_OpenBlock] = []  # the open blocks, outermost first
    seen_sources: set[str] = set()
    for question in questions:
        if question.repeat_for is None:
            stack.clear()
            layout.append(question)
            continue
        depth = next(
            (i for i in range(len(stack) - 1, -1, -1) if stack[i].repeat_for == question.repeat_for),
            None,
        )
        if depth is not None:
            del stack[depth + 1 :]
            if question.repeat_as != stack[-1].repeat_as:
                raise QuestionBankError(question.id, "repeat_as", "differs within its block")
            _check_nesting(question, stack[:-1])
            stack[-1].entries.append(question)
            continue
        if question.repeat_for in seen_sources:
            raise QuestionBankError(
                question.id, "repeat_for", "templates of a block must be consecutive"
            )
        seen_sources.add(question.repeat_for)
        parent = next(
            (i for i in range(len(stack) - 1, -1, -1)
             if question.repeat_for in stack[i].template_ids()),
            None,
        )
        block = _OpenBlock(question)
        block.entries.append(question)
        if parent is None:
            stack[:] = [block]
            layout.append(block)
        else:
            del stack[parent + 1 :]
            _check_nesting(question, stack)
            stack[-1].entries.append(block)
            stack.append(block)
    return tuple(entry.close() if isinstance(entry, _OpenBlock) else entry for entry in layout)


def _check_nesting(question: Question, outer: list[_OpenBlock]) -> None:
    """A nested template's id names every enclosing placeholder; each name is used once."""
    names = [block.repeat_as for block in outer]
    if question.repeat_as in names:
        raise QuestionBankError(
            question.id, "repeat_as", f"{{{question.repeat_as}}} is already used by an outer block"
        )
    for name in names:
        if "{" + name + "}" not in question.id:
            raise QuestionBankError(question.id, "id", f"a nested template id must contain {{{name}}}")


def _check_references(bank: QuestionBank) -> None:
    """Conditions, derivations and repeats may only read questions asked earlier."""
    earlier: dict[str, Question] = {}
    for entry in bank.layout:
        if isinstance(entry, TemplateBlock):
            # Later questions may not read a template: its instances depend on the answers.
            _check_block(entry, earlier, outer=())
        else:
            _check_question_references(entry, earlier)
            earlier[entry.id] = entry


def _check_block(
    block: TemplateBlock, earlier: Mapping[str, Question], outer: tuple[TemplateBlock, ...]
) -> None:
    first = next(block.questions())
    source = earlier.get(block.repeat_for)
    if source is None or source.kind != "multi_choice":
        raise QuestionBankError(
            first.id, "repeat_for", f"{block.repeat_for!r} must be an earlier multi_choice question"
        )
    _check_complementarity_shape(block, source, outer, first)
    siblings = dict(earlier)
    for entry in block.templates:
        if isinstance(entry, TemplateBlock):
            _check_block(entry, siblings, (*outer, block))
            continue
        _check_question_references(entry, siblings)
        _check_authority_path(entry, block, source)
        siblings[entry.id] = entry


def _check_complementarity_shape(
    block: TemplateBlock, source: Question, outer: tuple[TemplateBlock, ...], first: Question
) -> None:
    """to_rule_answers builds one authorities[] entry per authority and request: the
    per-authority block repeats {authority}, the per-request block inside it {request}."""
    if source.maps_to == "authorities":
        if block.repeat_as != AUTHORITY_PLACEHOLDER or outer:
            raise QuestionBankError(
                first.id, "repeat_as", "per-authority templates use {authority}, at the top level"
            )
    elif source.maps_to == "authorities[].asked_for" and block.repeat_as != REQUEST_PLACEHOLDER:
        raise QuestionBankError(first.id, "repeat_as", "per-request templates use {request}")


def _check_authority_path(question: Question, block: TemplateBlock, source: Question) -> None:
    path = question.maps_to or ""
    if not path.startswith("authorities[]."):
        return
    wanted = "authorities" if path == "authorities[].asked_for" else "authorities[].asked_for"
    if source.maps_to != wanted:
        where = (
            "the per-authority block (repeated for 'authorities')"
            if wanted == "authorities"
            else "the per-request block (repeated for 'authorities[].asked_for')"
        )
        raise QuestionBankError(question.id, "maps_to", f"{path!r} belongs in {where}")
    if path == "authorities[].asked_for" and question.kind != "multi_choice":
        raise QuestionBankError(
            question.id, "kind", "what an authority was asked for is a multi_choice (one or more)"
        )


def _check_question_references(question: Question, earlier: Mapping[str, Question]) -> None:
    _check_condition_references(question.ask_if, question.id, "ask_if", earlier)
    for rule in question.derive:
        _check_condition_references(rule.when, question.id, "derive", earlier)
        if rule.map_from is None:
            _check_values(question.id, "derive", question, [rule.value])
            continue
        source = earlier.get(rule.map_from)
        if source is None:
            raise QuestionBankError(
                question.id, "derive", f"map_from {rule.map_from!r} is not an earlier question"
            )
        if not isinstance(rule.mapping, Mapping):
            raise QuestionBankError(question.id, "derive", "'map' must be an object")
        _check_values(question.id, "derive", source, rule.mapping.keys())
        _check_values(question.id, "derive", question, rule.mapping.values())


def _check_condition_references(
    condition: Any, qid: str, field: str, earlier: Mapping[str, Question]
) -> None:
    for source, key, compared in conditions.references(condition):
        if source == "case":
            if key not in CASE_FACTS:
                raise QuestionBankError(
                    qid, field, f"{key!r} is not a case fact ({', '.join(CASE_FACTS)})"
                )
            continue
        referenced = earlier.get(key)
        if referenced is None:
            raise QuestionBankError(qid, field, f"{key!r} is not a question asked earlier")
        if compared is not None:
            _check_values(
                qid, field, referenced, compared if isinstance(compared, list) else [compared]
            )


def _check_values(qid: str, field: str, question: Question, values: Iterable[Any]) -> None:
    allowed = question.allowed_values
    if not allowed:
        return  # free values (integers, dates…): nothing to check against
    for value in values:
        if value not in allowed:
            raise QuestionBankError(qid, field, f"{value!r} is not a value of {question.id!r}")

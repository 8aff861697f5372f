"""From intake answers to the answers document of RULES.md, which the rules engine takes.

Each question's `maps_to` names the path it fills; `person` comes from the case facts.
- yes_no becomes true/false; yes_no_unknown's dont_know and wont_answer are left out (no
  boolean field of RULES.md has an unknown value, and guessing would decide for the person);
  enums that have an unknown value (police_report) offer it as an ordinary choice.
- `rule_default` fills a field whose question does not apply or was skipped: e.g. a
  written decision is false when the authority has not answered yet, and an ongoing
  process is false for citizens and residents, whom it does not concern. While the answer
  that decides this is still to come, the field is left out instead.
- The authorities list has one entry per authority and request (social services asked
  for shelter and for financial support gives two), authorities in the order chosen, each
  authority's requests in the order chosen. An authority whose requests are not known yet
  has an entry with only its code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Question, QuestionBank
from .walking import Step, plain_value, walk

RULES_ORDER = (
    "application_date",
    "period_start",
    "person",
    "exploitation",
    "police_report",
    "residence_status",
    "ongoing_process_in_sweden",
    "authorities",
    "acute",
    "fear_of_authorities",
    "need",
    "specific_items",
    "in_nsp_shelter",
    "days_used",
    "daily_allowance_from_migration_agency",
)
PERSON_FACTS = (
    "age_group",
    "with_guardian",
    "gender",
    "children_accompanying",
    "children_elsewhere",
)
AUTHORITY_FIELD_PREFIX = "authorities[]."


class _Omit:
    """Marks a field left out of the document."""


OMIT = _Omit()


def to_rule_answers(
    answers: Mapping[str, Any], case: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> dict[str, Any]:
    """The RULES.md answers document for these answers and this case (partial while incomplete)."""
    result = walk(answers, case, bank)
    document: dict[str, Any] = {}
    person = _person(case)
    if person:
        document["person"] = person
    # authority → its entries, one per request once the requests are known.
    authorities: dict[str, list[dict[str, Any]]] | None = None
    for step in result.steps:
        question = step.question
        if question.maps_to is None:
            continue
        value = _rule_value(step, result.kept)
        if value is OMIT:
            continue
        if question.maps_to == "authorities":
            authorities = {code: [{"authority": code}] for code in _repeated(question, value)}
        elif question.maps_to.startswith(AUTHORITY_FIELD_PREFIX) and authorities is not None:
            _set_authority_field(authorities, question, value)
        else:
            _set_path(document, question.maps_to, value)
    if authorities is not None:
        document["authorities"] = [entry for entries in authorities.values() for entry in entries]
    return {key: document[key] for key in RULES_ORDER if key in document}


def _set_authority_field(
    authorities: dict[str, list[dict[str, Any]]], question: Question, value: Any
) -> None:
    field = question.maps_to.removeprefix(AUTHORITY_FIELD_PREFIX)
    code = question.binding("authority")
    if code not in authorities:
        return
    if field == "asked_for":
        requests = value if isinstance(value, list) else [value]
        authorities[code] = [{"authority": code, "asked_for": request} for request in requests]
        return
    request = question.binding("request")
    for entry in authorities[code]:
        if entry.get("asked_for") == request:
            entry[field] = value


def _person(case: Mapping[str, Any]) -> dict[str, Any]:
    person = {fact: case[fact] for fact in PERSON_FACTS if case.get(fact) is not None}
    if person.get("age_group") != "child":
        person.pop("with_guardian", None)  # RULES.md: children only
    return person


def _rule_value(step: Step, kept: Mapping[str, Any]) -> Any:
    question = step.question
    if step.status == "derived":
        return _convert(question, step.derived_value)
    if step.status == "not_applicable":
        return _default(question)
    if question.id not in kept:
        return OMIT  # still to be asked, or not known yet whether it will be
    value = plain_value(kept[question.id])
    return _default(question) if value is None else _convert(question, value)


def _default(question: Question) -> Any:
    return OMIT if question.rule_default is None else question.rule_default


def _convert(question: Question, value: Any) -> Any:
    if question.kind == "yes_no":
        return value == "yes"
    if question.kind == "yes_no_unknown":
        return {"yes": True, "no": False}.get(value, OMIT)
    if question.kind == "items":
        return [dict(row) for row in value]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _repeated(question: Question, chosen: list[str]) -> list[str]:
    """The chosen values that get an entry: not the exclusive ones ("none")."""
    return [
        value
        for value in chosen
        if (choice := question.choice(value)) is not None and not choice.exclusive
    ]


def _set_path(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    target = document
    for parent in parents:
        target = target.setdefault(parent, {})
    target[leaf] = value

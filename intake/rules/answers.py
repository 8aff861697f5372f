"""Read an answers document (RULES.md, "Answers") into a checked, typed value.

Every problem raises AnswersError naming the dotted field path; nothing else escapes,
whatever JSON-like value comes in. Unknown keys are ignored, so the intake may store
more than the rules read. A `null` counts as "not answered".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import vocabulary as v
from .errors import AnswersError

# Bounds that keep amounts within what a database integer column and a person can hold.
MAX_SEK = 10_000_000
MAX_DAYS = 100_000
MAX_COUNT = 1_000
MAX_LIST = 100
MAX_TEXT = 5_000

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_MISSING = object()


@dataclass(frozen=True)
class AuthorityAnswer:
    """One authority asked for one thing, and what it answered.

    A person who asked social services for shelter and for financial support has two.
    `reason_category` says why the support was not obtained (refusal-like outcomes only);
    `reason` is the actor's own words.
    """

    authority: str
    asked_for: str
    outcome: str
    written_decision: bool
    reason: str
    reason_category: str | None = None


@dataclass(frozen=True)
class SpecificItem:
    """One point intervention asked for: the item key, its actual cost, and how many."""

    item: str
    cost: int
    quantity: int
    for_child: bool


@dataclass(frozen=True)
class Answers:
    """The answers of one intake, checked and with defaults filled in."""

    application_date: date | None
    period_start: date | None
    age_group: str
    with_guardian: bool | None
    gender: str | None
    children_accompanying: int
    children_elsewhere: int
    assessment: str
    forms: tuple[str, ...]
    countries: tuple[str, ...]
    police_report: str
    residence_status: str
    ongoing_process_in_sweden: bool
    # Held in immigration detention or facing removal (refusal of entry, expulsion): an
    # EU citizen needs no permit to stay, except then (seed 002, section 5).
    detained_or_facing_removal: bool
    authorities: tuple[AuthorityAnswer, ...]
    acute: bool
    fear_of_authorities: bool
    need: str
    specific_items: tuple[SpecificItem, ...]
    in_nsp_shelter: bool
    days_used: Mapping[str, int]
    daily_allowance_from_migration_agency: int

    def value(self, field: str) -> Any:
        """The value of a predicate field (see vocabulary.PREDICATE_FIELDS)."""
        return {
            "person.age_group": self.age_group,
            "person.gender": self.gender,
            "person.with_guardian": self.with_guardian,
            "exploitation.assessment": self.assessment,
            "police_report": self.police_report,
            "residence_status": self.residence_status,
            "ongoing_process_in_sweden": self.ongoing_process_in_sweden,
            "detained_or_facing_removal": self.detained_or_facing_removal,
            "acute": self.acute,
            "fear_of_authorities": self.fear_of_authorities,
            "need": self.need,
            "in_nsp_shelter": self.in_nsp_shelter,
        }.get(field)


# --- small readers: each checks one value and names its path when it fails -------------


def _get(obj: Mapping, key: str) -> Any:
    value = obj.get(key, _MISSING)
    return _MISSING if value is None else value


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _read_object(value: Any, field: str) -> Mapping:
    if not isinstance(value, dict):
        raise AnswersError(field, "type", value=value, expected="object")
    return value


def _read_list(value: Any, field: str) -> list:
    if not isinstance(value, list):
        raise AnswersError(field, "type", value=value, expected="list")
    if len(value) > MAX_LIST:
        raise AnswersError(field, "too_many", value=value, maximum=MAX_LIST)
    return value


def _read_enum(value: Any, field: str, allowed: tuple) -> str:
    if not isinstance(value, str):
        raise AnswersError(field, "type", value=value, expected="text")
    if value not in allowed:
        raise AnswersError(field, "enum", value=value, allowed=allowed)
    return value


def _read_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise AnswersError(field, "type", value=value, expected="true/false")
    return value


def _read_int(value: Any, field: str, maximum: int) -> int:
    """A non-negative whole number; 3.0 counts as 3 since JSON does not tell them apart."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AnswersError(field, "type", value=value, expected="whole number")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise AnswersError(field, "type", value=value, expected="whole number")
        value = int(value)
    if value < 0:
        raise AnswersError(field, "negative", value=value)
    if value > maximum:
        raise AnswersError(field, "too_large", value=value, maximum=maximum)
    return value


def _read_text(value: Any, field: str, *, allow_empty: bool = True) -> str:
    if not isinstance(value, str):
        raise AnswersError(field, "type", value=value, expected="text")
    if not allow_empty and not value.strip():
        raise AnswersError(field, "empty", value=value)
    if len(value) > MAX_TEXT:
        raise AnswersError(field, "too_large", value=value[:20], maximum=MAX_TEXT)
    return value


def _read_date(value: Any, field: str) -> date:
    if not isinstance(value, str):
        raise AnswersError(field, "type", value=value, expected="text")
    if not _ISO_DATE.fullmatch(value):
        raise AnswersError(field, "date", value=value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise AnswersError(field, "date", value=value) from None


def _required(obj: Mapping, key: str, parent: str) -> Any:
    value = _get(obj, key)
    if value is _MISSING:
        raise AnswersError(_join(parent, key), "required")
    return value


def _optional(obj: Mapping, key: str, default: Any, reader, *args) -> Any:
    value = _get(obj, key)
    return default if value is _MISSING else reader(value, *args)


# --- the sections of the document ------------------------------------------------------


def _read_person(doc: Mapping) -> dict:
    person = _read_object(_required(doc, "person", ""), "person")
    age_group = _read_enum(_required(person, "age_group", "person"), "person.age_group",
                           v.AGE_GROUPS)
    with_guardian = _optional(person, "with_guardian", None, _read_bool, "person.with_guardian")
    if age_group == "child" and with_guardian is None:
        # A child's case turns on this answer (rule 2), so it cannot be left out.
        raise AnswersError("person.with_guardian", "required")
    return {
        "age_group": age_group,
        "with_guardian": with_guardian,
        "gender": _optional(person, "gender", None, _read_enum, "person.gender", v.GENDERS),
        "children_accompanying": _optional(person, "children_accompanying", 0, _read_int,
                                           "person.children_accompanying", MAX_COUNT),
        "children_elsewhere": _optional(person, "children_elsewhere", 0, _read_int,
                                        "person.children_elsewhere", MAX_COUNT),
    }


def _read_exploitation(doc: Mapping) -> dict:
    section = _read_object(_required(doc, "exploitation", ""), "exploitation")
    assessment = _read_enum(_required(section, "assessment", "exploitation"),
                            "exploitation.assessment", v.ASSESSMENTS)
    forms = _optional(section, "forms", [], _read_list, "exploitation.forms")
    countries = _optional(section, "countries", [], _read_list, "exploitation.countries")
    for index, country in enumerate(countries):
        field = f"exploitation.countries[{index}]"
        if not isinstance(country, str):
            raise AnswersError(field, "type", value=country, expected="text")
        if not _COUNTRY.fullmatch(country):
            raise AnswersError(field, "enum", value=country,
                               allowed=("ISO 3166 alpha-2, e.g. SE",))
    return {
        "assessment": assessment,
        "forms": tuple(_read_enum(form, f"exploitation.forms[{index}]", v.EXPLOITATION_FORMS)
                       for index, form in enumerate(forms)),
        "countries": tuple(countries),
    }


def _read_authority(entry: Any, field: str) -> AuthorityAnswer:
    entry = _read_object(entry, field)
    answer = AuthorityAnswer(
        authority=_read_enum(_required(entry, "authority", field), f"{field}.authority",
                             v.AUTHORITIES),
        asked_for=_read_enum(_required(entry, "asked_for", field), f"{field}.asked_for",
                             v.ASKED_FOR),
        outcome=_read_enum(_required(entry, "outcome", field), f"{field}.outcome",
                           v.AUTHORITY_OUTCOMES),
        written_decision=_optional(entry, "written_decision", False, _read_bool,
                                   f"{field}.written_decision"),
        reason=_optional(entry, "reason", "", _read_text, f"{field}.reason"),
        reason_category=_optional(entry, "reason_category", None, _read_enum,
                                  f"{field}.reason_category", v.REASON_CATEGORIES),
    )
    if answer.written_decision and answer.outcome == "not_asked":
        # An authority that was never asked cannot have decided in writing.
        raise AnswersError(
            f"{field}.written_decision", "contradiction", other=f"{field}.outcome",
            detail={"en": "there is a written decision, yet the authority was not asked.",
                    "sv": "det finns ett skriftligt beslut, men myndigheten tillfrågades inte."},
        )
    if answer.reason_category is not None and answer.outcome not in v.NOT_OBTAINED_OUTCOMES:
        # A reason why support was not obtained needs an answer that withheld it.
        raise AnswersError(
            f"{field}.reason_category", "contradiction", other=f"{field}.outcome",
            detail={"en": "there is a reason why support was not obtained, yet the authority "
                          "has not refused it or left it undecided.",
                    "sv": "det finns ett skäl till att stödet inte erhölls, men myndigheten har "
                          "inte nekat eller lämnat det obeslutat."},
        )
    return answer


def _read_specific_item(entry: Any, field: str) -> SpecificItem:
    entry = _read_object(entry, field)
    return SpecificItem(
        item=_read_text(_required(entry, "item", field), f"{field}.item", allow_empty=False),
        cost=_read_int(_required(entry, "cost", field), f"{field}.cost", MAX_SEK),
        quantity=_read_quantity(entry, f"{field}.quantity"),
        for_child=_optional(entry, "for_child", False, _read_bool, f"{field}.for_child"),
    )


def _read_quantity(entry: Mapping, field: str) -> int:
    quantity = _optional(entry, "quantity", 1, _read_int, field, MAX_COUNT)
    if quantity < 1:
        raise AnswersError(field, "too_small", value=quantity, minimum=1)
    return quantity


def _read_days_used(doc: Mapping) -> dict[str, int]:
    section = _optional(doc, "days_used", {}, _read_object, "days_used")
    return {
        counter: _optional(section, counter, 0, _read_int, f"days_used.{counter}", MAX_DAYS)
        for counter in v.DAYS_USED_COUNTERS
    }


def read_answers(doc: Any) -> Answers:
    """Check an answers document and return it typed, or raise AnswersError."""
    if not isinstance(doc, dict):
        raise AnswersError("answers", "type", value=doc, expected="object")
    person = _read_person(doc)
    exploitation = _read_exploitation(doc)
    authorities = _optional(doc, "authorities", [], _read_list, "authorities")
    need = _read_enum(_required(doc, "need", ""), "need", v.NEEDS)
    items = _optional(doc, "specific_items", [], _read_list, "specific_items")
    if need == "specific" and not items:
        raise AnswersError("specific_items", "required")
    answers = Answers(
        application_date=_optional(doc, "application_date", None, _read_date, "application_date"),
        period_start=_optional(doc, "period_start", None, _read_date, "period_start"),
        **person,
        **exploitation,
        police_report=_optional(doc, "police_report", "unknown", _read_enum, "police_report",
                                v.POLICE_REPORTS),
        residence_status=_read_enum(_required(doc, "residence_status", ""), "residence_status",
                                    v.RESIDENCE_STATUSES),
        ongoing_process_in_sweden=_optional(doc, "ongoing_process_in_sweden", False, _read_bool,
                                            "ongoing_process_in_sweden"),
        detained_or_facing_removal=_optional(doc, "detained_or_facing_removal", False,
                                             _read_bool, "detained_or_facing_removal"),
        authorities=tuple(_read_authority(entry, f"authorities[{index}]")
                          for index, entry in enumerate(authorities)),
        acute=_optional(doc, "acute", False, _read_bool, "acute"),
        fear_of_authorities=_optional(doc, "fear_of_authorities", False, _read_bool,
                                      "fear_of_authorities"),
        need=need,
        specific_items=tuple(_read_specific_item(entry, f"specific_items[{index}]")
                             for index, entry in enumerate(items)),
        in_nsp_shelter=_optional(doc, "in_nsp_shelter", False, _read_bool, "in_nsp_shelter"),
        days_used=_read_days_used(doc),
        daily_allowance_from_migration_agency=_optional(
            doc, "daily_allowance_from_migration_agency", 0, _read_int,
            "daily_allowance_from_migration_agency", MAX_SEK),
    )
    _check_contradictions(answers)
    return answers


def _check_contradictions(answers: Answers) -> None:
    """Combinations that cannot both be true (documented in READING.md)."""
    if answers.daily_allowance_from_migration_agency > 0 and (
        answers.residence_status == "swedish_citizen"
    ):
        # Migrationsverket's daily allowance (LMA) is for asylum seekers, never for citizens.
        raise AnswersError(
            "daily_allowance_from_migration_agency", "contradiction", other="residence_status",
            detail={"en": "a Swedish citizen cannot receive the Migration Agency's daily "
                          "allowance.",
                    "sv": "en svensk medborgare kan inte få dagersättning från "
                          "Migrationsverket."},
        )

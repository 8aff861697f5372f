"""Bad input never escapes validate_answer as anything but AnswerInvalid (issue 8, item 7).

NUL and other control characters, text of any length, numbers of thousands of digits,
dates in year 1, 1900 or 2099, lists where a word was expected, dicts, None: each gives a
clear message in Swedish and English. The property test at the end throws thousands of
generated answers at every kind of question.
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.flow import AnswerInvalid, load_questions, validate_answer
from intake.flow.answers import CONTROL, text_limit
from intake.flow.countries import is_country
from intake.flow.model import KINDS, MAX_LIST_ITEMS, Question
from intake.rules.answers import MAX_LIST

TODAY = date(2025, 6, 1)
BANK = load_questions()
REASON = "authority.police.request.shelter.reason"


def q(question_id: str) -> Question:
    return BANK.get(question_id)


def short_id(value: Any) -> str:
    """A test id that does not try to print a number of 5 000 digits."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"{'-' if value < 0 else ''}int_of_{value.bit_length()}_bits"
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def error_of(question: Question, raw: Any, today: date = TODAY) -> AnswerInvalid:
    with pytest.raises(AnswerInvalid) as caught:
        validate_answer(question, raw, "sv", today=today)
    return caught.value


# ------------------------------------------------------------------ control characters


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800"])
def test_control_characters_are_refused_with_a_message(character):
    error = error_of(q(REASON), f"avslag{character}")
    assert (error.field, error.code) == (REASON, "control_character")
    assert "styrtecken" in error.message_sv and "control character" in error.message_en
    assert character not in error.message_sv + error.message_en


def test_a_control_character_anywhere_names_where_it_is():
    medication = q("initial_assessment.health.medication")
    assert error_of(medication, {"value": "yes", "note": "insulin\x00"}).field == (
        "initial_assessment.health.medication.note"
    )
    assert error_of(medication, {"value": "y\x00es", "note": ""}).field == medication.id
    assert error_of(q("need"), "shelter\x00").code == "control_character"
    items = error_of(q("specific_items"), [{"item": "interpreter\x00", "cost": "5"}])
    assert (items.field, items.code) == ("specific_items[0].item", "control_character")
    days = error_of(q("days_used"), {"reflection": "1\x00", "extended": "0", "integration": "0"})
    assert days.field == "days_used.reflection"
    assert error_of(q("exploitation.countries"), ["SE", "\x00"]).field == "exploitation.countries[1]"
    assert error_of(q("period_start"), "2025-03-01\x00").code == "control_character"


def test_line_breaks_tabs_and_joiners_are_kept():
    note = "rad ett\n\trad två\u200c"  # the zero-width non-joiner is part of Persian script
    assert validate_answer(q("summary.overall"), note, "sv", today=TODAY) == note


def test_a_browser_line_break_counts_once():
    # A textarea's maxlength counts a line break as one; the post carries CR LF.
    reason = q(REASON)
    typed = "ab\r\n" * 166 + "ab"  # 500 characters as the browser counts them
    stored = validate_answer(reason, typed, "sv", today=TODAY)
    assert len(stored) == 500 and "\r" not in stored


# ------------------------------------------------------------------ length


def test_over_long_text_and_notes():
    assert error_of(q(REASON), "x" * 501).code == "too_long"
    huge = error_of(q(REASON), "x" * 5_000_000)
    assert huge.code == "too_long" and huge.message_en == "At most 500 characters."
    medication = q("initial_assessment.health.medication")
    note = error_of(medication, {"value": "no", "note": "x" * 4001})
    assert (note.field, note.message_sv) == (medication.id + ".note", "Högst 4000 tecken.")
    assert error_of(q("summary.exposure"), "x" * 4001).code == "too_long"


def test_a_long_wrong_choice_is_not_echoed_whole():
    error = error_of(q("need"), "money" * 3000)
    assert error.code == "unknown_choice"
    assert len(error.message_en) < 400 and "…" in error.message_en


@pytest.mark.parametrize(
    ("question_id", "raw", "code"),
    [
        ("complementarity.authorities", ["police"] * (MAX_LIST_ITEMS + 1), "too_many_items"),
        ("exploitation.countries", ["SE"] * (MAX_LIST_ITEMS + 1), "too_many_items"),
        ("exploitation.countries", " SE" * 10_000, "too_long"),
        ("specific_items", [{"item": "food", "cost": "1"}] * (MAX_LIST_ITEMS + 1), "too_many_rows"),
        ("specific_items", [[[[["deep"]]]]], "too_many_parts"),
        ("need", {"a": {"b": {"c": {"d": {"e": "f"}}}}}, "too_many_parts"),
        ("complementarity.authorities", ["x"] * 5000, "too_many_parts"),
    ],
)
def test_sizes_beyond_any_form_are_refused(question_id, raw, code):
    assert error_of(q(question_id), raw).code == code


def test_the_list_limit_is_the_rules_limit():
    assert MAX_LIST_ITEMS == MAX_LIST


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("question_id", "raw", "code", "message_en"),
    [
        ("daily_allowance_from_migration_agency", "9" * 5000, "too_large",
         "The value must not be more than 500."),
        ("daily_allowance_from_migration_agency", "-" + "9" * 5000, "too_small",
         "The value must not be less than 0."),
        ("daily_allowance_from_migration_agency", 10**5000, "too_large",
         "The value must not be more than 500."),
        ("daily_allowance_from_migration_agency", -(10**5000), "too_small",
         "The value must not be less than 0."),
        ("daily_allowance_from_migration_agency", "-1", "too_small",
         "The value must not be less than 0."),
        ("daily_allowance_from_migration_agency", "1e5", "not_a_number",
         "Enter a whole number, for example 12."),
        ("daily_allowance_from_migration_agency", 12.5, "not_a_number",
         "Enter a whole number, for example 12."),
        ("daily_allowance_from_migration_agency", math.inf, "not_a_number",
         "Enter a whole number, for example 12."),
        ("daily_allowance_from_migration_agency", math.nan, "not_a_number",
         "Enter a whole number, for example 12."),
        ("daily_allowance_from_migration_agency", ["12"], "not_a_number",
         "Enter a whole number, for example 12."),
        ("daily_allowance_from_migration_agency", True, "not_a_number",
         "Enter a whole number, for example 12."),
    ],
    ids=short_id,
)
def test_numbers_of_any_size_and_type(question_id, raw, code, message_en):
    error = error_of(q(question_id), raw)
    assert (error.code, error.message_en) == (code, message_en)


def test_days_and_amounts_of_thousands_of_digits():
    days = error_of(q("days_used"), ["9" * 4301, "0", "0"])
    assert (days.field, days.message_en) == (
        "days_used.reflection",
        "At most 730 days. Please check the number.",
    )
    negative = error_of(q("days_used"), ["0", "\u2212" + "9" * 4400, "0"])  # a typographic minus
    assert (negative.field, negative.code) == ("days_used.extended", "negative_days")
    cost = error_of(q("specific_items"), [{"item": "food", "cost": "1" * 9999}])
    assert (cost.field, cost.code) == ("specific_items[0].cost", "too_large")


def test_numbers_as_people_write_them():
    allowance = q("daily_allowance_from_migration_agency")
    assert validate_answer(allowance, "000000000000000000000012", "sv", today=TODAY) == 12
    assert validate_answer(allowance, "\u00a0 61 ", "sv", today=TODAY) == 61
    assert validate_answer(allowance, 61.0, "sv", today=TODAY) == 61
    assert validate_answer(allowance, "+0", "sv", today=TODAY) == 0


def test_a_question_without_bounds_still_refuses_a_number_nobody_has():
    unbounded = Question(
        id="count", section="days", kind="integer", text_sv="Antal", text_en="Count", required=True
    )
    error = error_of(unbounded, "9" * 4301)
    assert error.code == "number_too_long"
    assert error.message_en == "The number has too many digits (at most 12)."
    assert error_of(unbounded, -(10**40)).code == "number_too_long"
    assert validate_answer(unbounded, "-5", "sv", today=TODAY) == -5


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("raw", "code", "message_en"),
    [
        ("0001-01-01", "date_too_early", "The date cannot be earlier than 2015-01-01."),
        ("1900-01-01", "date_too_early", "The date cannot be earlier than 2015-01-01."),
        ("2014-12-31", "date_too_early", "The date cannot be earlier than 2015-01-01."),
        ("2099-12-31", "date_in_future",
         "The date cannot be in the future (at the latest 2025-06-01)."),
        ("9999-12-31", "date_in_future",
         "The date cannot be in the future (at the latest 2025-06-01)."),
        ("2025-13-01", "date_format", "Write the date as YYYY-MM-DD, for example 2025-06-01."),
        ("2025-6-1", "date_format", "Write the date as YYYY-MM-DD, for example 2025-06-01."),
        ("idag", "date_format", "Write the date as YYYY-MM-DD, for example 2025-06-01."),
        (["2025-03-01"], "date_format", "Write the date as YYYY-MM-DD, for example 2025-06-01."),
        ({"date": "2025-03-01"}, "date_format",
         "Write the date as YYYY-MM-DD, for example 2025-06-01."),
        (20250301, "date_format", "Write the date as YYYY-MM-DD, for example 2025-06-01."),
    ],
)
def test_the_application_date_lies_between_the_programme_start_and_today(raw, code, message_en):
    error = error_of(q("application_date"), raw)
    assert (error.code, error.message_en) == (code, message_en)
    assert error.message_sv != error.message_en


def test_the_application_date_bounds_themselves_are_taken():
    application = q("application_date")
    assert validate_answer(application, "2015-01-01", "sv", today=TODAY) == "2015-01-01"
    assert validate_answer(application, "2025-06-01", "sv", today=TODAY) == "2025-06-01"
    assert validate_answer(application, datetime(2025, 3, 1, 23, 59), "sv", today=TODAY) == (
        "2025-03-01"
    )
    assert application.date_bounds(TODAY) == (date(2015, 1, 1), TODAY)


def test_the_period_starts_within_a_sensible_window():
    period = q("period_start")
    latest = TODAY + timedelta(days=366)
    assert period.date_bounds(TODAY) == (date(2015, 1, 1), latest)
    assert validate_answer(period, latest.isoformat(), "sv", today=TODAY) == latest.isoformat()
    late = error_of(period, (latest + timedelta(days=1)).isoformat())
    assert (late.code, late.message_sv) == (
        "date_too_late",
        f"Datumet kan inte vara senare än {latest.isoformat()}.",
    )
    assert error_of(period, "2099-01-01").code == "date_too_late"
    assert error_of(period, "1900-01-01").code == "date_too_early"
    assert validate_answer(period, "2015-01-01", "sv", today=TODAY) == "2015-01-01"


# ------------------------------------------------------------------ wrong types


@pytest.mark.parametrize(
    ("question_id", "raw", "code"),
    [
        ("need", ["shelter"], "wrong_shape"),
        ("need", {"value": "shelter"}, "wrong_shape"),
        ("need", 3, "wrong_shape"),
        ("need", None, "required"),
        ("acute", ["yes"], "wrong_shape"),
        ("acute", 1, "wrong_shape"),
        ("referred_by", ["self", "police"], "wrong_shape"),
        (REASON, ["text"], "wrong_shape"),
        (REASON, {"text": "x"}, "wrong_shape"),
        ("summary.overall", 42, "wrong_shape"),
        ("complementarity.authorities", {"police": True}, "wrong_shape"),
        ("complementarity.authorities", [["police"]], "wrong_shape"),
        ("complementarity.authorities", [None], "wrong_shape"),
        ("exploitation.countries", 46, "wrong_shape"),
        ("specific_items", "interpreter 1200", "wrong_shape"),
        ("specific_items", ["interpreter"], "wrong_shape"),
        ("specific_items", [{"item": ["food"], "cost": "1"}], "wrong_shape"),
        ("days_used", "30", "wrong_shape"),
        ("days_used", ["30", "0"], "wrong_shape"),
        ("days_used", {"reflection": [1], "extended": "0", "integration": "0"}, "not_a_number"),
        ("initial_assessment.health.medication", {"value": "yes", "note": ["x"]}, "wrong_shape"),
        ("initial_assessment.health.medication", {"value": ["yes"], "note": ""}, "wrong_shape"),
    ],
)
def test_wrong_types_are_answers_with_the_wrong_form(question_id, raw, code):
    error = error_of(q(question_id), raw)
    assert error.code == code
    assert error.message_sv and error.message_en


# ------------------------------------------------------------------ the property


def assert_storable(question: Question, value: Any, today: date) -> None:
    """What validate_answer returned is a value of this question, and fits the database."""
    if value is None:
        assert not question.required
        return
    text = json.dumps(value, ensure_ascii=False)
    assert not CONTROL.search(text)
    if question.note:
        assert set(value) == {"value", "note"} and isinstance(value["note"], str)
        assert len(value["note"]) <= text_limit(question)
        value = value["value"]
    kind = question.kind
    if kind in ("choice", "yes_no", "yes_no_unknown"):
        assert value in question.allowed_values
    elif kind == "multi_choice":
        assert value and len(set(value)) == len(value)
        assert set(value) <= set(question.allowed_values)
        if len(value) > 1:
            assert not any(question.choice(item).exclusive for item in value)
    elif kind in ("text", "note"):
        assert isinstance(value, str) and value.strip() == value and value
        assert len(value) <= text_limit(question)
    elif kind == "integer":
        assert type(value) is int and question.min <= value <= question.max
    elif kind == "date":
        parsed = date.fromisoformat(value)
        earliest, latest = question.date_bounds(today)
        assert earliest <= parsed <= latest
    elif kind == "country_list":
        assert value and len(value) <= MAX_LIST_ITEMS and all(is_country(code) for code in value)
    elif kind == "items":
        assert value and len(value) <= MAX_LIST_ITEMS
        for row in value:
            assert set(row) == {"item", "cost"} and row["item"] in question.allowed_values
            assert type(row["cost"]) is int and question.min <= row["cost"] <= question.max
    elif kind == "days_used":
        assert set(value) == {"reflection", "extended", "integration"}
        assert all(type(days) is int and question.min <= days <= question.max
                   for days in value.values())
    else:
        raise AssertionError(kind)


# Every question as the chat asks it: plain ones, and the templates as instances.
QUESTIONS = [question for question in BANK if not question.is_template] + [
    BANK.get("authority.social_services.asked_for"),
    *(
        BANK.get(f"authority.migration_agency.request.relocation.{field}")
        for field in ("outcome", "written_decision", "reason_category", "reason")
    ),
]

BY_KIND = {kind: [question for question in QUESTIONS if question.kind == kind] for kind in KINDS}

any_text = st.text(st.characters(exclude_categories=()), max_size=40)
awkward_strings = st.sampled_from([
    "", " ", "\x00", "ja\x00", "\x1b[31m", "\ud800", "\u200c", "\u2212", "\u00a0", "\r\n", "\t",
    "Ja", "nej", "Vet ej", "NONE", "0", "-0", "+5", "−5", "1 200", "12.5", "1e9", "١٢", "٣٠",
    "0001-01-01", "1900-01-01", "2014-12-31", "2015-01-01", "2099-12-31", "9999-12-31",
    "2025-02-30", "2025-3-1", "SE", "xx", "se, it", "SE;IT;RO",
])
long_digits = st.integers(1, 6000).map(lambda n: "9" * n)
signed_long = st.tuples(st.sampled_from(["", "-", "+", "−"]), long_digits).map("".join)
# Whole numbers up to thousands of digits (drawn as powers of ten: drawing the digits is slow).
huge = st.tuples(st.sampled_from([-1, 1]), st.integers(0, 6000), st.integers(-9, 9)).map(
    lambda parts: parts[0] * 10 ** parts[1] + parts[2]
)
numbers = st.integers() | huge | st.floats() | signed_long
dates = (
    st.dates().map(date.isoformat)
    | st.dates()
    | st.datetimes()
    | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True)
)
scalars = st.none() | st.booleans() | numbers | any_text | awkward_strings | dates
json_like = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(any_text | awkward_strings, children, max_size=4),
    max_leaves=12,
)


@functools.cache
def shaped_for(question_id: str) -> st.SearchStrategy[Any]:
    """Raw answers that look like what a form posts for this kind, with bad parts mixed in."""
    question = BANK.get(question_id)
    values = list(question.allowed_values)
    labels = [choice.label_sv for choice in question.choices] + [c.label_en for c in question.choices]
    word = st.sampled_from(values + labels or ["x"]) | awkward_strings | any_text
    number = st.integers(-10, 2000).map(str) | numbers
    kind = question.kind
    if kind in ("choice", "yes_no", "yes_no_unknown"):
        shaped = word
    elif kind in ("multi_choice", "country_list"):
        countries = st.sampled_from(["SE", "IT", "RO", "NG", "se", "XX", "", "  "])
        shaped = st.lists(word | countries, max_size=8) | word
    elif kind in ("text", "note"):
        shaped = any_text | st.integers(0, 30_000).map(lambda n: "å" * n) | awkward_strings
    elif kind == "integer":
        shaped = number
    elif kind == "date":
        shaped = dates | awkward_strings
    elif kind == "items":
        row = st.fixed_dictionaries({"item": word | st.none(), "cost": number | st.none()})
        shaped = st.lists(row | json_like, max_size=6)
    elif kind == "days_used":
        shaped = st.lists(number, min_size=3, max_size=3) | st.fixed_dictionaries(
            {part: number | st.none() for part in ("reflection", "extended", "integration")}
        )
    else:
        raise AssertionError(kind)
    if question.note:
        note = any_text | awkward_strings | st.integers(1990, 2100).map(lambda n: "n" * n)
        shaped = shaped | st.fixed_dictionaries({"value": shaped, "note": note | json_like})
    return shaped | json_like


COUNTS: Counter[str] = Counter()


@settings(max_examples=3300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def _validate_anything(data):
    kind = data.draw(st.sampled_from(KINDS), label="kind")  # every kind as often
    question = data.draw(st.sampled_from(BY_KIND[kind]), label="question")
    raw = data.draw(shaped_for(question.id), label="raw")
    today = data.draw(st.dates(date(2015, 1, 1), date(2035, 12, 31)), label="today")
    lang = data.draw(st.sampled_from(["sv", "en", "ar"]), label="lang")
    COUNTS[question.kind] += 1
    try:
        value = validate_answer(question, raw, lang, today=today)
    except AnswerInvalid as error:
        assert error.message_sv and error.message_en and error.field.startswith(question.id)
        assert not CONTROL.search(error.message_sv + error.message_en)
        COUNTS["refused"] += 1
        return
    assert_storable(question, value, today)


def test_whatever_comes_in_only_a_value_or_answer_invalid_comes_out(capsys):
    COUNTS.clear()
    _validate_anything()
    total = sum(count for kind, count in COUNTS.items() if kind in KINDS)
    with capsys.disabled():
        per_kind = ", ".join(f"{kind} {COUNTS[kind]}" for kind in KINDS)
        print(f"\nvalidate_answer: {total} generated answers ({per_kind}); "
              f"{COUNTS['refused']} refused with AnswerInvalid, 0 other exceptions")
    assert total >= 3000
    assert {kind for kind in KINDS if COUNTS[kind] >= 150} == set(KINDS)

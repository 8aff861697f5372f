"""Parsing answers from form posts, with errors in Swedish and English."""

from __future__ import annotations

from datetime import date

import pytest

from intake.flow import AnswerInvalid, load_questions, validate_answer
from intake.flow.model import Question

TODAY = date(2025, 6, 1)
BANK = load_questions()


def q(question_id: str) -> Question:
    return BANK.get(question_id)


def error_of(question: Question, raw, lang: str = "sv") -> AnswerInvalid:
    with pytest.raises(AnswerInvalid) as caught:
        validate_answer(question, raw, lang, today=TODAY)
    return caught.value


BIRTH_YEAR = Question(
    id="birth_year",
    section="residence",
    kind="integer",
    text_sv="Födelseår",
    text_en="Year of birth",
    required=True,
    min=1900,
    not_future=True,
)


# ------------------------------------------------------------------ errors, both languages


@pytest.mark.parametrize("raw", [None, "", "   ", []])
def test_an_empty_required_answer(raw):
    error = error_of(q("need"), raw)
    assert (error.field, error.code) == ("need", "required")
    assert error.message_sv == "Svar krävs."
    assert error.message_en == "An answer is required."
    assert error.message("sv") == "Svar krävs." and error.message("en") == "An answer is required."


def test_not_a_number():
    error = error_of(q("daily_allowance_from_migration_agency"), "tjugo")
    assert error.code == "not_a_number"
    assert error.message_sv == "Ange ett heltal, till exempel 12."
    assert error.message_en == "Enter a whole number, for example 12."
    assert error_of(q("daily_allowance_from_migration_agency"), "12.5").code == "not_a_number"


def test_a_date_in_the_wrong_format_shows_the_expected_format():
    for raw in ("1/3/2025", "2025-3-1", "20250301", "2025-02-30"):
        error = error_of(q("period_start"), raw)
        assert error.code == "date_format"
        assert "ÅÅÅÅ-MM-DD" in error.message_sv and "2025-06-01" in error.message_sv
        assert "YYYY-MM-DD" in error.message_en


def test_an_application_date_in_the_future():
    error = error_of(q("application_date"), "2025-06-02")
    assert error.code == "date_in_future"
    assert error.message_sv == "Datumet kan inte ligga i framtiden (senast 2025-06-01)."
    assert error.message_en == "The date cannot be in the future (at the latest 2025-06-01)."
    assert validate_answer(q("application_date"), "2025-06-01", "sv", today=TODAY) == "2025-06-01"


def test_a_period_may_start_in_the_future():
    assert validate_answer(q("period_start"), "2026-01-01", "sv", today=TODAY) == "2026-01-01"


def test_a_birth_year_in_the_future():
    error = error_of(BIRTH_YEAR, "2026")
    assert error.code == "year_in_future"
    assert error.message_sv == "Året kan inte ligga i framtiden (senast 2025)."
    assert error.message_en == "The year cannot be in the future (at the latest 2025)."
    assert validate_answer(BIRTH_YEAR, "1987", "sv", today=TODAY) == 1987


def test_an_unknown_choice_lists_the_options():
    error = error_of(q("need"), "money")
    assert error.code == "unknown_choice"
    assert error.message_sv.startswith(
        "”money” är inget av alternativen. Välj bland: Skyddat boende"
    )
    assert error.message_en.startswith(
        "“money” is not one of the options. Choose from: Protected housing"
    )
    assert error_of(q("complementarity.authorities"), ["police", "army"]).code == "unknown_choice"
    assert error_of(q("acute"), "maybe").code == "unknown_choice"
    assert error_of(q("acute"), "dont_know").code == "unknown_choice"  # yes_no has no unknown


def test_negative_days():
    error = error_of(q("days_used"), {"reflection": "0", "extended": "-3", "integration": "0"})
    assert (error.field, error.code) == ("days_used.extended", "negative_days")
    assert error.message_sv == "Antalet dagar kan inte vara negativt."
    assert error.message_en == "The number of days cannot be negative."


def test_days_over_a_sane_max():
    error = error_of(q("days_used"), ["5000", "0", "0"])
    assert (error.field, error.code) == ("days_used.reflection", "too_many_days")
    assert error.message_sv == "Högst 730 dagar. Kontrollera siffran."
    assert error.message_en == "At most 730 days. Please check the number."


def test_a_missing_part_of_days_used():
    error = error_of(q("days_used"), {"reflection": "30", "extended": "", "integration": "0"})
    assert (error.field, error.code) == ("days_used.extended", "required")


def test_none_cannot_be_combined():
    error = error_of(q("complementarity.authorities"), ["none", "police"])
    assert error.code == "exclusive_choice"
    assert "Ingen myndighet är inkopplad" in error.message_sv
    assert "No authority is involved" in error.message_en


def test_item_rows_name_the_row_and_field():
    items = q("specific_items")
    assert (
        error_of(items, [{"item": "interpreter", "cost": "-5"}]).field == "specific_items[0].cost"
    )
    assert error_of(items, [{"item": "interpreter", "cost": "-5"}]).code == "negative_amount"
    assert error_of(items, [{"item": "", "cost": "5"}]).field == "specific_items[0].item"
    assert error_of(items, [{"item": "yacht", "cost": "5"}]).code == "unknown_choice"
    assert error_of(items, [{"item": "food", "cost": "lots"}]).code == "not_a_number"


def test_unknown_country_codes():
    error = error_of(q("exploitation.countries"), ["SE", "XX"])
    assert error.code == "unknown_country"
    assert "XX" in error.message_sv and "XX" in error.message_en


def test_texts_have_a_length_limit():
    reason = q("authority.police.request.shelter.reason")
    assert reason.max_length == 500
    assert validate_answer(reason, "x" * 500, "sv", today=TODAY) == "x" * 500
    error = error_of(reason, "x" * 501)
    assert (error.code, error.field) == ("too_long", "authority.police.request.shelter.reason")
    assert (error.message_sv, error.message_en) == ("Högst 500 tecken.", "At most 500 characters.")


# ------------------------------------------------------------------ values


def test_values_as_stored():
    assert validate_answer(q("need"), " specific ", "sv", today=TODAY) == "specific"
    assert (
        validate_answer(q("residence_status"), "Asylsökande", "sv", today=TODAY) == "asylum_seeker"
    )
    assert validate_answer(q("acute"), "Ja", "sv", today=TODAY) == "yes"
    assert validate_answer(q("acute"), True, "sv", today=TODAY) == "yes"
    assert validate_answer(q("complementarity.authorities"), "police", "sv", today=TODAY) == [
        "police"
    ]
    assert validate_answer(
        q("complementarity.authorities"),
        ["police", "migration_agency", "police"],
        "sv",
        today=TODAY,
    ) == ["police", "migration_agency"]
    assert validate_answer(q("exploitation.countries"), "it, se", "sv", today=TODAY) == ["IT", "SE"]
    assert validate_answer(q("days_used"), ["30", "1 0", "0"], "sv", today=TODAY) == {
        "reflection": 30,
        "extended": 10,
        "integration": 0,
    }
    assert validate_answer(
        q("specific_items"),
        [{"item": "Tolk", "cost": "1 200"}, {"item": "", "cost": ""}],
        "sv",
        today=TODAY,
    ) == [{"item": "interpreter", "cost": 1200}]
    assert (
        validate_answer(q("application_date"), date(2025, 3, 1), "sv", today=TODAY) == "2025-03-01"
    )


def test_optional_questions_can_be_skipped():
    assert validate_answer(q("authority.police.request.care.reason"), "", "sv", today=TODAY) is None
    assert validate_answer(q("exploitation.countries"), [], "sv", today=TODAY) is None
    assert validate_answer(q("summary.overall"), "  ", "sv", today=TODAY) is None


def test_assessment_answers_carry_a_note():
    question = q("initial_assessment.health.medication")
    assert validate_answer(question, {"value": "yes", "note": " insulin "}, "sv", today=TODAY) == {
        "value": "yes",
        "note": "insulin",
    }
    assert validate_answer(question, "wont_answer", "sv", today=TODAY) == {
        "value": "wont_answer",
        "note": "",
    }
    assert validate_answer(question, "Vill ej svara", "sv", today=TODAY)["value"] == "wont_answer"
    assert error_of(question, {"value": "", "note": "text"}).code == "required"

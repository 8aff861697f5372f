"""AnswersError: a field path, a code, and a sentence in sv and en that names the field."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from intake.rules import AnswersError, recommend

VALID = {
    "period_start": "2025-03-01",
    "application_date": "2025-03-01",
    "person": {"age_group": "adult", "gender": "woman", "children_accompanying": 0},
    "exploitation": {"assessment": "probable", "forms": ["sexual"], "countries": ["SE"]},
    "police_report": "none",
    "residence_status": "resident",
    "authorities": [{"authority": "social_services", "asked_for": "shelter",
                     "outcome": "refused", "written_decision": True}],
    "need": "shelter",
    "days_used": {"reflection": 0, "extended": 0, "integration": 0},
}


def changed(path: str, value):
    """VALID with the answer at dotted path set to value (or removed if value is ...)."""
    doc = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target = doc
    for part in parents:
        target = target[part]
    if value is ...:
        target.pop(last, None)
    else:
        target[last] = value
    return doc


CASES = [
    # (answers, field, code)
    (changed("person", ...), "person", "required"),
    (changed("person.age_group", ...), "person.age_group", "required"),
    (changed("person.age_group", "elder"), "person.age_group", "enum"),
    (changed("person.age_group", 3), "person.age_group", "type"),
    (changed("person", "adult"), "person", "type"),
    (changed("person.with_guardian", "yes"), "person.with_guardian", "type"),
    (changed("person.children_accompanying", -1), "person.children_accompanying", "negative"),
    (changed("person.children_accompanying", 1.5), "person.children_accompanying", "type"),
    (changed("person.children_accompanying", 10**9), "person.children_accompanying",
     "too_large"),
    (changed("exploitation.assessment", ...), "exploitation.assessment", "required"),
    (changed("exploitation.forms", ["sexual", "slavery"]), "exploitation.forms[1]", "enum"),
    (changed("exploitation.forms", "sexual"), "exploitation.forms", "type"),
    (changed("residence_status", ...), "residence_status", "required"),
    (changed("residence_status", "citizen"), "residence_status", "enum"),
    (changed("need", ...), "need", "required"),
    (changed("police_report", "yes"), "police_report", "enum"),
    (changed("acute", "true"), "acute", "type"),
    (changed("period_start", "2025-3-1"), "period_start", "date"),
    (changed("period_start", "2025-03-01T10:00"), "period_start", "date"),
    (changed("application_date", "2025-13-01"), "application_date", "date"),
    (changed("period_start", 20250301), "period_start", "type"),
    (changed("days_used.extended", -30), "days_used.extended", "negative"),
    (changed("days_used", [0, 0, 0]), "days_used", "type"),
    (changed("authorities", {"authority": "police"}), "authorities", "type"),
    (changed("authorities", [{"authority": "police", "outcome": "refused"}]),
     "authorities[0].asked_for", "required"),
    (changed("authorities", [{"authority": "mayor", "asked_for": "shelter",
                              "outcome": "refused"}]), "authorities[0].authority", "enum"),
    (changed("daily_allowance_from_migration_agency", -24),
     "daily_allowance_from_migration_agency", "negative"),
    (changed("specific_items", [{"item": "", "cost": 10}]), "specific_items[0].item", "empty"),
    (changed("specific_items", [{"item": "pram", "cost": 10, "quantity": 0}]),
     "specific_items[0].quantity", "too_small"),
]


@pytest.mark.parametrize("answers, field, code", CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_error_names_the_field_in_both_languages(answers, field, code):
    with pytest.raises(AnswersError) as caught:
        recommend(answers)
    error = caught.value
    assert (error.field, error.code) == (field, code)
    english, swedish = error.message("en"), error.message("sv")
    assert f"'{field}'" in english and f"'{field}'" in swedish
    assert english != swedish
    assert str(error) == english
    assert english.endswith(".") and swedish.endswith(".")


def test_it_is_a_value_error():
    with pytest.raises(ValueError):
        recommend(changed("need", "housing"))


def test_enum_message_lists_the_allowed_values():
    with pytest.raises(AnswersError) as caught:
        recommend(changed("need", "housing"))
    assert "'housing'" in caught.value.message("en")
    assert "shelter, exit_from_shelter, integration, return, specific" in (
        caught.value.message("sv"))


def test_no_ruleset_names_the_date_field_and_the_years():
    with pytest.raises(AnswersError) as caught:
        recommend(changed("period_start", "2019-06-01"))
    error = caught.value
    assert (error.field, error.code) == ("period_start", "no_ruleset")
    assert "2019" in error.message("en") and "2016, 2022, 2025" in error.message("en")
    assert "inga programregler för år 2019" in error.message("sv")


def test_no_ruleset_for_today():
    doc = changed("period_start", ...)
    doc.pop("application_date")
    with pytest.raises(AnswersError) as caught:
        recommend(doc, today=date(2019, 1, 1))
    assert (caught.value.field, caught.value.code) == ("period_start", "no_ruleset")


def test_today_picks_the_year_when_no_date_is_given():
    doc = changed("period_start", ...)
    doc.pop("application_date")
    result = recommend(doc, today=date(2022, 5, 2))
    assert result["year"] == 2022
    assert result["interventions"][0]["start"] == "2022-05-02"


def test_year_override():
    result = recommend(VALID, year=2022)
    assert result["year"] == 2022 and result["interventions"][0]["rate"] == 1200
    with pytest.raises(AnswersError) as caught:
        recommend(VALID, year=2019)
    assert (caught.value.field, caught.value.code) == ("year", "no_ruleset")
    with pytest.raises(AnswersError) as caught:
        recommend(VALID, year="2025")
    assert (caught.value.field, caught.value.code) == ("year", "type")


def test_contradictions_name_both_fields():
    doc = changed("authorities", [{"authority": "social_services", "asked_for": "shelter",
                                   "outcome": "not_asked", "written_decision": True}])
    with pytest.raises(AnswersError) as caught:
        recommend(doc)
    assert caught.value.code == "contradiction"
    assert "'authorities[0].written_decision'" in caught.value.message("sv")
    assert "'authorities[0].outcome'" in caught.value.message("sv")
    assert "skriftligt beslut" in caught.value.message("sv")


@pytest.mark.parametrize("answers", [None, [], "shelter", 3, True])
def test_answers_that_are_not_an_object(answers):
    with pytest.raises(AnswersError) as caught:
        recommend(answers)
    assert (caught.value.field, caught.value.code) == ("answers", "type")
    assert "'answers'" in caught.value.message("sv")


def test_unknown_language():
    with pytest.raises(AnswersError) as caught:
        recommend(VALID, lang="de")
    assert caught.value.field == "lang"


def test_null_counts_as_not_answered():
    doc = changed("police_report", None)
    doc["person"]["with_guardian"] = None
    assert recommend(doc)["outcome"] == "recommend"
    with pytest.raises(AnswersError) as caught:
        recommend(changed("need", None))
    assert (caught.value.field, caught.value.code) == ("need", "required")


def test_unknown_keys_are_ignored():
    doc = changed("notes", "free text the rules do not read")
    doc["person"]["initials"] = "A.M."
    assert recommend(doc) == recommend(VALID)


def test_whole_floats_count_as_whole_numbers():
    assert recommend(changed("days_used.reflection", 29.0))["interventions"][0]["days"] == 1

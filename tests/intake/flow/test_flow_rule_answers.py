"""to_rule_answers builds the RULES.md answers document; the worked examples round-trip."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake.flow import fill, script_from_rule_answers, to_rule_answers
from intake.flow.model import Question

SHARED_EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "domain" / "examples"
# The rules tests keep a copy of the worked examples (and check it against shared/).
EXAMPLES = SHARED_EXAMPLES if SHARED_EXAMPLES.is_dir() else (
    Path(__file__).resolve().parents[1] / "rules" / "vectors" / "examples")
TODAY = date(2030, 1, 1)
EXAMPLE_01 = {
    "period_start": "2025-03-01",
    "application_date": "2025-03-01",
    "person": {"age_group": "adult", "gender": "woman", "children_accompanying": 1},
    "exploitation": {"assessment": "probable", "forms": ["sexual"], "countries": ["IT"]},
    "police_report": "none",
    "residence_status": "asylum_seeker",
    "ongoing_process_in_sweden": True,
    "authorities": [
        {
            "authority": "migration_agency",
            "asked_for": "relocation",
            "outcome": "refused",
            "written_decision": True,
            "reason": "",
        },
        {
            "authority": "social_services",
            "asked_for": "shelter",
            "outcome": "referred_elsewhere",
            "written_decision": False,
            "reason": "",
        },
    ],
    "acute": True,
    "fear_of_authorities": False,
    "need": "shelter",
    "in_nsp_shelter": False,
    "days_used": {"reflection": 0, "extended": 0, "integration": 0},
}


def neutral(question: Question) -> Any:
    if question.kind in ("yes_no", "yes_no_unknown"):
        return "no"
    if question.id == "referred_by":
        return "self"
    if question.template_id == "authority.{authority}.request.{request}.reason_category":
        return "other"  # the worked examples predate the category
    return None


def without_categories(document: dict) -> dict:
    """The document as the worked examples write it, before reason categories existed."""
    if "authorities" not in document:
        return document
    entries = [
        {key: value for key, value in entry.items() if key != "reason_category"}
        for entry in document["authorities"]
    ]
    return {**document, "authorities": entries}


def test_a_full_path_gives_example_01():
    # What shelter staff would type, question by question, for example 01.
    script = {
        "complementarity.authorities": ["migration_agency", "social_services"],
        "authority.migration_agency.asked_for": ["relocation"],
        "authority.migration_agency.request.relocation.outcome": "refused",
        "authority.migration_agency.request.relocation.written_decision": "Ja",
        "authority.migration_agency.request.relocation.reason_category": "covered_by_lma",
        "authority.migration_agency.request.relocation.reason": "",
        "authority.social_services.asked_for": "Skyddat boende",
        "authority.social_services.request.shelter.outcome": "referred_elsewhere",
        "authority.social_services.request.shelter.written_decision": "Nej",
        "authority.social_services.request.shelter.reason_category": "Hänvisades till Migrationsverket",
        "referred_by": "regional_coordinator",
        "residence_status": "asylum_seeker",
        "ongoing_process_in_sweden": "yes",
        "police_report": "none",
        "exploitation.assessment": "probable",
        "exploitation.forms": ["sexual"],
        "exploitation.countries": "IT",
        "acute": "yes",
        "fear_of_authorities": "no",
        "in_nsp_shelter": "no",
        "days_used": {"reflection": "0", "extended": "0", "integration": "0"},
        "daily_allowance_from_migration_agency": "0",
        "need": "shelter",
        "application_date": "2025-03-01",
        "period_start": "2025-03-01",
    }
    case = {
        "initials": "GO",
        "birth_year": 1987,
        "nationality": "NG",
        "age_group": "adult",
        "gender": "woman",
        "children_accompanying": 1,
    }
    answers = fill(script, case, today=date(2025, 3, 1), fallback=neutral)
    document = to_rule_answers(answers, case)
    assert [entry.pop("reason_category") for entry in document["authorities"]] == [
        "covered_by_lma",
        "referred_to_migration_agency",
    ]
    assert {key: document[key] for key in EXAMPLE_01} == EXAMPLE_01
    # The only field beyond the example: the allowance, asked of every asylum seeker.
    assert set(document) - set(EXAMPLE_01) == {"daily_allowance_from_migration_agency"}
    assert document["daily_allowance_from_migration_agency"] == 0
    assert "initials" not in json.dumps(document) and "GO" not in json.dumps(document)


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", example_files(), ids=lambda path: path.stem)
def test_every_worked_example_round_trips(path: Path):
    expected = json.loads(path.read_text(encoding="utf-8"))["answers"]
    case = dict(expected["person"])
    script = script_from_rule_answers(expected)
    script.setdefault("daily_allowance_from_migration_agency", "0")
    answers = fill(script, case, today=TODAY, fallback=neutral)
    document = to_rule_answers(answers, case)
    extra = {key: document[key] for key in set(document) - set(expected)}
    assert {key: without_categories(document).get(key) for key in expected} == expected
    assert extra in ({}, {"daily_allowance_from_migration_agency": 0})
    # The categories the fallback gave are where the contract takes them, nowhere else.
    for entry in document.get("authorities", []):
        assert ("reason_category" in entry) == (
            entry["outcome"] in ("refused", "no_decision", "referred_elsewhere", "insufficient")
        )


def test_the_document_keeps_the_rules_order_and_shape():
    case = {
        "age_group": "adult",
        "gender": "non_binary",
        "children_accompanying": 0,
        "children_elsewhere": 2,
    }
    answers = fill(
        {
            "complementarity.authorities": ["none"],
            "residence_status": "undocumented",
            "ongoing_process_in_sweden": "dont_know",
            "police_report": "unknown",
            "exploitation.assessment": "possible",
            "exploitation.forms": ["labour", "begging"],
            "need": "specific",
            "specific_items": [
                {"item": "interpreter", "cost": "1200"},
                {"item": "transport", "cost": "300"},
            ],
            "days_used": ["30", "0", "0"],
            "application_date": "2025-04-01",
            "period_start": "2025-04-01",
        },
        case,
        today=TODAY,
        fallback=neutral,
    )
    document = to_rule_answers(answers, case)
    assert list(document) == [
        "application_date",
        "period_start",
        "person",
        "exploitation",
        "police_report",
        "residence_status",
        "authorities",
        "acute",
        "fear_of_authorities",
        "need",
        "specific_items",
        "in_nsp_shelter",
        "days_used",
    ]
    # dont_know about an ongoing process is left out, not guessed.
    assert "ongoing_process_in_sweden" not in document
    assert document["person"] == case
    assert document["exploitation"] == {"assessment": "possible", "forms": ["labour", "begging"]}
    assert document["authorities"] == []
    assert document["specific_items"] == [
        {"item": "interpreter", "cost": 1200},
        {"item": "transport", "cost": 300},
    ]
    assert document["days_used"] == {"reflection": 30, "extended": 0, "integration": 0}


def test_a_child_case_carries_with_guardian_and_an_adult_case_does_not():
    child = {"age_group": "child", "with_guardian": False, "gender": "unknown"}
    assert to_rule_answers({}, child)["person"] == child
    adult = {"age_group": "adult", "with_guardian": True}
    assert to_rule_answers({}, adult)["person"] == {"age_group": "adult"}


def test_a_partial_intake_gives_a_partial_document():
    case = {"age_group": "adult"}
    document = to_rule_answers({"complementarity.authorities": ["police"]}, case)
    # No defaults while the answers that decide them are still to come.
    assert document["authorities"] == [{"authority": "police"}]
    answers = {"complementarity.authorities": ["police"], "authority.police.asked_for": ["care"]}
    assert to_rule_answers(answers, case)["authorities"] == [
        {"authority": "police", "asked_for": "care"}
    ]
    assert "need" not in document and "ongoing_process_in_sweden" not in document
    answers = {"complementarity.authorities": ["none"], "residence_status": "resident"}
    assert to_rule_answers(answers, case)["ongoing_process_in_sweden"] is False


def test_answers_to_the_assessment_do_not_reach_the_rules():
    case = {"age_group": "adult", "gender": "woman"}
    answers = fill(
        {"initial_assessment.health.pregnant": {"value": "yes", "note": "v. 20"}},
        case,
        today=TODAY,
        fallback=lambda q: neutral(q) or _first(q),
    )
    assert "v. 20" not in json.dumps(to_rule_answers(answers, case))


def _first(question: Question) -> Any:
    defaults = {"integer": "0", "date": "2025-01-01", "days_used": ["0", "0", "0"]}
    if question.kind in defaults:
        return defaults[question.kind]
    if question.kind in ("choice", "multi_choice"):
        return question.choices[0].value
    return None

"""Evidence the coordinator can judge: each request on its own, the reason not obtained as
a category, never the actor's own words; who referred the person, for the statistics."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake.flow import (
    complementarity_evidence,
    fill,
    load_questions,
    script_from_rule_answers,
    statistics_answers,
    statistics_label,
    to_rule_answers,
)
from intake.flow.model import Question
from intake.rules import recommend
from intake.rules import vocabulary as v

TODAY = date(2025, 6, 1)
CASE = {"age_group": "adult", "gender": "woman", "children_accompanying": 0}
EXAMPLES = sorted(
    (Path(__file__).resolve().parents[1] / "rules" / "vectors" / "examples").glob("*.json")
)
# Seed 002, section 3: social services asked for shelter and for financial support, made
# no decision on either; Migrationsverket refused relocation.
SEED_002_CASE = {
    "complementarity.authorities": ["social_services", "migration_agency"],
    "authority.social_services.asked_for": ["shelter", "financial_support"],
    "authority.social_services.request.shelter.outcome": "no_decision",
    "authority.social_services.request.shelter.written_decision": "no",
    "authority.social_services.request.shelter.reason_category": "referred_between_units",
    "authority.social_services.request.shelter.reason": "Bollas mellan VINR och vuxenmottaget",
    "authority.social_services.request.financial_support.outcome": "no_decision",
    "authority.social_services.request.financial_support.written_decision": "no",
    "authority.social_services.request.financial_support.reason_category": "no_decision_at_all",
    "authority.migration_agency.asked_for": ["relocation"],
    "authority.migration_agency.request.relocation.outcome": "refused",
    "authority.migration_agency.request.relocation.written_decision": "yes",
    "authority.migration_agency.request.relocation.reason_category": "covered_by_lma",
    "authority.migration_agency.request.relocation.reason": "Anvisat boende enligt LMA",
    "referred_by": "regional_coordinator",
    "residence_status": "asylum_seeker",
    "ongoing_process_in_sweden": "yes",
    "exploitation.assessment": "probable",
    "exploitation.forms": ["labour"],
    "need": "shelter",
    "application_date": "2025-05-01",
    "period_start": "2025-05-01",
}


def neutral(question: Question) -> Any:
    defaults = {
        "yes_no": "no",
        "yes_no_unknown": "no",
        "integer": "0",
        "date": "2025-03-01",
        "days_used": ["0", "0", "0"],
    }
    if question.kind in defaults:
        return defaults[question.kind]
    if question.kind in ("choice", "multi_choice") and question.choices:
        first = question.choices[0].value
        return [first] if question.kind == "multi_choice" else first
    return None


def seed_002_answers() -> dict[str, Any]:
    return fill(SEED_002_CASE, CASE, today=TODAY, fallback=neutral)


def test_each_request_becomes_its_own_entry_in_asking_order():
    document = to_rule_answers(seed_002_answers(), CASE)
    assert [(e["authority"], e["asked_for"], e["outcome"]) for e in document["authorities"]] == [
        ("social_services", "shelter", "no_decision"),
        ("social_services", "financial_support", "no_decision"),
        ("migration_agency", "relocation", "refused"),
    ]
    assert document["authorities"][2] == {
        "authority": "migration_agency",
        "asked_for": "relocation",
        "outcome": "refused",
        "written_decision": True,
        "reason_category": "covered_by_lma",
        "reason": "Anvisat boende enligt LMA",
    }
    # The rules take it: asked for shelter and left undecided, that is complementarity.
    result = recommend(document, lang="en", today=TODAY)
    assert result["outcome"] == "recommend"
    assert "complementarity.refused" in result["rules_fired"]


def test_the_evidence_has_one_row_per_request_and_never_the_actors_words():
    evidence = complementarity_evidence(to_rule_answers(seed_002_answers(), CASE))
    assert evidence == [
        {
            "authority": "social_services",
            "asked_for": "shelter",
            "outcome": "no_decision",
            "written_decision": False,
            "reason_category": "referred_between_units",
        },
        {
            "authority": "social_services",
            "asked_for": "financial_support",
            "outcome": "no_decision",
            "written_decision": False,
            "reason_category": "no_decision_at_all",
        },
        {
            "authority": "migration_agency",
            "asked_for": "relocation",
            "outcome": "refused",
            "written_decision": True,
            "reason_category": "covered_by_lma",
        },
    ]
    flattened = json.dumps(evidence, ensure_ascii=False)
    assert "Bollas" not in flattened and "Anvisat" not in flattened and "reason\"" not in flattened


def test_a_granted_or_pending_request_has_no_reason_category():
    answers = fill(
        {
            "complementarity.authorities": ["social_services"],
            "authority.social_services.asked_for": ["shelter", "care"],
            "authority.social_services.request.shelter.outcome": "granted",
            "authority.social_services.request.care.outcome": "pending",
        },
        CASE,
        today=TODAY,
        fallback=neutral,
    )
    evidence = complementarity_evidence(to_rule_answers(answers, CASE))
    assert [(row["outcome"], row["reason_category"]) for row in evidence] == [
        ("granted", None),
        ("pending", None),
    ]


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"authorities": None},
        {"authorities": "social_services"},
        {"authorities": [None, 3, "x"]},
        [],
        None,
    ],
)
def test_evidence_of_a_document_without_requests_is_empty(document):
    assert complementarity_evidence(document) == []


def test_evidence_of_a_document_from_before_the_categories():
    # Applications made before this change carry no category: still readable.
    document = {"authorities": [{"authority": "police", "asked_for": "witness_permit",
                                 "outcome": "refused", "reason": "Ingen förundersökning"}]}
    assert complementarity_evidence(document) == [
        {
            "authority": "police",
            "asked_for": "witness_permit",
            "outcome": "refused",
            "written_decision": False,
            "reason_category": None,
        }
    ]


def test_every_evidence_code_has_a_label_in_both_languages():
    tables = {
        "authority": v.AUTHORITY_LABELS,
        "asked_for": v.ASKED_FOR_LABELS,
        "outcome": v.OUTCOME_LABELS,
        "reason_category": v.REASON_CATEGORY_LABELS,
    }
    vocabularies = {
        "authority": v.AUTHORITIES,
        "asked_for": v.ASKED_FOR,
        "outcome": v.AUTHORITY_OUTCOMES,
        "reason_category": v.REASON_CATEGORIES,
    }
    for field, table in tables.items():
        assert set(table) == set(vocabularies[field]), field
        for labels in table.values():
            assert labels["sv"].strip() and labels["en"].strip()
    assert v.label(v.REASON_CATEGORY_LABELS, "covered_by_lma", "sv").startswith("Anses omfattas")


# ------------------------------------------------------------------ referred_by


def test_who_referred_the_person_is_a_statistic_and_never_reaches_the_rules():
    answers = seed_002_answers()
    assert statistics_answers(answers) == {"referred_by": "regional_coordinator"}
    document = json.dumps(to_rule_answers(answers, CASE))
    assert "referred_by" not in document and "regional_coordinator" not in document


@pytest.mark.parametrize(
    "answers",
    [{}, {"referred_by": None}, {"referred_by": "the_neighbour"}, {"referred_by": ["self"]}],
)
def test_statistics_of_an_unanswered_or_unknown_value_are_none(answers):
    assert statistics_answers(answers) == {"referred_by": None}


def test_statistics_labels_come_from_the_question():
    assert statistics_label("referred_by", "self", "sv") == "Den sökande tog själv kontakt"
    assert statistics_label("referred_by", "migration_agency", "en") == (
        "The Swedish Migration Agency (Migrationsverket)"
    )
    assert statistics_label("referred_by", "police", "ar") == "The police"
    with pytest.raises(KeyError):
        statistics_label("referred_by", "the_neighbour", "sv")


def test_referred_by_is_asked_right_after_the_authorities():
    # Seed 001's initial assessment: "Är andra organisationer/myndigheter inkopplade?" is
    # followed by the contact person / informant ("Uppgifter kontaktperson/uppgiftslämnare").
    ids = list(seed_002_answers())
    last_authority = max(i for i, qid in enumerate(ids) if qid.startswith("authority."))
    assert ids[last_authority + 1] == "referred_by"
    assert ids[last_authority + 2] == "residence_status"
    assert load_questions().get("referred_by").section == "referral"


# ------------------------------------------------------------------ the judgement is unchanged


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_the_worked_examples_are_judged_the_same_through_the_flow(path):
    """Example → script → chat answers (with categories) → document: same recommendation."""
    expected = json.loads(path.read_text(encoding="utf-8"))["answers"]
    case = dict(expected["person"])
    script = script_from_rule_answers(expected)
    script.setdefault("daily_allowance_from_migration_agency", "0")

    def answer(question: Question) -> Any:
        if question.template_id and question.template_id.endswith(".reason_category"):
            return "other"
        return neutral(question)

    later = date(2030, 1, 1)  # after every example's application date
    document = to_rule_answers(fill(script, case, today=later, fallback=answer), case)
    today = date.fromisoformat(expected.get("application_date", "2025-06-01"))
    assert recommend(document, lang="sv", today=today) == recommend(expected, lang="sv", today=today)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_more_requests_and_categories_change_no_judgement(path):
    """A pending request for financial support beside each authority's request, and a
    category on every refusal: the rules read neither."""
    expected = json.loads(path.read_text(encoding="utf-8"))["answers"]
    richer = copy.deepcopy(expected)
    entries = []
    for entry in richer.get("authorities", []):
        if entry["outcome"] in v.NOT_OBTAINED_OUTCOMES:
            entry["reason_category"] = "other"
        entries.append(entry)
        if entry.get("asked_for") != "financial_support":
            entries.append({"authority": entry["authority"], "asked_for": "financial_support",
                            "outcome": "pending"})
    if "authorities" in richer:
        richer["authorities"] = entries
    today = date.fromisoformat(expected.get("application_date", "2025-06-01"))
    assert recommend(richer, lang="en", today=today) == recommend(expected, lang="en", today=today)


def test_a_script_with_the_same_request_twice_is_refused():
    document = {"authorities": [
        {"authority": "police", "asked_for": "care", "outcome": "refused"},
        {"authority": "police", "asked_for": "care", "outcome": "granted"},
    ]}
    with pytest.raises(ValueError, match="twice"):
        script_from_rule_answers(document)


def test_a_document_with_several_requests_round_trips():
    answers = seed_002_answers()
    document = to_rule_answers(answers, CASE)
    replayed = fill(script_from_rule_answers(document), CASE, today=TODAY, fallback=neutral)
    assert to_rule_answers(replayed, CASE)["authorities"] == document["authorities"]

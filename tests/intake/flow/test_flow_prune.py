"""Changing an earlier answer drops the answers that no longer apply, and says which."""

from __future__ import annotations

from datetime import date
from typing import Any

from intake.flow import effective_answers, fill, next_question, prune, to_rule_answers
from intake.flow.model import Question

TODAY = date(2025, 6, 1)
CASE = {"age_group": "adult", "gender": "woman", "children_accompanying": 0}


def neutral(question: Question) -> Any:
    return {
        "yes_no": "no",
        "yes_no_unknown": "no",
        "integer": "0",
        "date": "2025-03-01",
        "days_used": ["0", "0", "0"],
        "choice": question.choices[0].value if question.choices else None,
        "multi_choice": [question.choices[0].value] if question.choices else None,
        "items": [{"item": "interpreter", "cost": "1200"}],
    }.get(question.kind)


def complete(script: dict[str, Any]) -> dict[str, Any]:
    return fill(script, CASE, today=TODAY, fallback=neutral)


def test_changing_the_need_drops_the_specific_items():
    answers = complete({"need": "specific"})
    assert "specific_items" in answers
    kept, dropped = prune({**answers, "need": "shelter"}, CASE)
    assert dropped == ["specific_items"]
    assert "specific_items" not in kept
    assert kept["need"] == "shelter"
    assert next_question(kept, CASE) is None  # nothing new to ask


def test_deselecting_an_authority_drops_its_answers():
    answers = complete(
        {
            "complementarity.authorities": ["police", "social_services"],
            "authority.police.asked_for": ["reflection_permit"],
            "authority.police.request.reflection_permit.outcome": "refused",
            "authority.police.request.reflection_permit.reason": "Ingen förundersökning",
            "authority.social_services.asked_for": ["shelter"],
            "authority.social_services.request.shelter.outcome": "refused",
        }
    )
    kept, dropped = prune({**answers, "complementarity.authorities": ["social_services"]}, CASE)
    assert dropped == [
        "authority.police.asked_for",
        "authority.police.request.reflection_permit.outcome",
        "authority.police.request.reflection_permit.written_decision",
        "authority.police.request.reflection_permit.reason_category",
        "authority.police.request.reflection_permit.reason",
    ]
    assert "authority.social_services.request.shelter.outcome" in kept


def test_deselecting_a_request_drops_only_its_answers():
    answers = complete(
        {
            "complementarity.authorities": ["social_services"],
            "authority.social_services.asked_for": ["shelter", "financial_support"],
            "authority.social_services.request.shelter.outcome": "refused",
            "authority.social_services.request.financial_support.outcome": "pending",
        }
    )
    changed = {**answers, "authority.social_services.asked_for": ["financial_support"]}
    kept, dropped = prune(changed, CASE)
    assert dropped == [
        "authority.social_services.request.shelter.outcome",
        "authority.social_services.request.shelter.written_decision",
        "authority.social_services.request.shelter.reason_category",
        "authority.social_services.request.shelter.reason",
    ]
    assert kept["authority.social_services.request.financial_support.outcome"] == "pending"
    assert next_question(kept, CASE) is None  # nothing new to ask
    # Choosing it again asks its questions again, right after the authority's others.
    again = {**kept, "authority.social_services.asked_for": ["shelter", "financial_support"]}
    assert next_question(again, CASE).id == "authority.social_services.request.shelter.outcome"


def test_a_changed_outcome_drops_the_written_decision_and_reasons():
    answers = complete(
        {
            "complementarity.authorities": ["police"],
            "authority.police.asked_for": ["witness_permit"],
            "authority.police.request.witness_permit.outcome": "refused",
        }
    )
    _, dropped = prune({**answers, "authority.police.request.witness_permit.outcome": "pending"}, CASE)
    assert dropped == [
        "authority.police.request.witness_permit.written_decision",
        "authority.police.request.witness_permit.reason_category",
        "authority.police.request.witness_permit.reason",
    ]
    # Granted keeps the written decision but has no reason why support was not obtained.
    _, dropped = prune({**answers, "authority.police.request.witness_permit.outcome": "granted"}, CASE)
    assert dropped == [
        "authority.police.request.witness_permit.reason_category",
        "authority.police.request.witness_permit.reason",
    ]


def test_a_new_residence_status_drops_the_daily_allowance_and_asks_what_is_new():
    answers = complete({"residence_status": "asylum_seeker"})
    assert "daily_allowance_from_migration_agency" in answers
    kept, dropped = prune({**answers, "residence_status": "swedish_citizen"}, CASE)
    assert dropped == ["ongoing_process_in_sweden", "daily_allowance_from_migration_agency"]
    _, dropped = prune({**answers, "residence_status": "undocumented"}, CASE)
    assert dropped == ["daily_allowance_from_migration_agency"]
    # Back to asylum seeker from citizen: the dropped questions are asked again, in order.
    kept["residence_status"] = "asylum_seeker"
    assert next_question(kept, CASE).id == "ongoing_process_in_sweden"


def test_chains_of_dependence_are_followed():
    # assessment → forms → derived exposure answers: a manual answer to "forced labour"
    # given while there was no exploitation gives way to the forms once they are known.
    answers = complete({"exploitation.assessment": "none"})
    assert "initial_assessment.exposure.forced_labour" in answers
    changed = {**answers, "exploitation.assessment": "probable"}
    kept, dropped = prune(changed, CASE)
    assert dropped == []  # the forms are still to come: nothing is decided yet
    assert next_question(kept, CASE).id == "exploitation.forms"
    kept, dropped = prune({**kept, "exploitation.forms": ["labour"]}, CASE)
    assert "initial_assessment.exposure.forced_labour" in dropped
    assert (
        effective_answers(kept, CASE)["initial_assessment.exposure.forced_labour"]["value"] == "yes"
    )


def test_unknown_ids_are_dropped():
    kept, dropped = prune({"complementarity.authorities": ["none"], "shoe_size": 42}, CASE)
    assert dropped == ["shoe_size"]
    assert kept == {"complementarity.authorities": ["none"]}


def test_stale_answers_never_reach_the_rules():
    answers = complete({"need": "specific", "residence_status": "asylum_seeker"})
    changed = {**answers, "need": "shelter", "residence_status": "resident"}
    document = to_rule_answers(changed, CASE)
    assert "specific_items" not in document
    assert "daily_allowance_from_migration_agency" not in document


def test_prune_keeps_everything_when_nothing_changed():
    answers = complete({"need": "specific", "complementarity.authorities": ["police"]})
    kept, dropped = prune(answers, CASE)
    assert kept == answers and dropped == []

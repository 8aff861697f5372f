"""The flow: every question can be reached, and none is asked when it should not be."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from intake.flow import (
    applicable_questions,
    fill,
    load_questions,
    next_question,
    progress,
    validate_answer,
    walk,
)
from intake.flow.model import Question

TODAY = date(2025, 6, 1)
ADULT = {"age_group": "adult", "gender": "woman", "children_accompanying": 0}
GENDERS = ("woman", "man", "trans_woman", "trans_man", "non_binary", "unknown", None)
RESIDENCE_STATUSES = (
    "swedish_citizen",
    "resident",
    "eu_citizen",
    "reflection_permit",
    "witness_permit",
    "asylum_seeker",
    "temporary_protection",
    "undocumented",
    "other_permit",
)


def plain_no(question: Question) -> Any:
    """A neutral answer for anything a test does not care about."""
    defaults = {
        "yes_no": "no",
        "yes_no_unknown": "no",
        "integer": "0",
        "date": "2025-03-01",
        "days_used": ["0", "0", "0"],
        "country_list": ["SE"],
    }
    if question.kind in defaults:
        return defaults[question.kind]
    if question.kind in ("choice", "multi_choice"):
        return question.choices[0].value
    if question.kind == "items":
        return [{"item": question.choices[0].value, "cost": "100"}]
    return None  # optional texts and notes: skipped


def asked_ids(script: dict[str, Any], case: dict[str, Any] = ADULT) -> list[str]:
    return list(fill(script, case, today=TODAY, fallback=plain_no))


def random_raw(question: Question, rng: random.Random) -> Any:
    kind = question.kind
    values = list(question.allowed_values)
    if kind in ("choice", "yes_no", "yes_no_unknown"):
        return rng.choice(values)
    if kind == "multi_choice":
        exclusive = [c.value for c in question.choices if c.exclusive]
        if exclusive and rng.random() < 0.2:
            return [rng.choice(exclusive)]
        ordinary = [c.value for c in question.choices if not c.exclusive]
        return rng.sample(ordinary, rng.randint(1, len(ordinary)))
    if kind in ("text", "note"):
        return rng.choice(["", "kort svar"])
    if kind == "integer":
        return str(rng.randint(question.min or 0, question.max or 100))
    if kind == "date":
        return "2025-03-01"
    if kind == "country_list":
        return rng.choice([[], ["SE"], ["IT", "RO"]])
    if kind == "items":
        return [{"item": rng.choice(values), "cost": str(rng.randint(0, 5000))}]
    if kind == "days_used":
        return [str(rng.randint(0, 200)) for _ in range(3)]
    raise AssertionError(kind)


def random_path(
    rng: random.Random,
) -> tuple[dict[str, Any], dict[str, Any], list[Question], set[str]]:
    """(answers, case, asked questions, derived question ids) of one random walk."""
    case = {
        "age_group": rng.choice(["adult", "child"]),
        "gender": rng.choice(GENDERS),
        "children_accompanying": rng.randint(0, 2),
    }
    answers: dict[str, Any] = {}
    asked: list[Question] = []
    while (question := next_question(answers, case)) is not None:
        asked.append(question)
        answers[question.id] = validate_answer(
            question, random_raw(question, rng), "sv", today=TODAY
        )
    derived = {s.question.id for s in walk(answers, case).steps if s.status == "derived"}
    return answers, case, asked, derived


@pytest.fixture(scope="module")
def random_paths():
    rng = random.Random(2025)  # a fixed seed: the search is the same on every run
    return [random_path(rng) for _ in range(250)]


def template_or_id(question: Question) -> str:
    return question.template_id or question.id


def test_every_question_is_reached_by_some_answer_path(random_paths):
    reached: set[str] = set()
    for _, _, asked, derived in random_paths:
        reached.update(template_or_id(q) for q in asked)
        reached.update(derived)  # derived questions are reached without being asked
    missing = [q.id for q in load_questions() if q.id not in reached]
    assert missing == []


def test_every_choice_of_a_steering_question_is_tried(random_paths):
    # The search is only as good as its coverage of the answers that steer the flow.
    for steering in ("residence_status", "need", "exploitation.assessment", "police_report"):
        seen = {answers.get(steering) for answers, *_ in random_paths}
        assert set(load_questions().get(steering).allowed_values) <= seen, steering


def test_invariants_hold_on_every_path(random_paths):
    for answers, case, asked, _ in random_paths:
        ids = [q.id for q in asked]
        assert len(ids) == len(set(ids)), "a question was asked twice"
        assert ("specific_items" in ids) == (answers["need"] == "specific")
        assert ("daily_allowance_from_migration_agency" in ids) == (
            answers["residence_status"] in ("asylum_seeker", "temporary_protection")
        )
        assert ("ongoing_process_in_sweden" in ids) == (
            answers["residence_status"] not in ("swedish_citizen", "resident")
        )
        chosen = set(answers["complementarity.authorities"]) - {"none"}
        asked_authorities = {q.binding("authority") for q in asked if q.template_id}
        assert asked_authorities == chosen
        for authority in chosen:
            requests = answers[f"authority.{authority}.asked_for"]
            asked_requests = {
                q.binding("request") for q in asked if q.binding("authority") == authority
            } - {None}
            assert asked_requests == set(requests)
            for request in requests:
                prefix = f"authority.{authority}.request.{request}"
                outcome = answers[f"{prefix}.outcome"]
                assert (f"{prefix}.written_decision" in ids) == (
                    outcome not in ("not_asked", "pending")
                )
                not_obtained = outcome in ("refused", "no_decision", "referred_elsewhere", "insufficient")
                assert (f"{prefix}.reason_category" in ids) == not_obtained
                assert (f"{prefix}.reason" in ids) == not_obtained
        # Each authority's questions come together: the chat is grouped per authority.
        owners = [q.binding("authority") for q in asked if q.template_id]
        assert owners == sorted(owners, key=owners.index)
        assert "referred_by" in ids
        assert ("exploitation.forms" in ids) == (answers["exploitation.assessment"] != "none")
        assert ("initial_assessment.health.pregnant" in ids) == (
            case["gender"] not in ("man", "trans_woman")
        )
        assert "initial_assessment.exposure.trafficking_type" not in ids  # always derived
        assert next_question(answers, case) is None
        assert progress(answers, case) == (len(ids), len(ids))


# ------------------------------------------------------------------ named conditions


@pytest.mark.parametrize(
    "need", ["shelter", "exit_from_shelter", "integration", "return", "specific"]
)
def test_specific_items_only_when_the_need_is_specific(need):
    ids = asked_ids({"need": need})
    assert ("specific_items" in ids) == (need == "specific")


@pytest.mark.parametrize("status", RESIDENCE_STATUSES)
def test_daily_allowance_only_for_asylum_seekers_and_temporary_protection(status):
    ids = asked_ids({"residence_status": status})
    expected = status in ("asylum_seeker", "temporary_protection")
    assert ("daily_allowance_from_migration_agency" in ids) == expected


@pytest.mark.parametrize("status", RESIDENCE_STATUSES)
def test_ongoing_process_not_asked_of_citizens_and_residents(status):
    ids = asked_ids({"residence_status": status})
    assert ("ongoing_process_in_sweden" in ids) == (status not in ("swedish_citizen", "resident"))


def test_per_authority_questions_only_for_the_chosen_authorities():
    ids = asked_ids(
        {
            "complementarity.authorities": ["police", "social_services"],
            "authority.police.asked_for": ["reflection_permit"],
            "authority.police.request.reflection_permit.outcome": "refused",
            "authority.social_services.asked_for": ["shelter"],
            "authority.social_services.request.shelter.outcome": "pending",
        }
    )
    per_authority = [qid for qid in ids if qid.startswith("authority.")]
    assert per_authority == [
        "authority.police.asked_for",
        "authority.police.request.reflection_permit.outcome",
        "authority.police.request.reflection_permit.written_decision",
        "authority.police.request.reflection_permit.reason_category",
        "authority.police.request.reflection_permit.reason",
        "authority.social_services.asked_for",
        "authority.social_services.request.shelter.outcome",
    ]
    assert ids[ids.index(per_authority[-1]) + 1] == "referred_by"


def test_each_request_is_asked_about_on_its_own_in_the_order_chosen():
    # Seed 002, section 3: social services asked for shelter and financial support.
    ids = asked_ids(
        {
            "complementarity.authorities": ["social_services", "migration_agency"],
            "authority.social_services.asked_for": ["shelter", "financial_support"],
            "authority.social_services.request.shelter.outcome": "no_decision",
            "authority.social_services.request.financial_support.outcome": "granted",
            "authority.migration_agency.asked_for": ["relocation"],
            "authority.migration_agency.request.relocation.outcome": "not_asked",
        }
    )
    assert [qid for qid in ids if qid.startswith("authority.")] == [
        "authority.social_services.asked_for",
        "authority.social_services.request.shelter.outcome",
        "authority.social_services.request.shelter.written_decision",
        "authority.social_services.request.shelter.reason_category",
        "authority.social_services.request.shelter.reason",
        "authority.social_services.request.financial_support.outcome",
        "authority.social_services.request.financial_support.written_decision",
        "authority.migration_agency.asked_for",
        "authority.migration_agency.request.relocation.outcome",
    ]


def test_no_authority_means_no_per_authority_questions():
    ids = asked_ids({"complementarity.authorities": ["none"]})
    assert not [qid for qid in ids if qid.startswith("authority.")]


def test_the_forms_already_given_are_not_asked_again():
    ids = asked_ids(
        {"exploitation.assessment": "probable", "exploitation.forms": ["labour", "crime"]}
    )
    exposure = [qid.rsplit(".", 1)[1] for qid in ids if ".exposure." in qid]
    # forced labour/begging/crime/organ and the type follow from the forms; sexual
    # violence is still asked, since it also happens in labour exploitation.
    assert exposure == ["physical_violence", "sexual_violence", "threats", "persons_posing_risk"]


def test_sexual_exploitation_answers_the_sexual_violence_question():
    script = {"exploitation.assessment": "probable", "exploitation.forms": ["prostitution"]}
    answers = fill(script, ADULT, today=TODAY, fallback=plain_no)
    assert "initial_assessment.exposure.sexual_violence" not in answers
    derived = {
        s.question.id: s.derived_value for s in walk(answers, ADULT).steps if s.status == "derived"
    }
    assert derived["initial_assessment.exposure.sexual_violence"] == "yes"
    assert derived["initial_assessment.exposure.forced_labour"] == "no"
    assert derived["initial_assessment.exposure.trafficking_type"] == ["sexual_exploitation"]


def test_without_forms_the_exposure_questions_are_all_asked():
    ids = asked_ids({"exploitation.assessment": "none"})
    exposure = [qid for qid in ids if ".exposure." in qid]
    assert len(exposure) == 8  # the type of trafficking does not apply without exploitation


@pytest.mark.parametrize(
    ("gender", "asked"), [("woman", True), ("trans_man", True), ("man", False), (None, True)]
)
def test_pregnancy_is_asked_only_where_it_can_apply(gender, asked):
    case = {**ADULT, "gender": gender}
    ids = list(fill({}, case, today=TODAY, fallback=plain_no))
    assert ("initial_assessment.health.pregnant" in ids) == asked


def test_the_first_question_is_complementarity():
    assert next_question({}, ADULT).id == "complementarity.authorities"


def test_progress_counts_only_what_applies_now():
    answered, total = progress({}, ADULT)
    assert answered == 0
    assert total == len(applicable_questions({}, ADULT))
    # Not yet counted: per-authority questions (no authority chosen yet), the daily
    # allowance (no residence status yet) and the form-derived exposure questions.
    assert "daily_allowance_from_migration_agency" not in [
        q.id for q in applicable_questions({}, ADULT)
    ]
    answers = {"complementarity.authorities": ["police"]}
    assert progress(answers, ADULT) == (1, total + 1)  # what the police were asked for
    answers["authority.police.asked_for"] = ["reflection_permit", "care"]
    assert progress(answers, ADULT) == (2, total + 3)  # and an outcome per request


def test_progress_does_not_jump_when_the_forms_are_answered():
    script = {"exploitation.assessment": "probable"}
    answers: dict[str, Any] = {}
    while (question := next_question(answers, ADULT)).id != "exploitation.forms":
        raw = script.get(question.id, plain_no(question))
        answers[question.id] = validate_answer(question, raw, "sv", today=TODAY)
    # The questions the forms will answer are not counted while the forms are still to come.
    _, total_before = progress(answers, ADULT)
    _, total_after = progress({**answers, "exploitation.forms": ["sexual"]}, ADULT)
    assert total_after == total_before

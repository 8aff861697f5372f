"""Writes of case data: each in one transaction, each audited, broadcasts on commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from intake import flow as intake_flow
from intake.models import (
    AgeGroup, AnswerEvent, ApplicationStatus, Case, CaseApplication, CaseAuditEntry, CaseStatus, Child,
    Conversation, Notification, Recommendation,
)
from intake.selectors import case_facts
from intake.rules import recommend
from portal.broadcast import actor_group, case_group, send_on_commit
from tenants.years.rulesets import active_rulesets
from tenants.services import case_code_next

ADULT_AGE = 18


def _audit(user, case: Case | None, action: str, **detail) -> None:
    CaseAuditEntry.objects.create(user=user, case=case, action=action, detail=detail)


def _announce_case(case: Case, event: dict) -> None:
    send_on_commit(case_group(connection.schema_name, case.code), "case.changed", {"code": case.code, **event})


# --- Opening a case ---------------------------------------------------------------------


def age_group_for(birth_year: int, *, today: date | None = None) -> str:
    """A child is under 18; with a birth year only, the person counts as a child until the
    year they turn 18 (the benefit of the doubt protects a possible child)."""
    today = today or timezone.localdate()
    return AgeGroup.CHILD if today.year - birth_year <= ADULT_AGE - 1 else AgeGroup.ADULT


@transaction.atomic
def case_open(
    *, user, initials: str, birth_year: int, nationality: str, gender: str,
    children: list[dict] | None = None, with_guardian: bool | None = None, person_language: str = "sv",
) -> Case:
    """Open a case under a new programme-wide case code (NSP001, NSP002, …)."""
    age_group = age_group_for(birth_year)
    case = Case(
        code=case_code_next(), initials=initials.strip().upper(), birth_year=birth_year,
        nationality=nationality.upper(), gender=gender, opened_by=user, age_group=age_group,
        with_guardian=with_guardian if age_group == AgeGroup.CHILD else None,
        person_language=person_language,
    )
    case.full_clean()
    case.save()
    for child in children or []:
        Child.objects.create(case=case, **child)
    Conversation.objects.create(case=case)
    _audit(user, case, "open")
    send_on_commit(actor_group(connection.schema_name), "case.event", {"kind": "case_opened", "code": case.code})
    return case


@transaction.atomic
def notification_create(*, user, case: Case | None, kind: str, data: dict) -> Notification:
    notification = Notification.objects.create(user=user, case=case, kind=kind, data=data)
    send_on_commit(
        actor_group(connection.schema_name), "notification.new",
        {"user_id": user.pk, "kind": kind, "data": data, "id": notification.pk},
    )
    return notification


# --- The guided intake ---------------------------------------------------------------------


@dataclass
class AnswerOutcome:
    """What giving (or changing) an answer did, for the screen to say so."""

    question_id: str
    changed: bool
    dropped: list[str] = field(default_factory=list)   # answers removed: no longer apply
    added: list[str] = field(default_factory=list)     # questions that now apply and were not asked
    complete: bool = False


class QuestionNotApplicable(ValueError):
    """The question asked about does not apply to this case (any more)."""

    def __init__(self, question_id: str):
        super().__init__(question_id)
        self.question_id = question_id


def _conversation_locked(case: Case) -> Conversation:
    conversation, _ = Conversation.objects.select_for_update().get_or_create(case=case)
    return conversation


@transaction.atomic
def answer_give(*, case: Case, user, question_id: str, raw: Any, lang: str,
                today: date | None = None) -> AnswerOutcome:
    """Store one answer the moment it is given; re-evaluate what follows if it changed.

    Raises intake.flow.AnswerInvalid (message in sv/en) or QuestionNotApplicable.
    """
    conversation = _conversation_locked(case)
    facts = case_facts(case)
    before = conversation.answers
    applicable_before = {q.id: q for q in intake_flow.applicable_questions(before, facts)}
    question = applicable_before.get(question_id)
    if question is None:
        raise QuestionNotApplicable(question_id)
    value = intake_flow.validate_answer(question, raw, lang, today=today)
    changed = question_id in before
    if changed and before[question_id] == value:
        return AnswerOutcome(question_id=question_id, changed=False,
                             complete=intake_flow.next_question(before, facts) is None)

    answers, dropped = intake_flow.prune({**before, question_id: value}, facts)
    applicable_after = [q.id for q in intake_flow.applicable_questions(answers, facts)]
    added = [qid for qid in applicable_after if qid not in applicable_before and qid not in answers]
    complete = intake_flow.next_question(answers, facts) is None

    conversation.answers = answers
    conversation.revision += 1
    conversation.completed_at = (conversation.completed_at or timezone.now()) if complete else None
    conversation.save(update_fields=["answers", "revision", "completed_at", "updated_at"])
    kind = AnswerEvent.Kind.CHANGED if changed else AnswerEvent.Kind.ANSWERED
    AnswerEvent.objects.create(conversation=conversation, question_id=question_id, kind=kind, value=value, by=user)
    for dropped_id in dropped:
        AnswerEvent.objects.create(conversation=conversation, question_id=dropped_id,
                                   kind=AnswerEvent.Kind.DROPPED, value=before.get(dropped_id), by=user)
    _audit(user, case, "answer_change" if changed else "answer", question=question_id, dropped=dropped)
    if changed and case.status == CaseStatus.RECOMMENDED:
        # The recommendation was made from the old answers; a new one is needed.
        case.status = CaseStatus.INTAKE
        case.save(update_fields=["status", "updated_at"])
    upcoming = intake_flow.next_question(answers, facts)
    answered, total = intake_flow.progress(answers, facts)
    _announce_case(case, {
        "event": "answered", "revision": conversation.revision, "question_id": upcoming.id if upcoming else None,
        "progress": [answered, total],
    })
    return AnswerOutcome(question_id=question_id, changed=changed, dropped=dropped, added=added, complete=complete)


# --- Recommendation ---------------------------------------------------------------------------


class IntakeIncomplete(ValueError):
    pass


@transaction.atomic
def recommendation_make(*, case: Case, user, today: date | None = None) -> Recommendation:
    """Ask the rules engine, and keep what it said with the year's rule-set version.

    Raises IntakeIncomplete, or intake.rules.AnswersError when the answers contradict each
    other in a way the flow could not catch.
    """
    conversation = _conversation_locked(case)
    facts = case_facts(case)
    if intake_flow.next_question(conversation.answers, facts) is not None:
        raise IntakeIncomplete(case.code)
    document = intake_flow.to_rule_answers(conversation.answers, facts)
    rulesets = active_rulesets()
    result = recommend(document, rulesets=rulesets, lang="en", today=today)
    swedish = recommend(document, rulesets=rulesets, lang="sv", today=today)
    result["reasons_i18n"] = {"en": result["reasons"], "sv": swedish["reasons"]}
    recommendation = Recommendation.objects.create(
        case=case, created_by=user, year=result["year"], ruleset_version=result.get("ruleset_version", ""),
        answers=document, result=result, rules_fired=result.get("rules_fired", []),
    )
    case.status = CaseStatus.RECOMMENDED
    case.save(update_fields=["status", "updated_at"])
    _audit(user, case, "recommend", recommendation=recommendation.pk, outcome=result["outcome"])
    _announce_case(case, {"event": "recommended"})
    return recommendation


class AdjustmentInvalid(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


MAX_ADJUSTED_DAYS = 366


@transaction.atomic
def recommendation_adjust(*, recommendation: Recommendation, user, days: dict[str, int],
                          amounts: dict[str, int] | None = None, reason: str) -> Recommendation:
    """Staff adjust the days (or, for point items, the amount) with a written reason.

    Amounts of day-based interventions follow from days × the year's rate, so an
    adjustment never invents a rate.
    """
    reason = (reason or "").strip()
    if not reason:
        raise AdjustmentInvalid("reason", "reason_required")
    adjusted = []
    for index, item in enumerate(recommendation.result.get("interventions", [])):
        key = f"{index}"
        entry = dict(item)
        if item.get("days") is not None and item.get("rate") is not None:
            new_days = days.get(key, item["days"])
            if not isinstance(new_days, int) or not 0 <= new_days <= MAX_ADJUSTED_DAYS:
                raise AdjustmentInvalid(f"days_{key}", "days_range")
            entry["days"] = new_days
            per_day = item["amount"] / item["days"] if item["days"] else item["rate"]
            entry["amount"] = round(per_day * new_days)
        elif amounts is not None and key in amounts:
            new_amount = amounts[key]
            if not isinstance(new_amount, int) or new_amount < 0:
                raise AdjustmentInvalid(f"amount_{key}", "amount_range")
            entry["amount"] = new_amount
        if entry.get("amount", 0) > 0:
            adjusted.append(entry)
    recommendation.adjusted_interventions = adjusted
    recommendation.adjusted_reason = reason
    recommendation.adjusted_by = user
    recommendation.adjusted_at = timezone.now()
    recommendation.save()
    _audit(user, recommendation.case, "recommend_adjust", recommendation=recommendation.pk)
    _announce_case(recommendation.case, {"event": "adjusted"})
    return recommendation


# --- Application -------------------------------------------------------------------------------


class ApplicationNotAllowed(ValueError):
    pass


@transaction.atomic
def application_draft(*, recommendation: Recommendation, user) -> CaseApplication:
    """A draft application from a recommendation (as adjusted by staff, if it was)."""
    if recommendation.result.get("outcome") != "recommend" or not recommendation.interventions:
        raise ApplicationNotAllowed("nothing_to_apply_for")
    existing = CaseApplication.objects.filter(recommendation=recommendation, status=ApplicationStatus.DRAFT).first()
    if existing:
        return existing
    application = CaseApplication.objects.create(
        case=recommendation.case, recommendation=recommendation, year=recommendation.year,
        interventions=recommendation.interventions, total=recommendation.total, created_by=user,
    )
    _audit(user, recommendation.case, "application_draft", application=application.pk)
    return application


def complementarity_evidence(answers: dict) -> list[dict]:
    """Which authority was asked for what and what it answered; never the free-text reason."""
    return [
        {key: entry.get(key) for key in ("authority", "asked_for", "outcome", "written_decision")}
        for entry in answers.get("authorities", [])
    ]


def statistics_dimensions(case: Case, answers: dict) -> dict:
    """The annual report's dimensions (seeds 000, 002): no initials, no birth year."""
    children = list(case.children.all())
    exploitation = answers.get("exploitation", {})
    return {
        "age_group": case.age_group,
        "gender": case.gender,
        "nationality": case.nationality,
        "children_accompanying": sum(1 for c in children if c.where == "accompanying"),
        "children_elsewhere": sum(1 for c in children if c.where == "elsewhere"),
        "exploitation_forms": exploitation.get("forms", []),
        "residence_status": answers.get("residence_status"),
        "police_report": answers.get("police_report"),
        "need": answers.get("need"),
    }


@transaction.atomic
def application_submit(*, application: CaseApplication, user):
    """Submit to the programme: a minimal pseudonymous copy lands in the public schema."""
    from tenants.models import Application

    application = CaseApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO):
        raise ApplicationNotAllowed("already_submitted")
    recommendation = application.recommendation
    case = application.case
    programme_copy, _ = Application.objects.update_or_create(
        actor=connection.tenant, local_id=application.pk,
        defaults=dict(
            case_code=case.code, year=application.year, ruleset_version=recommendation.ruleset_version,
            outcome=recommendation.result.get("outcome", ""), interventions=application.interventions,
            intervention_codes=sorted({item["code"] for item in application.interventions}),
            total=application.total, complementarity=complementarity_evidence(recommendation.answers),
            rules_fired=recommendation.rules_fired, statistics=statistics_dimensions(case, recommendation.answers),
            adjusted_by_staff=recommendation.adjusted_interventions is not None, status="submitted",
        ),
    )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_by = user
    application.submitted_at = timezone.now()
    application.programme_application_id = programme_copy.pk
    application.save()
    case.status = CaseStatus.APPLIED
    case.save(update_fields=["status", "updated_at"])
    _audit(user, case, "application_submit", application=application.pk, programme_id=programme_copy.pk)
    _announce_case(case, {"event": "submitted"})
    send_on_commit("programme.applications", "application.event", {"kind": "submitted", "id": programme_copy.pk})
    return programme_copy


@transaction.atomic
def application_record_decision(*, local_id: int, kind: str, motivation: str, granted_interventions,
                                 granted_total, decided_by) -> CaseApplication:
    """The programme's decision arrives at the actor (runs in the actor's schema)."""
    application = CaseApplication.objects.select_for_update().select_related("case").get(pk=local_id)
    application.status = kind
    application.decision_motivation = motivation
    application.granted_interventions = granted_interventions
    application.granted_total = granted_total
    application.decided_at = timezone.now()
    application.save()
    case = application.case
    if kind != ApplicationStatus.MORE_INFO:
        case.status = CaseStatus.DECIDED
        case.save(update_fields=["status", "updated_at"])
    _audit(decided_by, case, "decision_received", application=application.pk, decision=kind)
    recipient = application.submitted_by or application.created_by
    notification_create(user=recipient, case=case, kind="decision", data={"code": case.code, "decision": kind})
    _announce_case(case, {"event": "decided", "decision": kind})
    return application

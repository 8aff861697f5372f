"""Writes of case data: each in one transaction, each audited once, broadcasts on commit.

The programme is reached through one function of its side (tenants.services
.application_receive), and its decisions come back through the receiver registered in
IntakeConfig.ready (application_decision_record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from intake import flow as intake_flow
from intake.models import (
    AgeGroup, AnswerEvent, Case, CaseApplication, CaseAuditEntry, CaseDecision, CaseStatus, Child, ChildWhere,
    LawfulBasis, ReferredBy,
    Conversation, Notification, Recommendation,
)
from intake.followup.selectors import clocks_of
from intake.followup.services import days_used_sync
from intake.rules import AnswersError, recommend
from intake.selectors import case_facts
from portal.broadcast import actor_group, case_group, send_on_commit
from portal.models import User
from tenants import services as programme
from tenants.models import BINDING_STATUSES, ApplicationStatus
from tenants.referrals.keys import duplicate_key
from tenants.referrals.services import ReferralMessage
from tenants.years.rulesets import active_rulesets

ADULT_AGE = 18


def _audit(user, case: Case | None, action: str, **detail) -> None:
    CaseAuditEntry.objects.create(user=user, case=case, action=action, detail=detail)


def _announce_case(case: Case, event: dict) -> None:
    send_on_commit(case_group(connection.schema_name, case.code), "case.changed", {"code": case.code, **event})


# --- Opening a case ---------------------------------------------------------------------


def case_code_next() -> str:
    """The actor's own next case code (e.g. LIN-0007), from a counter in the actor's schema.

    It tells an actor how many cases it has itself and nothing about the others (the
    programme's NSP numbers are given when an application arrives, tenants.services).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('intake_case_number_seq')")
        (number,) = cursor.fetchone()
    prefix = "".join(ch for ch in connection.tenant.slug.upper() if ch.isalpha())[:3] or "AKT"
    return f"{prefix}-{number:04d}"


def age_group_for(birth_year: int, *, today: date | None = None) -> str:
    """A child is under 18; with a birth year only, the person counts as a child until the
    year they turn 18 (the benefit of the doubt protects a possible child)."""
    today = today or timezone.localdate()
    return AgeGroup.CHILD if today.year - birth_year <= ADULT_AGE - 1 else AgeGroup.ADULT


@transaction.atomic
def case_open(
    *, user, initials: str, birth_year: int, nationality: str, gender: str,
    children: list[dict] | None = None, with_guardian: bool | None = None, person_language: str = "sv",
    referred_by: str = "",
) -> Case:
    """Open a case under the actor's next case code, with its pseudonymous duplicate key."""
    age_group = age_group_for(birth_year)
    case = Case(
        code=case_code_next(), initials=initials.strip().upper(), birth_year=birth_year,
        nationality=nationality.upper(), gender=gender, opened_by=user, age_group=age_group,
        with_guardian=with_guardian if age_group == AgeGroup.CHILD else None,
        person_language=person_language, referred_by=referred_by,
        duplicate_key=duplicate_key(initials=initials, birth_year=birth_year, nationality=nationality,
                                    gender=gender),
    )
    case.full_clean()
    case.save()
    for child in children or []:
        Child.objects.create(case=case, **child)
    Conversation.objects.create(case=case)
    _audit(user, case, "open")
    send_on_commit(actor_group(connection.schema_name), "case.event", {"kind": "case_opened", "code": case.code})
    return case


def referral_case_open(message: ReferralMessage) -> str:
    """An accepted referral opens a case here (registered in IntakeConfig.ready): the
    referral's facts, the identity facts staff recorded on accepting, and "referred by:
    regional coordinator" as the intake's answer too. Returns the case code."""
    from knowledge import languages

    user = User.objects.get(pk=message.user_id)
    case = case_open(
        user=user, initials=message.initials, birth_year=message.birth_year, nationality=message.nationality,
        gender=message.gender, children=[{"where": ChildWhere.ACCOMPANYING}] * message.children,
        person_language=message.language if message.language in languages.CODES else "sv",
        referred_by=ReferredBy.REGIONAL_COORDINATOR,
    )
    prefill = {"referred_by": ReferredBy.REGIONAL_COORDINATOR}
    if message.exploitation_forms:
        prefill["exploitation.forms"] = list(message.exploitation_forms)
    for question_id, value in prefill.items():
        try:
            answer_give(case=case, user=user, question_id=question_id, raw=value, lang="en")
        except (QuestionNotApplicable, intake_flow.AnswerInvalid):
            pass  # not asked yet for this case: staff answer it in the intake
    _audit(user, case, "referral_accepted", referral=message.referral_id)
    return case.code


def referral_notify(kind: str, data: dict) -> None:
    """Tell every member of this actor of a referral request (new, or a reminder)."""
    from portal.models import Membership
    from portal.roles import ACTOR_ROLES

    members = Membership.objects.filter(actor=connection.tenant, role__in=[role.value for role in ACTOR_ROLES])
    for user_id in sorted(set(members.values_list("user_id", flat=True))):
        notification_create(user=User(pk=user_id), case=None, kind=kind, data=data)


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
    """What giving (or changing) an answer did, for the screen to say so.

    `walk` is the bank as it plays out for the answers now, when the service walked it:
    the screen renders from it instead of walking again.
    """

    question_id: str
    changed: bool
    answers: dict
    revision: int
    walk: intake_flow.Walk | None = None
    dropped: list[str] = field(default_factory=list)   # answers removed: no longer apply
    added: list[str] = field(default_factory=list)     # questions that now apply and were not asked
    complete: bool = False
    notice: tuple[str, str] | None = None               # (sv, en): accepted, but something to know
    repeated: bool = False                              # a retry of an answer already stored


class QuestionNotApplicable(ValueError):
    """The question asked about does not apply to this case (any more)."""

    def __init__(self, question_id: str):
        super().__init__(question_id)
        self.question_id = question_id


class RevisionStale(ValueError):
    """The page answered from an older state of the intake (another tab or person changed it)."""

    def __init__(self, current: int):
        super().__init__(current)
        self.current = current


def _conversation_locked(case: Case) -> Conversation:
    conversation, _ = Conversation.objects.select_for_update().get_or_create(case=case)
    return conversation


def _period_start_notice(value: Any) -> tuple[str, str] | None:
    """Periods can start in a year with rules in effect, or in the next one (whose rules the
    coordinator may still be making): then the intake says so. Other years are refused."""
    start = date.fromisoformat(value) if isinstance(value, str) else value
    years = sorted(active_rulesets())
    if start.year in years:
        return None
    if years and start.year == years[-1] + 1:
        return (
            f"Det finns ännu inga programregler i kraft för {start.year}. Svaret sparas, men "
            f"rekommendationen kan ges först när programsamordnaren har satt {start.year} i kraft.",
            f"There are no programme rules in effect for {start.year} yet. The answer is kept, but the "
            f"recommendation can only be made once the programme coordinator has put {start.year} into effect.",
        )
    span = f"{years[0]}–{years[-1] + 1}" if years else "–"
    raise intake_flow.AnswerInvalid(
        "period_start",
        f"Programmet har regler för perioder som börjar {span}. Kontrollera datumet.",
        f"The programme has rules for periods starting {span}. Check the date.",
        code="no_rules_for_year",
    )


@transaction.atomic
def answer_give(*, case: Case, user, question_id: str, raw: Any, lang: str, revision: int | None = None,
                today: date | None = None) -> AnswerOutcome:
    """Store one answer the moment it is given; re-evaluate what follows if it changed.

    One walk of the question bank and one audit row. `revision` is the intake's revision
    the page showed: a retry of an answer already stored succeeds without storing it again,
    and an answer from an out-of-date page that would overwrite a newer one is refused
    (RevisionStale). Raises intake.flow.AnswerInvalid (message in sv/en) or
    QuestionNotApplicable.
    """
    conversation = _conversation_locked(case)
    try:
        question = intake_flow.load_questions().get(question_id)
    except KeyError:
        raise QuestionNotApplicable(question_id) from None
    value = intake_flow.validate_answer(question, raw, lang, today=today)
    notice = _period_start_notice(value) if question_id == "period_start" and value is not None else None
    if question_id == "days_used":
        clocks = clocks_of(case)
        if clocks.known and value != clocks.days_used():
            value = clocks.days_used()  # answered from the case's clock, never typed
            notice = (
                "Dagarna räknas från Stödprogrammets beslut och de tidigare dagar som lagts in på ärendet; "
                "det skrivna svaret ersattes av dem.",
                "The days are counted from the programme's decisions and the days from before entered on the "
                "case; the typed answer was replaced by them.",
            )
    before = conversation.answers
    if question_id in before and before[question_id] == value:
        return AnswerOutcome(question_id=question_id, changed=False, answers=before,
                             revision=conversation.revision, repeated=True, notice=notice,
                             complete=conversation.completed_at is not None)
    if revision is not None and revision != conversation.revision:
        raise RevisionStale(conversation.revision)

    facts = case_facts(case)
    walk = intake_flow.walk({**before, question_id: value}, facts)
    if question_id not in walk.kept:
        raise QuestionNotApplicable(question_id)
    answers, dropped = walk.kept, walk.dropped
    asked = [step.question.id for step in walk.steps if step.status == "ask"]
    applicable_before = set(conversation.applicable)
    added = [qid for qid in asked if qid not in applicable_before and qid not in answers] if applicable_before else []
    upcoming = next((qid for qid in asked if qid not in answers), None)
    complete = upcoming is None
    changed = question_id in before

    conversation.answers = answers
    conversation.applicable = asked
    conversation.revision += 1
    conversation.completed_at = (conversation.completed_at or timezone.now()) if complete else None
    conversation.save(update_fields=["answers", "applicable", "revision", "completed_at", "updated_at"])
    kind = AnswerEvent.Kind.CHANGED if changed else AnswerEvent.Kind.ANSWERED
    AnswerEvent.objects.bulk_create(
        [AnswerEvent(conversation=conversation, question_id=question_id, kind=kind, value=value, by=user)]
        + [AnswerEvent(conversation=conversation, question_id=dropped_id, kind=AnswerEvent.Kind.DROPPED,
                       value=before.get(dropped_id), by=user) for dropped_id in dropped]
    )
    _audit(user, case, "answer_change" if changed else "answer", question=question_id, dropped=dropped)
    if case.status == CaseStatus.RECOMMENDED:
        # The recommendation was made from the old answers; a new one is needed.
        case.status = CaseStatus.INTAKE
        case.save(update_fields=["status", "updated_at"])
    answered = sum(1 for qid in asked if qid in answers)
    _announce_case(case, {"event": "answered", "revision": conversation.revision, "question_id": upcoming,
                          "progress": [answered, len(asked)]})
    return AnswerOutcome(question_id=question_id, changed=changed, answers=answers, revision=conversation.revision,
                         walk=walk, dropped=dropped, added=added, complete=complete, notice=notice)


# --- Recommendation ---------------------------------------------------------------------------


class IntakeIncomplete(ValueError):
    pass


class NoRulesForYear(ValueError):
    """No programme rules are in effect for the year the period starts in."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


@transaction.atomic
def recommendation_make(*, case: Case, user, today: date | None = None) -> Recommendation:
    """Ask the rules engine once, and keep what it said with the year's rule-set version and
    the intake's revision it was made from.

    Raises IntakeIncomplete, NoRulesForYear, or intake.rules.AnswersError when the answers
    contradict each other in a way the flow could not catch.
    """
    conversation = _conversation_locked(case)
    # The days already used come from the case's clock (decisions and days from before).
    days_used_sync(case=case, user=user, conversation=conversation)
    facts = case_facts(case)
    if intake_flow.next_question(conversation.answers, facts) is not None:
        raise IntakeIncomplete(case.code)
    document = intake_flow.to_rule_answers(conversation.answers, facts)
    try:
        result = recommend(document, rulesets=active_rulesets(), lang="en", today=today)
    except AnswersError as error:
        if error.code == "no_ruleset":
            raise NoRulesForYear(error.value) from error
        raise
    recommendation = Recommendation.objects.create(
        case=case, created_by=user, year=result["year"], ruleset_version=result.get("ruleset_version", ""),
        answers=document, result=result, rules_fired=result.get("rules_fired", []),
        answers_revision=conversation.revision,
    )
    case.status = CaseStatus.RECOMMENDED
    case.save(update_fields=["status", "updated_at"])
    _audit(user, case, "recommend", recommendation=recommendation.pk, outcome=result["outcome"])
    _announce_case(case, {"event": "recommended"})
    return recommendation


def recommendation_is_current(recommendation: Recommendation, conversation: Conversation) -> bool:
    """Made from the answers as they are now (any later change makes it outdated)."""
    return recommendation.answers_revision == conversation.revision


class AdjustmentInvalid(ValueError):
    def __init__(self, field: str, code: str, **params):
        super().__init__(code)
        self.field = field
        self.code = code
        self.params = params


def adjustment_limits(recommendation: Recommendation) -> list[dict]:
    """Per intervention of the engine's result: what staff may set it to.

    Days up to what the year's rules give this case (the engine's days: the year's limit
    less the days used, cut at the year's end), amounts of point items up to the engine's
    amount (the documented cost within the year's maximum). A child supplement never has
    more days than the period it accompanies.
    """
    limits = []
    for index, item in enumerate(recommendation.result.get("interventions", [])):
        if item.get("days") is not None and item.get("rate") is not None:
            limits.append({"index": index, "field": f"days_{index}", "max": item["days"], "item": item})
        else:
            limits.append({"index": index, "field": f"amount_{index}", "max": item.get("amount", 0), "item": item})
    return limits


@transaction.atomic
def recommendation_adjust(*, recommendation: Recommendation, user, values: dict[str, int],
                          reason: str) -> Recommendation:
    """Staff lower days or amounts (or raise them back within the year's limits), with a reason.

    `values` maps the fields of adjustment_limits() (days_0, amount_1, …) to new values;
    a field left out keeps the engine's value. Amounts of day interventions follow from the
    days and the engine's amount per day (rate less deductions), so no rate is invented.
    """
    reason = (reason or "").strip()
    if not reason:
        raise AdjustmentInvalid("reason", "reason_required")
    conversation = _conversation_locked(recommendation.case)
    if not recommendation_is_current(recommendation, conversation):
        raise AdjustmentInvalid("__all__", "outdated")
    adjusted, parent_days = [], {}
    for limit in adjustment_limits(recommendation):
        item, entry = limit["item"], dict(limit["item"])
        new_value = values.get(limit["field"])
        if new_value is None:
            new_value = limit["max"]
        if isinstance(new_value, bool) or not isinstance(new_value, int) or not 0 <= new_value <= limit["max"]:
            raise AdjustmentInvalid(limit["field"], "out_of_range", max=limit["max"])
        if limit["field"].startswith("days_"):
            parent = item.get("parent")
            if parent and new_value > parent_days.get(parent, new_value):
                raise AdjustmentInvalid(limit["field"], "supplement_longer", max=parent_days[parent])
            parent_days[item["code"]] = new_value
            entry["days"] = new_value
            entry["amount"] = round(item["amount"] * new_value / item["days"]) if item["days"] else 0
            if new_value and item.get("start"):
                entry["end"] = (date.fromisoformat(item["start"]) + timedelta(days=new_value - 1)).isoformat()
        else:
            entry["amount"] = new_value
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
    """`code`: nothing_to_apply_for, outdated, overlaps, already_submitted, no_lawful_basis,
    actor_not_certified (the programme refused: the actor is not certified now), plan_missing; `other` is
    the application in the way, if any."""

    def __init__(self, code: str, other: CaseApplication | None = None):
        super().__init__(code)
        self.code = code
        self.other = other


def period_of(interventions: list[dict]) -> DateRange | None:
    """The days the interventions cover, first to last inclusive (None: point items only)."""
    starts = [date.fromisoformat(item["start"]) for item in interventions if item.get("start")]
    ends = [date.fromisoformat(item["end"]) for item in interventions if item.get("end")]
    if not starts or not ends:
        return None
    return DateRange(min(starts), max(ends), bounds="[]")


def _refresh_from(application: CaseApplication, recommendation: Recommendation) -> None:
    application.recommendation = recommendation
    application.year = recommendation.year
    application.interventions = recommendation.interventions
    application.total = recommendation.total
    application.period = period_of(recommendation.interventions)
    application.save()


@transaction.atomic
def application_draft(*, recommendation: Recommendation, user) -> CaseApplication:
    """The application for a recommendation: one per recommendation and per period.

    Asking twice (a double click, two tabs) gives the same draft. An unsent application of
    the case for the same days (a draft, or one the coordinator asked more information on)
    is brought up to date from this recommendation instead of a second one being made; an
    application already with the programme or granted for any of these days stops it.
    """
    case = Case.objects.select_for_update().get(pk=recommendation.case_id)  # one at a time per case
    conversation = _conversation_locked(case)
    if not recommendation_is_current(recommendation, conversation):
        raise ApplicationNotAllowed("outdated")
    if recommendation.result.get("outcome") != "recommend" or not recommendation.interventions:
        raise ApplicationNotAllowed("nothing_to_apply_for")
    existing = CaseApplication.objects.filter(recommendation=recommendation).exclude(
        status=ApplicationStatus.REFUSED).first()
    if existing is not None:
        return existing
    period = period_of(recommendation.interventions)
    binding = CaseApplication.objects.filter(case=case, status__in=BINDING_STATUSES).order_by("created_at")
    in_the_way = binding.filter(period__overlap=period) if period else binding.filter(
        period__isnull=True, status__in=[ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO])
    unsent = [a for a in in_the_way if a.status in (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO)]
    sent = [a for a in in_the_way if a.status not in (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO)]
    if sent:
        raise ApplicationNotAllowed("overlaps", sent[0])
    if len(unsent) > 1:
        raise ApplicationNotAllowed("overlaps", unsent[1])
    try:
        with transaction.atomic():
            if unsent:
                application = unsent[0]
                _refresh_from(application, recommendation)
                action = "application_update"
            else:
                application = CaseApplication.objects.create(
                    case=case, recommendation=recommendation, year=recommendation.year, period=period,
                    interventions=recommendation.interventions, total=recommendation.total, created_by=user,
                )
                action = "application_draft"
    except IntegrityError:
        # The database's own guard (one per recommendation, no overlapping periods).
        raise ApplicationNotAllowed("overlaps") from None
    _audit(user, case, action, application=application.pk, recommendation=recommendation.pk)
    return application


def children_primary(case: Case) -> int:
    from intake.documents.selectors import children_with_own_plan

    return children_with_own_plan(case)


def statistics_dimensions(case: Case, answers: dict, intake_answers: dict | None = None) -> dict:
    """The annual report's dimensions (seeds 000, 002): no initials, no birth year.

    `answers` is the rules document; `intake_answers` the intake's own answers, for the
    dimensions the rules do not use (who referred the person)."""
    from intake.documents.selectors import child_ids_with_own_plan

    children = list(case.children.all())
    own_plans = child_ids_with_own_plan(case) if children else set()
    exploitation = answers.get("exploitation", {})
    return {
        "age_group": case.age_group,
        "gender": case.gender,
        "nationality": case.nationality,
        "children_accompanying": sum(1 for c in children if c.where == "accompanying"),
        "children_elsewhere": sum(1 for c in children if c.where == "elsewhere"),
        # One by one for the annual report's tables by gender (seed 002, section 2).
        "children": [{"gender": c.gender, "where": "with_person" if c.where == "accompanying" else "elsewhere",
                      "own_plan": c.pk in own_plans} for c in children],
        # A child with individual support and a signed plan of its own is a primary
        # recipient (seed 002, section 2), counted apart from the accompanying children.
        "children_primary": children_primary(case),
        "exploitation_forms": exploitation.get("forms", []),
        "residence_status": answers.get("residence_status"),
        "police_report": answers.get("police_report"),
        "need": answers.get("need"),
        "not_obtained_reasons": sorted({entry["reason_category"] for entry in answers.get("authorities", [])
                                        if entry.get("reason_category")}),
        **intake_flow.statistics_answers(intake_answers or {}),
    }


# --- Consent and lawful basis -----------------------------------------------------------------


class LawfulBasisInvalid(ValueError):
    pass


@transaction.atomic
def lawful_basis_record(*, case: Case, user, basis: str, note: str = "") -> LawfulBasis:
    """Record the person's consent (or the lawful basis that applies), by whom and when."""
    if basis not in LawfulBasis.Basis.values:
        raise LawfulBasisInvalid("basis")
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if case.lawful_bases.filter(withdrawn_at__isnull=True).exists():
        raise LawfulBasisInvalid("already_recorded")
    recorded = LawfulBasis.objects.create(case=case, basis=basis, note=(note or "").strip(), recorded_by=user)
    _audit(user, case, "lawful_basis_record", basis=basis)
    return recorded


@transaction.atomic
def lawful_basis_withdraw(*, case: Case, user) -> LawfulBasis | None:
    """The person withdraws consent: nothing more leaves the actor for this case."""
    current = case.lawful_bases.select_for_update().filter(withdrawn_at__isnull=True).first()
    if current is None:
        return None
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = user
    current.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _audit(user, case, "lawful_basis_withdraw", basis=current.basis)
    return current


@transaction.atomic
def application_submit(*, application: CaseApplication, user):
    """Submit to the programme: a minimal pseudonymous copy lands in the public schema."""
    application = CaseApplication.objects.select_for_update().select_related("recommendation", "case").get(
        pk=application.pk)
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO):
        raise ApplicationNotAllowed("already_submitted")
    recommendation = application.recommendation
    case = application.case
    if not recommendation_is_current(recommendation, _conversation_locked(case)):
        raise ApplicationNotAllowed("outdated")
    # Nothing leaves the actor's schema without the person's consent or another lawful basis.
    if not case.lawful_bases.filter(withdrawn_at__isnull=True).exists():
        raise ApplicationNotAllowed("no_lawful_basis")
    result = recommendation.result
    # An extension or an integration period needs its plan, signed (issue 10; seed 002).
    from intake.documents.selectors import plans_missing

    if plans_missing(case, result.get("documents_required", [])):
        raise ApplicationNotAllowed("plan_missing")
    try:
        programme_copy = _application_send(application, recommendation, case, result)
    except programme.ActorMayNotApply:
        raise ApplicationNotAllowed("actor_not_certified") from None
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_by = user
    application.submitted_at = timezone.now()
    application.programme_application_id = programme_copy.pk
    application.save()
    case.status = CaseStatus.APPLIED
    case.save(update_fields=["status", "updated_at"])
    _audit(user, case, "application_submit", application=application.pk, programme_id=programme_copy.pk)
    _announce_case(case, {"event": "submitted"})
    return programme_copy


def _application_send(application: CaseApplication, recommendation: Recommendation, case: Case, result: dict):
    """The minimal pseudonymous copy to the programme (which refuses an uncertified actor)."""
    return programme.application_receive(
        actor=connection.tenant, local_id=application.pk, case_code=case.code, year=application.year,
        period=(application.period.lower, _last_day(application.period)) if application.period else None,
        ruleset_version=recommendation.ruleset_version, outcome=result.get("outcome", ""),
        interventions=application.interventions, total=application.total,
        complementarity=intake_flow.complementarity_evidence(recommendation.answers),
        rules_fired=recommendation.rules_fired,
        explanation={"reasons": [{"rule": r["rule"], "params": r.get("params", {})} for r in result.get("reasons", [])],
                     "texts": result.get("texts", {})},
        statistics=statistics_dimensions(case, recommendation.answers, case.conversation.answers),
        adjusted_by_staff=recommendation.adjusted_interventions is not None,
        duplicate_key=case.duplicate_key,
    )


def _last_day(period: DateRange) -> date:
    """The inclusive last day (PostgreSQL keeps date ranges as [first, day after))."""
    return period.upper - timedelta(days=1) if not period.upper_inc else period.upper


def application_decision_record(message: programme.DecisionMessage) -> CaseApplication:
    """The programme's decision arrives at the actor (runs in the actor's schema, inside the
    programme's transaction: if this fails, the decision is not made)."""
    application = CaseApplication.objects.select_for_update().select_related("case").get(pk=message.local_id)
    supersedes = (CaseDecision.objects.get(programme_decision_id=message.supersedes_id)
                  if message.supersedes_id else None)
    CaseDecision.objects.create(
        application=application, programme_decision_id=message.decision_id, kind=message.kind,
        motivation=message.motivation, granted_interventions=message.granted_interventions,
        granted_total=message.granted_total, decided_at=message.decided_at, supersedes=supersedes,
    )
    application.status = message.kind
    application.decision_motivation = message.motivation
    application.granted_interventions = message.granted_interventions
    application.granted_total = message.granted_total
    application.decided_at = message.decided_at
    if message.granted_interventions:
        # A partial grant frees the days not granted for a later application.
        application.period = period_of(message.granted_interventions) or application.period
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise programme.DecisionConflict(application.pk) from error
    case = application.case
    if message.kind != ApplicationStatus.MORE_INFO:
        case.status = CaseStatus.DECIDED
        case.save(update_fields=["status", "updated_at"])
    decided_by = User.objects.get(pk=message.decided_by_id)
    _audit(decided_by, case, "decision_received", application=application.pk, decision=message.kind,
           corrects=message.supersedes_id)
    recipient = application.submitted_by or application.created_by
    notification_create(user=recipient, case=case, kind="decision_corrected" if supersedes else "decision",
                        data={"code": case.code, "decision": message.kind})
    _announce_case(case, {"event": "decided", "decision": message.kind})
    return application

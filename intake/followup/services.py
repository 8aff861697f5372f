"""Writes of a case's follow-up: days from before, early ends, extensions, closing.

Each in one transaction, each audited once in the case's audit log; what the programme
must know (an early end) goes through the programme's own function.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from intake import flow as intake_flow
from intake.followup.models import (
    CaseClosure, ClockKind, CloseReason, PeriodEndReport, PriorDays, PriorDaysSource, ReviewRequest,
)
from intake.followup.selectors import clocks_of, limits_of, ruleset_for
from intake.models import AnswerEvent, Case, CaseApplication, CaseAuditEntry, CaseStatus, Conversation
from intake.selectors import case_facts
from portal.broadcast import case_group, send_on_commit
from tenants.followup import reviews
from tenants.followup import services as programme_followup
from tenants.followup.models import EndReason
from tenants.models import OPEN_STATUSES, ApplicationStatus

REASSESS_FILE = Path(__file__).resolve().parent / "reassess.json"


def _audit(user, case: Case, action: str, **detail) -> None:
    CaseAuditEntry.objects.create(user=user, case=case, action=action, detail=detail)


def _announce(case: Case, event: str) -> None:
    send_on_commit(case_group(connection.schema_name, case.code), "case.changed", {"code": case.code, "event": event})


class FollowupRefused(ValueError):
    """`code` says why; `rule` names the year's rule where one refuses it."""

    def __init__(self, code: str, *, field: str = "__all__", rule: str = "", **params):
        super().__init__(code)
        self.code = code
        self.field = field
        self.rule = rule
        self.params = params


def _refuse_if_closed(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise FollowupRefused("closed")


# --- Days used before the portal ---------------------------------------------------------------


@transaction.atomic
def prior_days_enter(*, case: Case, user, kind: str, days: int, source: str, reason: str,
                     today: date | None = None) -> PriorDays:
    """Days of one kind used before the portal or at another actor: entered once, with a
    source and a reason, never more than the year's maximum for the kind."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _refuse_if_closed(case)
    reason = (reason or "").strip()
    if kind not in ClockKind.values:
        raise FollowupRefused("kind", field="kind")
    if source not in PriorDaysSource.values:
        raise FollowupRefused("source", field="source")
    if not reason:
        raise FollowupRefused("reason_required", field="reason")
    ruleset = ruleset_for(today or timezone.localdate())
    limit = limits_of(ruleset).get(kind, 0) if ruleset else 0
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        raise FollowupRefused("days_over_limit", field="days", limit=limit)
    if PriorDays.objects.filter(case=case, kind=kind).exists():
        raise FollowupRefused("already_entered", field="kind")
    entered = PriorDays.objects.create(case=case, kind=kind, days=days, source=source, reason=reason,
                                       entered_by=user)
    _audit(user, case, "prior_days_enter", kind=kind, days=days, source=source)
    # The intake's "days already used" is answered from the clock from now on.
    days_used_sync(case=case, user=user, conversation=Conversation.objects.select_for_update().get(case=case))
    _announce(case, "clock")
    return entered


# --- The intake's "days already used", from the clock -------------------------------------------


def days_used_sync(*, case: Case, user, conversation: Conversation) -> bool:
    """When the case has a clock, the intake's days_used answer is the clock's (shown, never
    typed): set it in the (locked) conversation. True if it changed."""
    clocks = clocks_of(case)
    if not clocks.known:
        return False
    value = clocks.days_used()
    if conversation.answers.get("days_used") == value:
        return False
    answers = dict(conversation.answers)
    changed = "days_used" in answers
    answers["days_used"] = value
    conversation.answers = answers
    conversation.revision += 1
    conversation.save(update_fields=["answers", "revision", "updated_at"])
    AnswerEvent.objects.create(conversation=conversation, question_id="days_used",
                               kind=AnswerEvent.Kind.CHANGED if changed else AnswerEvent.Kind.ANSWERED,
                               value=value, by=user)
    _audit(user, case, "answer_from_clock", question="days_used")
    return True


# --- A period ends early ------------------------------------------------------------------------


@transaction.atomic
def period_end_report(*, application: CaseApplication, user, ended_on: date, reason: str, note: str = "",
                      today: date | None = None) -> PeriodEndReport:
    """An authority took over (or the support stopped) during a granted period: NSP's period
    ends from that day. The clock counts the days actually used; the programme releases
    the rest."""
    application = CaseApplication.objects.select_for_update().select_related("case").get(pk=application.pk)
    case = application.case
    _refuse_if_closed(case)
    today = today or timezone.localdate()
    if application.status not in (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED) \
            or application.period is None:
        raise FollowupRefused("not_granted")
    if PeriodEndReport.objects.filter(application=application).exists():
        raise FollowupRefused("already_ended")
    if reason not in EndReason.values:
        raise FollowupRefused("reason", field="reason")
    first, last = application.period.lower, application.period.upper - timedelta(days=1)
    if not first <= ended_on <= last:
        raise FollowupRefused("outside_period", field="ended_on", first=first, last=last)
    if ended_on > today:
        raise FollowupRefused("in_future", field="ended_on")
    report = PeriodEndReport.objects.create(application=application, ended_on=ended_on, reason=reason,
                                            note=(note or "").strip(), reported_by=user)
    application.period = DateRange(first, ended_on, bounds="[]")
    application.save(update_fields=["period"])
    programme_followup.period_end_receive(actor=connection.tenant, local_id=application.pk, ended_on=ended_on,
                                          reason=reason)
    _audit(user, case, "period_end", application=application.pk, ended_on=ended_on.isoformat(), reason=reason)
    _announce(case, "period_ended")
    return report


# --- Apply for an extension ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def reassessed() -> tuple[str, ...]:
    return tuple(json.loads(REASSESS_FILE.read_text(encoding="utf-8"))["ask_again"])


def _asked_again(question_id: str) -> bool:
    return any(question_id == entry or (entry.endswith(".") and question_id.startswith(entry))
               for entry in reassessed())


@transaction.atomic
def extension_start(*, case: Case, user, today: date | None = None) -> date:
    """A short follow-up intake for the period after the current one: it starts on the day
    after the latest granted period ends, keeps every earlier answer and asks again only
    what the rules re-assess each time (reassess.json). Returns the new period's first day.

    Asked twice (two staff at once, a double click), it starts one follow-up: the second
    finds the intake already set for that day.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)  # one at a time per case
    _refuse_if_closed(case)
    today = today or timezone.localdate()
    clocks = clocks_of(case, today=today)
    latest = clocks.latest
    if latest is None:
        raise FollowupRefused("nothing_granted")
    start = latest.effective_last + timedelta(days=1)
    ruleset = ruleset_for(start)
    if ruleset is not None and ruleset.year == start.year and ruleset.flags.get("retroactive_refused") \
            and today > start:
        # 2016 (NSP006): an application after its period began is refused.
        raise FollowupRefused("retroactive", rule="retroactive", start=start)
    if CaseApplication.objects.filter(case=case, status__in=OPEN_STATUSES, period__startswith__gte=start).exists():
        raise FollowupRefused("already_applied")
    conversation = Conversation.objects.select_for_update().get(case=case)
    before = conversation.answers
    if before.get("period_start") == start.isoformat():
        return start  # already started (by a colleague, or in another tab)
    kept = {qid: value for qid, value in before.items() if not _asked_again(qid)}
    kept["period_start"] = start.isoformat()
    kept["application_date"] = today.isoformat()
    kept["days_used"] = clocks.days_used()
    walk = intake_flow.walk(kept, case_facts(case))
    answers = walk.kept
    asked = [step.question.id for step in walk.steps if step.status == "ask"]
    dropped = [qid for qid in before if qid not in answers]
    conversation.answers = answers
    conversation.applicable = asked
    conversation.revision += 1
    conversation.completed_at = None if any(qid not in answers for qid in asked) else timezone.now()
    conversation.save(update_fields=["answers", "applicable", "revision", "completed_at", "updated_at"])
    AnswerEvent.objects.bulk_create(
        [AnswerEvent(conversation=conversation, question_id=qid, kind=AnswerEvent.Kind.CHANGED, value=answers[qid],
                     by=user) for qid in ("period_start", "application_date", "days_used")]
        + [AnswerEvent(conversation=conversation, question_id=qid, kind=AnswerEvent.Kind.DROPPED,
                       value=before.get(qid), by=user) for qid in dropped]
    )
    case.status = CaseStatus.INTAKE
    case.save(update_fields=["status", "updated_at"])
    _audit(user, case, "extension_start", start=start.isoformat(), asked_again=len(dropped))
    _announce(case, "extension")
    return start


# --- Closing a case -----------------------------------------------------------------------------


# Why a running period ends when its case is closed (the programme counts the category).
END_FOR_CLOSE = {
    CloseReason.SOCIAL_SERVICES: EndReason.AUTHORITY_TOOK_OVER, CloseReason.RETURNED: EndReason.LEFT,
    CloseReason.CONTACT_LOST: EndReason.CONTACT_LOST, CloseReason.COMPLETED: EndReason.NOT_NEEDED,
    CloseReason.OTHER: EndReason.OTHER,
}


@transaction.atomic
def case_close(*, case: Case, user, reason: str, note: str = "", today: date | None = None) -> CaseClosure:
    """Close a case with a reason: read-only from then on, no longer counted in free places.

    A granted period still running ends today (reported to the programme like any early
    end): the days after it are released and no reminder asks to extend it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _refuse_if_closed(case)
    if reason not in CloseReason.values:
        raise FollowupRefused("reason", field="reason")
    today = today or timezone.localdate()
    running = clocks_of(case, today=today).current
    if running is not None and running.ended_on is None and running.last > today:
        period_end_report(application=running.application, user=user, ended_on=today, reason=END_FOR_CLOSE[reason],
                          today=today)
    try:
        with transaction.atomic():
            closure = CaseClosure.objects.create(case=case, reason=reason, note=(note or "").strip(), closed_by=user)
    except IntegrityError:
        raise FollowupRefused("closed") from None
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status", "updated_at"])
    _audit(user, case, "case_close", reason=reason)
    _announce(case, "closed")
    return closure


# --- Review request (omprövning) ---------------------------------------------------------------------


@transaction.atomic
def review_request(*, application: CaseApplication, user, motivation: str, new_facts: str = "") -> ReviewRequest:
    """Ask the programme to review a refusal or a partial grant: once per decision, with a
    motivation and new facts. It reaches the coordinator's inbox as a review."""
    application = CaseApplication.objects.select_for_update().select_related("case").get(pk=application.pk)
    case = application.case
    _refuse_if_closed(case)
    motivation = (motivation or "").strip()
    if not motivation:
        raise FollowupRefused("motivation_required", field="motivation")
    decision = application.decisions.order_by("-decided_at", "-pk").first()
    if decision is None or application.status not in reviews.REVIEWABLE:
        raise FollowupRefused("not_reviewable")
    if ReviewRequest.objects.filter(decision=decision).exists() or decision.supersedes_id and \
            ReviewRequest.objects.filter(decision_id=decision.supersedes_id).exists():
        raise FollowupRefused("already_reviewed")
    try:
        reviews.review_receive(actor=connection.tenant, local_id=application.pk, motivation=motivation,
                               new_facts=new_facts)
    except reviews.ReviewNotAllowed as refused:
        raise FollowupRefused(refused.code) from None
    request = ReviewRequest.objects.create(decision=decision, motivation=motivation,
                                           new_facts=(new_facts or "").strip(), requested_by=user)
    _audit(user, case, "review_request", application=application.pk, decision=decision.programme_decision_id)
    _announce(case, "review_requested")
    return request


def review_state(application: CaseApplication) -> str:
    """"can": the actor may ask for review; "requested": asked, waiting; "final": a review
    was decided (no review of a review); "": nothing to review."""
    decisions = list(application.decisions.all())
    if not decisions:
        return ""
    latest = decisions[0]
    requested = {d.pk for d in decisions if hasattr(d, "review")}
    if latest.pk in requested:
        return "requested"
    if latest.supersedes_id in requested:
        return "final"
    return "can" if application.status in reviews.REVIEWABLE else ""

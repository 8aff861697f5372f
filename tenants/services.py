"""Writes on the programme's side: case codes, receiving applications, decisions.

The actors' side (intake) hands an application to the programme through one function,
`application_receive`; the programme sends each decision back through the receivers the
actors' side registers at start-up (`decision_receiver`). So the programme never imports
the actors' code, and every decision reaches the actor's schema in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context
from psycopg.types.range import Range

from portal.audit import audit_event
from portal.broadcast import send_on_commit
from tenants.followup.services import AdmissionInvalid, admission_decide
from tenants.models import DECISION_KINDS, MAY_APPLY, Actor, Application, ApplicationStatus, Decision


def nsp_number_next() -> str:
    """The programme's next case number, NSP001 onwards ("Ärendenummer tilldelas av NSP").

    Given when a case's first application reaches the programme, and seen only on the
    programme's side: an actor seeing it could count the other actors' cases between
    two of its own. Actors name their cases by their own codes (intake.services).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('public.nsp_case_code_seq')")
        (number,) = cursor.fetchone()
    return f"NSP{number:03d}"


# --- Receiving an application -------------------------------------------------------------


@transaction.atomic
def application_receive(
    *, actor: Actor, local_id: int, case_code: str, year: int, period: tuple[date, date] | None,
    ruleset_version: str, outcome: str, interventions: list[dict], total: int, complementarity: list[dict],
    rules_fired: list[str], explanation: dict, statistics: dict, adjusted_by_staff: bool,
    duplicate_key: str = "",
) -> Application:
    """An actor submits (or resubmits after a request for more information) an application.

    Only pseudonymous, structured facts arrive here: the caller has already left out
    initials, notes and free text. Only a certified actor may apply (seed 001): an actor
    in certification, suspended or ended is refused, whatever its pages offered.
    """
    status = Actor.objects.filter(pk=actor.pk).values_list("certification", flat=True).first()
    if status not in MAY_APPLY:
        raise ActorMayNotApply(status or "")
    application, created = Application.objects.select_for_update().get_or_create(
        actor=actor, local_id=local_id,
        defaults=dict(case_code=case_code, year=year, ruleset_version=ruleset_version, total=total),
    )
    if not created and application.status not in (ApplicationStatus.MORE_INFO,):
        raise ApplicationNotReceivable(application.status)
    if not application.nsp_number:
        # One NSP number per case: a later application of the same case keeps it.
        earlier = (Application.objects.filter(actor=actor, case_code=case_code).exclude(nsp_number="")
                   .values_list("nsp_number", flat=True).first())
        application.nsp_number = earlier or nsp_number_next()
    application.case_code = case_code
    application.year = year
    application.period = Range(period[0], period[1], bounds="[]") if period else None
    application.ruleset_version = ruleset_version
    application.outcome = outcome
    application.interventions = interventions
    application.intervention_codes = sorted({item["code"] for item in interventions})
    application.total = total
    application.complementarity = complementarity
    application.rules_fired = rules_fired
    application.explanation = explanation
    application.statistics = statistics
    application.adjusted_by_staff = adjusted_by_staff
    # Only the pseudonymous key travels: the programme can see the same person at two
    # actors, never who it is (README, "The duplicate key").
    application.duplicate_key = duplicate_key
    application.status = ApplicationStatus.SUBMITTED
    application.granted_interventions = None
    application.granted_total = None
    application.decided_at = None
    application.save()
    send_on_commit("programme.applications", "application.event", {"kind": "submitted", "id": application.pk})
    return application


class ApplicationNotReceivable(ValueError):
    """The programme already has this application and is not waiting for it again."""


class ActorMayNotApply(ApplicationNotReceivable):
    """The actor is not certified now (its status is the message): it may not apply for funds."""


# --- Decisions ----------------------------------------------------------------------------


class DecisionInvalid(ValueError):
    """A decision that cannot be recorded; `field` names the form field at fault."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


@dataclass(frozen=True)
class DecisionMessage:
    """What the actor's side is told of a decision (no user object crosses schemas)."""

    local_id: int
    decision_id: int
    kind: str
    motivation: str
    granted_interventions: list[dict] | None
    granted_total: int | None
    decided_at: datetime
    decided_by_id: int
    supersedes_id: int | None


class DecisionConflict(ValueError):
    """Raised by a receiver: the decision would grant days the case already has granted in
    another application (the actor's schema refuses overlapping periods)."""


_decision_receivers: list[Callable[[DecisionMessage], None]] = []


def decision_receiver(receiver: Callable[[DecisionMessage], None]) -> Callable[[DecisionMessage], None]:
    """Register a function that records a decision in the actor's schema (intake's AppConfig)."""
    if receiver not in _decision_receivers:
        _decision_receivers.append(receiver)
    return receiver


def _granted_in_part(application: Application, days: dict[int, int], amounts: dict[int, int]) -> list[dict]:
    """The interventions with fewer days or a lower amount; never more than applied for.

    An index missing from `days`/`amounts` keeps what was applied for.
    """
    granted, reduced = [], False
    for index, item in enumerate(application.interventions):
        entry = dict(item)
        if item.get("days") and index in days:
            new_days = days[index]
            if new_days < 0 or new_days > item["days"]:
                raise DecisionInvalid(f"days_{index}", "days_not_more")
            entry["days"] = new_days
            entry["amount"] = round(item["amount"] * new_days / item["days"])
            if entry.get("start") and new_days:
                entry["end"] = (date.fromisoformat(entry["start"]) + timedelta(days=new_days - 1)).isoformat()
        if index in amounts:
            new_amount = amounts[index]
            if new_amount < 0 or new_amount > entry["amount"]:
                raise DecisionInvalid(f"amount_{index}", "amount_not_more")
            entry["amount"] = new_amount
        reduced = reduced or entry["amount"] < item["amount"]
        if entry["amount"] > 0:
            granted.append(entry)
    if not reduced:
        raise DecisionInvalid("kind", "part_needs_reduction")
    return granted


@transaction.atomic
def application_decide(*, application: Application, coordinator, kind: str, motivation: str,
                       days: dict[int, int] | None = None, amounts: dict[int, int] | None = None,
                       supersedes: Decision | None = None, admission: str | None = None,
                       admission_motivation: str = "") -> Decision:
    """Grant, grant in part, ask for more information or refuse, always with a motivation.

    A decided application can be corrected by a new decision that supersedes the one in
    force. The decision is written into the actor's schema in the same transaction, and
    the actor's screens hear of it once it is committed.
    """
    application = Application.objects.select_for_update().select_related("actor").get(pk=application.pk)
    motivation = (motivation or "").strip()
    if kind not in DECISION_KINDS:
        raise DecisionInvalid("kind", "unknown_kind")
    if not motivation:
        raise DecisionInvalid("motivation", "motivation_required")
    in_force = application.decisions.filter(superseded_by__isnull=True).first()
    if supersedes is None:
        if application.status != ApplicationStatus.SUBMITTED:
            raise DecisionInvalid("kind", "already_decided")
    elif in_force is None or supersedes.pk != in_force.pk or application.status == ApplicationStatus.SUBMITTED:
        raise DecisionInvalid("kind", "not_in_force")
    elif kind == ApplicationStatus.MORE_INFO:
        raise DecisionInvalid("kind", "correction_cannot_ask")
    if kind == ApplicationStatus.GRANTED:
        granted = application.interventions
    elif kind == ApplicationStatus.PARTLY_GRANTED:
        granted = _granted_in_part(application, days or {}, amounts or {})
    else:
        granted = None
    granted_total = sum(item["amount"] for item in granted) if granted is not None else None
    if supersedes is None and kind != ApplicationStatus.MORE_INFO:
        _admission_decide(application, coordinator, kind, admission, admission_motivation or motivation)
    decision = Decision.objects.create(
        application=application, kind=kind, motivation=motivation, granted_interventions=granted,
        granted_total=granted_total, decided_by=coordinator, supersedes=supersedes,
    )
    application.status = kind
    application.granted_interventions = granted
    application.granted_total = granted_total
    application.decided_at = decision.decided_at
    application.save()
    try:
        _send_back(application, decision)
    except DecisionConflict:
        raise DecisionInvalid("kind", "overlaps") from None
    audit_event(user=coordinator, action="decision_correction" if supersedes else "decision",
                application=application.pk, decision=kind, actor=application.actor.slug,
                **({"supersedes": supersedes.pk} if supersedes else {}))
    send_on_commit("programme.applications", "application.event", {"kind": "decided", "id": application.pk})
    return decision


def _admission_decide(application: Application, coordinator, kind: str, admission: str | None,
                      motivation: str) -> None:
    """Admission is decided with the case's first application (tenants.followup). A grant
    without an explicit admission answer admits the person (who could not be granted
    anything otherwise); a refusal without one leaves admission to a later application."""
    grants = kind in (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED)
    if admission is None:
        if not grants:
            return
        admission = "granted"
    try:
        admission_decide(application=application, coordinator=coordinator, kind=admission, motivation=motivation,
                         grants=grants)
    except AdmissionInvalid as invalid:
        raise DecisionInvalid("admission", invalid.code) from None


def _send_back(application: Application, decision: Decision) -> None:
    if not _decision_receivers:
        raise RuntimeError("No decision receiver is registered: the actor would never hear of the decision.")
    message = DecisionMessage(
        local_id=application.local_id, decision_id=decision.pk, kind=decision.kind, motivation=decision.motivation,
        granted_interventions=decision.granted_interventions, granted_total=decision.granted_total,
        decided_at=decision.decided_at, decided_by_id=decision.decided_by_id,
        supersedes_id=decision.supersedes_id,
    )
    with tenant_context(application.actor):
        for receiver in _decision_receivers:
            receiver(message)

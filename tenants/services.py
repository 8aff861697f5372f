"""Writes on the programme's side."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from portal.audit import audit_event
from portal.broadcast import send_on_commit
from tenants.models import Application, ApplicationStatus, Decision


def case_code_next() -> str:
    """The next programme-wide case code, NSP001 onwards.

    The number comes from one sequence in the public schema, so two actors can never
    hand out the same code and no case data is needed to count.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('public.nsp_case_code_seq')")
        (number,) = cursor.fetchone()
    return f"NSP{number:03d}"


class DecisionInvalid(ValueError):
    """A decision that cannot be recorded; `field` names the form field at fault."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


DECISION_KINDS = (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED, ApplicationStatus.MORE_INFO,
                  ApplicationStatus.REFUSED)


def _granted_in_part(application: Application, days: dict[int, int], amounts: dict[int, int]) -> list[dict]:
    """The interventions with fewer days or a lower amount; never more than applied for."""
    granted, reduced = [], False
    for index, item in enumerate(application.interventions):
        entry = dict(item)
        if item.get("days") and index in days:
            new_days = days[index]
            if new_days < 0 or new_days > item["days"]:
                raise DecisionInvalid(f"days_{index}", "days_not_more")
            entry["days"] = new_days
            entry["amount"] = round(item["amount"] * new_days / item["days"])
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
                       days: dict[int, int] | None = None, amounts: dict[int, int] | None = None) -> Decision:
    """Grant, grant in part, ask for more information or refuse, always with a motivation.

    The decision is written into the actor's schema in the same transaction, and the
    actor's screens hear of it once it is committed.
    """
    application = Application.objects.select_for_update().select_related("actor").get(pk=application.pk)
    motivation = (motivation or "").strip()
    if kind not in DECISION_KINDS:
        raise DecisionInvalid("kind", "unknown_kind")
    if not motivation:
        raise DecisionInvalid("motivation", "motivation_required")
    if application.status not in (ApplicationStatus.SUBMITTED,):
        raise DecisionInvalid("kind", "already_decided")
    if kind == ApplicationStatus.GRANTED:
        granted = application.interventions
    elif kind == ApplicationStatus.PARTLY_GRANTED:
        granted = _granted_in_part(application, days or {}, amounts or {})
    else:
        granted = None
    granted_total = sum(item["amount"] for item in granted) if granted is not None else None
    decision = Decision.objects.create(
        application=application, kind=kind, motivation=motivation, granted_interventions=granted,
        granted_total=granted_total, decided_by=coordinator,
    )
    application.status = kind
    application.granted_interventions = granted
    application.granted_total = granted_total
    application.decided_at = timezone.now()
    application.save()
    _send_back(application, decision)
    audit_event(user=coordinator, action="decision", application=application.pk, decision=kind,
                actor=application.actor.slug)
    send_on_commit("programme.applications", "application.event", {"kind": "decided", "id": application.pk})
    return decision


def _send_back(application: Application, decision: Decision) -> None:
    from intake.services import application_record_decision

    with tenant_context(application.actor):
        application_record_decision(
            local_id=application.local_id, kind=decision.kind, motivation=decision.motivation,
            granted_interventions=decision.granted_interventions, granted_total=decision.granted_total,
            decided_by=decision.decided_by,
        )

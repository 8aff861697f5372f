"""Writes of the programme's follow-up: admission, early ends, reminders claimed once."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from psycopg.types.range import Range

from portal.audit import audit_event
from tenants.followup.models import Admission, AdmissionKind, EndReason, PeriodEnd, Reminder
from tenants.models import Actor, Application, ApplicationStatus


class AdmissionInvalid(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def admission_decide(*, application: Application, coordinator, kind: str, motivation: str = "",
                     grants: bool) -> Admission | None:
    """Decide admission with the case's first application (inside application_decide).

    `grants` says whether the decision on the interventions grants anything: a refused
    admission cannot come with granted interventions. Returns None when the case already
    has its admission decided (a person admitted is not admitted again).
    """
    if Admission.objects.filter(actor=application.actor_id, case_code=application.case_code).exists():
        return None
    if kind not in AdmissionKind.values:
        raise AdmissionInvalid("admission_required")
    if kind == AdmissionKind.REFUSED and grants:
        raise AdmissionInvalid("admission_refused_grants")
    admission = Admission.objects.create(
        actor_id=application.actor_id, case_code=application.case_code, application=application, kind=kind,
        motivation=motivation, decided_by=coordinator,
    )
    audit_event(user=coordinator, action="admission_decision", application=application.pk, decision=kind,
                actor=application.actor.slug, case_code=application.case_code)
    return admission


class PeriodEndInvalid(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@transaction.atomic
def period_end_receive(*, actor: Actor, local_id: int, ended_on: date, reason: str) -> PeriodEnd:
    """An actor reports that a granted period ended early: the programme's copy is cut at
    `ended_on` (the days after it are released) and the reason kept as a category."""
    application = Application.objects.select_for_update().get(actor=actor, local_id=local_id)
    if application.status not in (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED) or \
            application.period is None:
        raise PeriodEndInvalid("not_granted")
    first = application.period.lower
    last = application.period.upper - timedelta(days=1)
    if not first <= ended_on <= last:
        raise PeriodEndInvalid("outside_period")
    if reason not in EndReason.values:
        raise PeriodEndInvalid("reason")
    if hasattr(application, "ended"):
        raise PeriodEndInvalid("already_ended")
    ended = PeriodEnd.objects.create(application=application, ended_on=ended_on, reason=reason)
    application.period = Range(first, ended_on, bounds="[]")
    # The budget commits only the days used: the grant's daily items shrink to them (the
    # Decision row keeps what was decided).
    used = (ended_on - first).days + 1
    application.granted_interventions = _released(application.granted_interventions or application.interventions,
                                                  used=used, last=ended_on)
    application.granted_total = sum(item.get("amount", 0) for item in application.granted_interventions)
    application.save(update_fields=["period", "granted_interventions", "granted_total"])
    return ended


def _released(items: list[dict], *, used: int, last: date) -> list[dict]:
    """Daily items cut to the days used, their amounts in proportion (whole kronor, half
    up); point items stay as granted."""
    kept = []
    for item in items:
        days = item.get("days") or 0
        if days > used:
            amount = item.get("amount", 0)
            item = {**item, "days": used, "amount": (2 * amount * used + days) // (2 * days)}
            if item.get("end"):
                item["end"] = last.isoformat()
        kept.append(item)
    return kept


def reminder_claim(*, application: Application, last_day: date, recipients: int) -> bool:
    """Claim the reminder of one period: True the first time, False ever after (the row
    is written in the caller's transaction, with what it sends)."""
    _, created = Reminder.objects.get_or_create(
        application=application, defaults={"last_day": last_day, "recipients": recipients})
    return created

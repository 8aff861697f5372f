"""Erasing a case's personal data: on the person's request, or after the retention period.

What is erased: everything in the actor's schema about the case (the case row with its
initials and birth year, children, answers and their history, consent records,
recommendations, applications and decisions as the actor holds them, notifications).
What stays: the actor's audit trail, which names the case by its code only, and the
programme's pseudonymous copy of submitted applications in the public schema (case
code, interventions, amounts, statistics dimensions), which with the case gone can no
longer be linked to anybody and is what the programme's statistics need.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from intake.models import (
    AnswerEvent, Case, CaseApplication, CaseAuditEntry, CaseDecision, CaseStatus, Notification, Recommendation,
)
from portal.broadcast import actor_group, send_on_commit


class EraseNotAllowed(ValueError):
    pass


@transaction.atomic
def case_erase(*, case: Case, user, reason: str) -> str:
    """Erase the case (the person's request, or retention with `user` None). Returns its code."""
    reason = (reason or "").strip()
    if not reason:
        raise EraseNotAllowed("reason_required")
    case = Case.objects.select_for_update().get(pk=case.pk)
    code = case.code
    CaseAuditEntry.objects.create(user=user, case=case, action="erase", detail={"reason": reason[:200]})
    # Newest decision first: a correction protects the decision it replaced.
    for decision in CaseDecision.objects.filter(application__case=case).order_by("-pk"):
        decision.delete()
    CaseApplication.objects.filter(case=case).delete()
    Recommendation.objects.filter(case=case).delete()
    AnswerEvent.objects.filter(conversation__case=case).delete()
    Notification.objects.filter(case=case).delete()
    case.delete()  # children, conversation, consent records go with it
    send_on_commit(actor_group(connection.schema_name), "case.event", {"kind": "case_erased", "code": code})
    return code


def retention_due(*, now=None):
    """Closed cases whose last change (their closing) is older than the retention period."""
    now = now or timezone.now()
    limit = now - timedelta(days=round(365.25 * settings.NSP_RETENTION_YEARS))
    return Case.objects.filter(status=CaseStatus.CLOSED, updated_at__lt=limit)

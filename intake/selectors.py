"""Reads of case data. Every read of one case's data writes an audit row."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from intake.models import Case, CaseAuditEntry, Notification


def case_list() -> QuerySet[Case]:
    return Case.objects.all().prefetch_related("children")


def case_get_audited(*, code: str, user, action: str = "view") -> Case:
    """The case with `code` in the current actor's schema, logging the access."""
    case = get_object_or_404(Case.objects.prefetch_related("children"), code=code)
    CaseAuditEntry.objects.create(user=user, case=case, action=action)
    return case


def notifications_unread(*, user, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at__isnull=True).select_related("case")[:limit])

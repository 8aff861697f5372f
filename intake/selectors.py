"""Reads of case data. Every read of one case's data writes an audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from intake.models import Case, CaseApplication, CaseStatus, CaseAuditEntry, Conversation, Notification, Recommendation


def case_list() -> QuerySet[Case]:
    return Case.objects.all().prefetch_related("children")


def case_list_audited(*, user) -> list[Case]:
    """Every case of this actor (initials and birth years): a read of case data, audited."""
    cases = list(case_list())
    CaseAuditEntry.objects.create(user=user, action="list", detail={"cases": len(cases)})
    return cases


def case_get(*, code: str) -> Case:
    """The case with `code` in the current actor's schema, for a view whose service writes
    (and audits) what it does with it: one audit row per action, not two."""
    return get_object_or_404(Case.objects.prefetch_related("children"), code=code)


def case_get_open(*, code: str) -> Case:
    """case_get for a view that writes: a closed case is read-only (a styled 403)."""
    case = case_get(code=code)
    if case.status == CaseStatus.CLOSED:
        raise PermissionDenied("closed")
    return case


def case_get_audited(*, code: str, user, action: str = "view") -> Case:
    """The case with `code` in the current actor's schema, logging the access."""
    case = case_get(code=code)
    CaseAuditEntry.objects.create(user=user, case=case, action=action)
    return case


def case_facts(case: Case) -> dict[str, Any]:
    """What the intake's flow knows of the case without asking (intake.flow CASE_FACTS)."""
    children = list(case.children.all())
    facts: dict[str, Any] = {
        "initials": case.initials,
        "birth_year": case.birth_year,
        "nationality": case.nationality,
        "gender": case.gender,
        "children_accompanying": sum(1 for child in children if child.where == "accompanying"),
        "children_elsewhere": sum(1 for child in children if child.where == "elsewhere"),
        "age_group": case.age_group,
    }
    if case.age_group == "child" and case.with_guardian is not None:
        facts["with_guardian"] = case.with_guardian
    return facts


def conversation_of(case: Case) -> Conversation:
    conversation, _ = Conversation.objects.get_or_create(case=case)
    return conversation


def recommendation_latest(case: Case) -> Recommendation | None:
    return case.recommendations.select_related("adjusted_by").first()


def applications_of(case: Case) -> QuerySet[CaseApplication]:
    return case.applications.select_related("recommendation").prefetch_related("decisions")


def notifications_unread(*, user, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at__isnull=True).select_related("case")[:limit])

"""Writes of case data: each in one transaction, each audited, broadcasts on commit."""

from __future__ import annotations

from django.db import connection, transaction

from intake.models import Case, CaseAuditEntry, Child, Notification
from portal.broadcast import actor_group, send_on_commit
from tenants.services import case_code_next


@transaction.atomic
def case_open(
    *, user, initials: str, birth_year: int, nationality: str, gender: str,
    children: list[dict] | None = None,
) -> Case:
    """Open a case under a new programme-wide case code (NSP001, NSP002, …)."""
    case = Case(
        code=case_code_next(), initials=initials.strip().upper(), birth_year=birth_year,
        nationality=nationality.upper(), gender=gender, opened_by=user,
    )
    case.full_clean()
    case.save()
    for child in children or []:
        Child.objects.create(case=case, **child)
    CaseAuditEntry.objects.create(user=user, case=case, action="open")
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

"""The person's rights: everything held about a case (JSON and print), erasure, retention."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import tenant_context

from intake.models import Case, CaseAuditEntry, CaseStatus, Conversation
from intake.services import case_open
from portal.models import AuditEvent
from tenants.models import Application
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db
NORR = host_of_actor("norrbro")
NOTE = "Anteckning 9090: sömnproblem"


@pytest.fixture
def case(demo_actors, demo_users):
    with tenant_context(demo_actors["norrbro"]):
        opened = case_open(user=demo_users["norrbro.staff"], initials="K.L.", birth_year=1990, nationality="RO",
                           gender="woman")
        Conversation.objects.filter(case=opened).update(answers={"summary.exposure": NOTE})
        return opened


def test_the_admin_exports_everything_as_json_and_it_is_audited(client_at, demo_users, demo_actors, case):
    response = client_at(NORR, demo_users["norrbro.admin"]).get(f"/cases/{case.code}/export.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["case"]["initials"] == "K.L." and document["answers"]["summary.exposure"] == NOTE
    assert any(entry["action"] == "open" for entry in document["access_log"])
    with tenant_context(demo_actors["norrbro"]):
        assert CaseAuditEntry.objects.filter(case_code=case.code, action="export_json",
                                             username="norrbro.admin").exists()


def test_the_print_view_is_readable(client_at, demo_users, case):
    page = client_at(NORR, demo_users["norrbro.admin"]).get(f"/cases/{case.code}/export/").content.decode()
    assert case.code in page and "K.L." in page


@pytest.mark.parametrize("path", ["export/", "export.json", "erase/"])
def test_staff_cannot_export_or_erase(client_at, demo_users, case, path):
    assert client_at(NORR, demo_users["norrbro.staff"]).get(f"/cases/{case.code}/{path}").status_code == 403


def test_erasing_needs_the_code_and_a_reason_then_keeps_only_the_trail(client_at, demo_users, demo_actors, case):
    admin = client_at(NORR, demo_users["norrbro.admin"])
    wrong = admin.post(f"/cases/{case.code}/erase/", {"confirm_code": "NSP0", "reason": "Begäran"})
    assert wrong.status_code == 422
    done = admin.post(f"/cases/{case.code}/erase/", {"confirm_code": case.code.lower(), "reason": "Personen begärde radering"})
    assert done.status_code == 302
    with tenant_context(demo_actors["norrbro"]):
        assert not Case.objects.filter(code=case.code).exists()
        assert not Conversation.objects.filter(case_id=case.pk).exists()
        trail = set(CaseAuditEntry.objects.filter(case_code=case.code).values_list("action", flat=True))
    assert {"open", "erase"} <= trail


def test_erasing_a_submitted_case_keeps_the_programmes_pseudonymous_row(demo_actors, demo_users):
    from intake.models import CaseApplication
    from intake.privacy.services import case_erase

    actor = demo_actors["lindskyddet"]
    with tenant_context(actor):
        submitted = CaseApplication.objects.filter(status="submitted").select_related("case").first()
        if submitted is None:
            pytest.fail("the demo has a submitted application at lindskyddet")
        code = submitted.case.code
        case_erase(case=submitted.case, user=demo_users["lindskyddet.admin"], reason="Begäran")
        assert not Case.objects.filter(code=code).exists()
    assert Application.objects.filter(actor=actor, case_code=code).exists()


def test_retention_erases_closed_cases_past_the_period_only(demo_actors, demo_users, settings, capsys):
    settings.NSP_RETENTION_YEARS = 2
    with tenant_context(demo_actors["ankarstod"]):
        old = case_open(user=demo_users["ankarstod.staff"], initials="O.L.", birth_year=1980, nationality="SE",
                        gender="man")
        recent = case_open(user=demo_users["ankarstod.staff"], initials="R.E.", birth_year=1981, nationality="SE",
                           gender="man")
        still_open = case_open(user=demo_users["ankarstod.staff"], initials="S.O.", birth_year=1982,
                               nationality="SE", gender="man")
        long_ago = timezone.now() - timedelta(days=3 * 366)
        Case.objects.filter(pk=old.pk).update(status=CaseStatus.CLOSED, updated_at=long_ago)
        Case.objects.filter(pk=recent.pk).update(status=CaseStatus.CLOSED, updated_at=timezone.now() - timedelta(days=30))
        Case.objects.filter(pk=still_open.pk).update(updated_at=long_ago)
    call_command("retention_erase", "--dry-run")
    assert f"{old.code} would be erased" in capsys.readouterr().out
    with tenant_context(demo_actors["ankarstod"]):
        assert Case.objects.filter(pk=old.pk).exists()
    call_command("retention_erase")
    with tenant_context(demo_actors["ankarstod"]):
        remaining = set(Case.objects.filter(pk__in=[old.pk, recent.pk, still_open.pk]).values_list("pk", flat=True))
        assert remaining == {recent.pk, still_open.pk}
        erased = CaseAuditEntry.objects.get(case_code=old.code, action="erase")
        assert erased.user is None and "retention" in erased.detail["reason"]
    assert AuditEvent.objects.filter(action="retention_erase").latest("at").detail["erased"] >= 1

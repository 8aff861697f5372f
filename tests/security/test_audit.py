"""The audit trail: complete (refusals and probes too) and untouchable in the database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from portal.models import AuditEvent
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db

LIND = host_of_actor("lindskyddet")


@pytest.mark.parametrize("statement", [
    "UPDATE portal_auditevent SET action = 'nothing happened'",
    "DELETE FROM portal_auditevent",
    "TRUNCATE portal_auditevent",
])
def test_the_portals_role_cannot_change_or_delete_audit_rows(statement):
    # The demo's rows are committed: there is something to refuse to change.
    before = AuditEvent.objects.count()
    assert before > 0
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            # Deferred foreign-key checks of rows written earlier in this transaction would
            # make PostgreSQL refuse TRUNCATE for their own reason: run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(statement)
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(action="nothing happened").exists()


def test_audit_rows_refuse_changes_in_python_too():
    event = AuditEvent.objects.create(action="login", username="someone")
    event.action = "nothing"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_a_refused_request_is_audited_with_who_and_from_where(client_at, demo_users):
    client = client_at(PUBLIC_HOST, demo_users["region.syd"])
    response = client.get("/programme/applications/", HTTP_USER_AGENT="probe/2.0", REMOTE_ADDR="10.5.5.5")
    assert response.status_code == 403
    event = AuditEvent.objects.filter(action="refused", username="region.syd").latest("at")
    assert (event.path, event.ip, event.user_agent) == ("/programme/applications/", "10.5.5.5", "probe/2.0")
    assert event.roles == "regional_coordinator" and event.host == PUBLIC_HOST and event.schema_name == "public"


def test_a_probe_for_a_case_code_is_audited(client_at, demo_users):
    client = client_at(LIND, demo_users["lindskyddet.staff"])
    assert client.get("/cases/NSP999999/").status_code == 404
    event = AuditEvent.objects.filter(action="not_found", username="lindskyddet.staff").latest("at")
    assert event.case_code == "NSP999999" and event.schema_name == "lindskyddet"


def test_an_anonymous_try_at_case_data_is_audited():
    response = Client(HTTP_HOST=LIND, REMOTE_ADDR="10.6.6.6").get("/cases/NSP001/")
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="refused_not_logged_in", ip="10.6.6.6").latest("at")
    assert event.case_code == "NSP001" and event.user is None


def test_public_pages_leave_no_refusal_rows():
    before = AuditEvent.objects.count()
    Client(HTTP_HOST=PUBLIC_HOST).get("/kb/")
    Client(HTTP_HOST=PUBLIC_HOST).get("/no/such/page/")
    assert AuditEvent.objects.count() == before


def test_the_case_list_is_audited_with_who_and_from_where(client_at, demo_users, demo_actors):
    from django_tenants.utils import tenant_context

    from intake.models import CaseAuditEntry

    client_at(LIND, demo_users["lindskyddet.admin"]).get("/cases/", REMOTE_ADDR="10.9.9.9",
                                                         HTTP_USER_AGENT="list-reader/1")
    with tenant_context(demo_actors["lindskyddet"]):
        entry = CaseAuditEntry.objects.filter(action="list").latest("at")
    assert (entry.username, entry.roles, entry.ip, entry.user_agent, entry.host) == (
        "lindskyddet.admin", "actor_admin", "10.9.9.9", "list-reader/1", LIND)
    assert entry.detail["cases"] > 0


def test_the_coordinators_inbox_is_audited(client_at, demo_users):
    client_at(PUBLIC_HOST, demo_users["samordnare"]).get("/programme/applications/")
    event = AuditEvent.objects.filter(action="inbox_view", username="samordnare").latest("at")
    assert event.roles == "coordinator" and event.host == PUBLIC_HOST


@pytest.mark.parametrize("statement", [
    "UPDATE intake_caseauditentry SET action = 'nothing happened'",
    "DELETE FROM intake_caseauditentry",
    "TRUNCATE intake_caseauditentry",
])
@pytest.mark.parametrize("slug", ["lindskyddet", "norrbro", "ankarstod"])
def test_every_actors_case_audit_is_append_only(demo_actors, slug, statement):
    from django_tenants.utils import tenant_context

    from intake.models import CaseAuditEntry

    with tenant_context(demo_actors[slug]):
        before = CaseAuditEntry.objects.count()
        assert before > 0
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(statement)
        assert CaseAuditEntry.objects.count() == before


def test_deleting_a_case_keeps_its_audit_trail(demo_actors, demo_users):
    from django_tenants.utils import tenant_context

    from intake.models import CaseAuditEntry
    from intake.services import case_open

    with tenant_context(demo_actors["norrbro"]):
        case = case_open(user=demo_users["norrbro.staff"], initials="T.T.", birth_year=1988,
                         nationality="SE", gender="woman")
        code = case.code
        case.delete()
        trail = list(CaseAuditEntry.objects.filter(case_code=code).values_list("action", flat=True))
    assert trail == ["open"]

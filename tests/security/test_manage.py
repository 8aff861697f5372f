"""The administration area: an actor's admin for the actor's users and log, the
coordinator for the programme's; nobody else, and nobody across."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from portal.manage.forms import AuditFilterForm
from portal.models import AuditEvent
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db

LIND = host_of_actor("lindskyddet")
NORR = host_of_actor("norrbro")


def lock_out(username: str, host: str, settings, ip: str) -> None:
    client = Client(HTTP_HOST=host, REMOTE_ADDR=ip)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": username, "password": "wrong-password-1"})


@pytest.mark.parametrize("host, username, status", [
    (LIND, "lindskyddet.admin", 200), (LIND, "lindskyddet.staff", 403), (LIND, "norrbro.admin", 403),
    (PUBLIC_HOST, "samordnare", 200), (PUBLIC_HOST, "region.syd", 403), (PUBLIC_HOST, "lindskyddet.admin", 403),
])
@pytest.mark.parametrize("path", ["/manage/users/", "/manage/audit/"])
def test_only_the_admin_of_this_host_gets_in(client_at, demo_users, host, username, status, path):
    assert client_at(host, demo_users[username]).get(path).status_code == status


def test_the_actor_admin_sees_and_lifts_a_lockout_of_their_own_user(client_at, demo_users, settings):
    lock_out("lindskyddet.staff", LIND, settings, ip="10.7.7.7")
    admin = client_at(LIND, demo_users["lindskyddet.admin"])
    page = admin.get("/manage/users/").content.decode()
    row = page.split('data-user="lindskyddet.staff"', 1)[1].split("</tr>", 1)[0]
    assert "Låst" in row or "Locked" in row
    assert "norrbro" not in page  # another actor's users are not listed
    response = admin.post("/manage/users/", {"action": "unlock", "user": demo_users["lindskyddet.staff"].pk})
    assert response.status_code == 302
    relogin = Client(HTTP_HOST=LIND, REMOTE_ADDR="10.7.7.7").post(
        "/accounts/login/", {"username": "lindskyddet.staff", "password": "nsp-demo-2026"})
    assert relogin.status_code == 302
    lifted = AuditEvent.objects.filter(action="lockout_lifted").latest("at")
    assert lifted.username == "lindskyddet.admin" and lifted.detail["target"] == "lindskyddet.staff"


def test_an_actor_admin_cannot_touch_another_actors_user(client_at, demo_users, settings):
    lock_out("norrbro.staff", NORR, settings, ip="10.8.8.8")
    admin = client_at(LIND, demo_users["lindskyddet.admin"])
    admin.post("/manage/users/", {"action": "unlock", "user": demo_users["norrbro.staff"].pk})
    admin.post("/manage/users/", {"action": "reset_second_factor", "confirm": "on",
                                  "user": demo_users["norrbro.staff"].pk})
    assert Client(HTTP_HOST=NORR, REMOTE_ADDR="10.8.8.8").post(
        "/accounts/login/", {"username": "norrbro.staff", "password": "nsp-demo-2026"}).status_code == 429
    assert TOTPDevice.objects.filter(user=demo_users["norrbro.staff"], confirmed=True).exists()


def test_the_coordinator_manages_programme_users_only(client_at, demo_users):
    coordinator = client_at(PUBLIC_HOST, demo_users["samordnare"])
    page = coordinator.get("/manage/users/").content.decode()
    assert 'data-user="region.syd"' in page and 'data-user="lindskyddet.staff"' not in page
    coordinator.post("/manage/users/", {"action": "reset_second_factor", "confirm": "on",
                                        "user": demo_users["lindskyddet.staff"].pk})
    assert TOTPDevice.objects.filter(user=demo_users["lindskyddet.staff"]).exists()


def test_resetting_the_second_factor_ends_the_users_sessions(client_at, demo_users):
    staff = client_at(LIND, demo_users["lindskyddet.staff"])
    assert staff.get("/cases/").status_code == 200
    admin = client_at(LIND, demo_users["lindskyddet.admin"])
    unconfirmed = admin.post("/manage/users/", {"action": "reset_second_factor",
                                                "user": demo_users["lindskyddet.staff"].pk})
    assert unconfirmed.status_code == 302 and TOTPDevice.objects.filter(user=demo_users["lindskyddet.staff"]).exists()
    admin.post("/manage/users/", {"action": "reset_second_factor", "confirm": "on",
                                  "user": demo_users["lindskyddet.staff"].pk})
    assert not TOTPDevice.objects.filter(user=demo_users["lindskyddet.staff"]).exists()
    assert staff.get("/cases/").status_code == 302
    reset = AuditEvent.objects.filter(action="second_factor_reset").latest("at")
    assert reset.detail["target"] == "lindskyddet.staff" and reset.schema_name == "lindskyddet"


def test_the_admin_reads_the_actors_log_filtered_and_as_csv(client_at, demo_users):
    staff = client_at(LIND, demo_users["lindskyddet.staff"])
    staff.get("/cases/NSP424242/")  # a probe, audited
    Client(HTTP_HOST=NORR).get("/cases/")  # another actor's host: not in lindskyddet's log
    admin = client_at(LIND, demo_users["lindskyddet.admin"])
    page = admin.get("/manage/audit/", {"case": "NSP424242"}).content.decode()
    events = page.split('id="account-events"', 1)[1]
    assert "NSP424242" in events and "not_found" in events
    export = admin.get("/manage/audit/", {"user": "lindskyddet.staff", "export": "events"})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["at", "user", "roles"]
    assert rows[1:] and all(row[1] == "lindskyddet.staff" for row in rows[1:])
    assert not any("norrbro" in cell for row in rows for cell in row)
    assert AuditEvent.objects.filter(action="audit_exported", username="lindskyddet.admin").exists()


def test_the_case_part_of_the_log_lists_case_reads(client_at, demo_users, demo_actors):
    from django_tenants.utils import tenant_context

    from intake.models import Case

    with tenant_context(demo_actors["lindskyddet"]):
        code = Case.objects.values_list("code", flat=True).first()
    client_at(LIND, demo_users["lindskyddet.staff"]).get(f"/cases/{code}/")
    admin = client_at(LIND, demo_users["lindskyddet.admin"])
    page = admin.get("/manage/audit/", {"case": code, "user": "lindskyddet.staff"}).content.decode()
    cases = page.split('id="case-entries"', 1)[1].split("</table>", 1)[0]
    assert code in cases and "view" in cases
    export = admin.get("/manage/audit/", {"case": code, "export": "cases"})
    assert code in export.content.decode("utf-8-sig")


def test_csv_cells_cannot_become_formulas(client_at, demo_users):
    Client(HTTP_HOST=LIND, HTTP_USER_AGENT="=HYPERLINK(\"http://x\")").get("/cases/")
    export = client_at(LIND, demo_users["lindskyddet.admin"]).get("/manage/audit/", {"export": "events"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert all(not cell.startswith("=") for row in rows for cell in row)


@pytest.mark.parametrize("query", [
    {"case": "\x00NSP1"}, {"date_from": "1900-01-01", "date_to": "2099-12-31"}, {"date_from": "2099-01-01", "date_to": "1900-01-01"},
    {"events_page": "9" * 5000}, {"user": "x" * 10_000}, {"date_from": "not a date"},
])
def test_odd_filters_never_give_a_server_error(client_at, demo_users, query):
    # NUL in an address is answered with a clear 400 page (portal.middleware), the rest as usual.
    expected = 400 if any("\x00" in value for value in query.values()) else 200
    assert client_at(LIND, demo_users["lindskyddet.admin"]).get("/manage/audit/", query).status_code == expected


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["case", "user", "date_from", "date_to"]), st.text(max_size=60)))
def test_the_filter_form_takes_any_input(data):
    form = AuditFilterForm(data)
    if form.is_valid():
        cleaned = form.cleaned_data
        assert "\x00" not in cleaned["case"] + cleaned["user"]
        if cleaned["date_from"] and cleaned["date_to"]:
            assert cleaned["date_from"] <= cleaned["date_to"]

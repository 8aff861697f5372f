"""Logging in: two factors, one answer for every refusal, lockout, inactivity."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import twofactor
from portal.demo import DEMO_PASSWORD
from portal.models import AuditEvent, Membership, User
from portal.roles import Role
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db

LIND = host_of_actor("lindskyddet")


def client_from(host: str, ip: str = "10.9.8.7") -> Client:
    return Client(HTTP_HOST=host, REMOTE_ADDR=ip, HTTP_USER_AGENT="pytest-browser/1.0")


def demo_code(username: str) -> str:
    device = TOTPDevice.objects.get(user__username=username, name="Demo")
    return twofactor.current_code(device)


def password_step(client: Client, username: str, password: str = DEMO_PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_password_alone_logs_nobody_in(demo_users):
    logins = AuditEvent.objects.filter(action="login", username="lindskyddet.staff")
    before = logins.count()
    client = client_from(LIND)
    response = password_step(client, "lindskyddet.staff")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert client.get("/cases/").status_code == 302  # still anonymous: back to the login page
    assert logins.count() == before


def test_password_and_totp_code_log_in_and_are_audited(demo_users):
    client = client_from(LIND)
    password_step(client, "lindskyddet.staff")
    response = client.post("/accounts/login/verify/", {"code": demo_code("lindskyddet.staff")})
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200
    login = AuditEvent.objects.filter(action="login", username="lindskyddet.staff").latest("at")
    assert login.detail["second_factor"] == "TOTPDevice"
    assert (login.ip, login.user_agent, login.schema_name) == ("10.9.8.7", "pytest-browser/1.0", "lindskyddet")
    assert login.host == LIND and login.roles == "actor_staff"


def test_a_wrong_code_is_refused_and_counted(demo_users):
    client = client_from(LIND)
    password_step(client, "lindskyddet.staff")
    right = demo_code("lindskyddet.staff")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/login/verify/", {"code": wrong})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert client.get("/cases/").status_code == 302
    failed = AuditEvent.objects.filter(action="login_failed", username="lindskyddet.staff").latest("at")
    assert failed.detail == {"step": "second_factor"}


@pytest.mark.parametrize("code", ["\x00123456", "9" * 5000, "", "   "])
def test_odd_codes_are_refused_without_a_server_error(demo_users, code):
    client = client_from(LIND)
    password_step(client, "lindskyddet.staff")
    response = client.post("/accounts/login/verify/", {"code": code})
    assert response.status_code == 200
    assert client.get("/cases/").status_code == 302


def test_same_answer_for_a_wrong_password_and_the_right_one_on_a_foreign_host(demo_users):
    wrong = password_step(client_from(LIND), "lindskyddet.staff", "not-the-password-9")
    foreign = password_step(client_from(host_of_actor("norrbro")), "lindskyddet.staff")
    unknown = password_step(client_from(LIND), "nobody.at.all", "not-the-password-9")

    def message(response):
        body = response.content.decode()
        start = body.index('class="form-errors"')
        return body[start:body.index("</div>", start)]

    assert wrong.status_code == foreign.status_code == unknown.status_code == 200
    assert message(wrong) == message(unknown)
    # The other actor's page names the other actor; the error itself is the same.
    assert message(wrong) == message(foreign)


def test_recovery_code_works_once(demo_users):
    user = demo_users["norrbro.staff"]
    codes = twofactor.recovery_codes_new(user)
    client = client_from(host_of_actor("norrbro"))
    password_step(client, "norrbro.staff")
    assert client.post("/accounts/login/verify/", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/cases/").status_code == 200
    again = client_from(host_of_actor("norrbro"))
    password_step(again, "norrbro.staff")
    assert again.post("/accounts/login/verify/", {"code": codes[0]}).status_code == 200
    assert twofactor.recovery_codes_left(user) == len(codes) - 1


def test_recovery_codes_are_not_stored_as_typed(demo_users):
    from django_otp.plugins.otp_static.models import StaticToken

    codes = twofactor.recovery_codes_new(demo_users["norrbro.admin"])
    stored = set(StaticToken.objects.filter(device__user=demo_users["norrbro.admin"]).values_list("token", flat=True))
    assert stored and not stored & set(codes)


def _new_staff(username: str, actor) -> User:
    user = User.objects.create_user(username=username, password="a-long-enough-passphrase-7")
    Membership.objects.create(user=user, actor=actor, role=Role.ACTOR_STAFF)
    return user


def test_first_login_enrols_an_authenticator(demo_actors):
    _new_staff("ny.medarbetare", demo_actors["lindskyddet"])
    client = client_from(LIND)
    response = password_step(client, "ny.medarbetare", "a-long-enough-passphrase-7")
    assert response["Location"] == "/accounts/login/enrol/"
    page = client.get("/accounts/login/enrol/").content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = page.split('data-secret="', 1)[1].split('"', 1)[0]
    device = TOTPDevice.objects.get(user__username="ny.medarbetare", confirmed=False)
    assert twofactor.base32_secret(device) == secret
    response = client.post("/accounts/login/enrol/", {"code": twofactor.current_code(device)})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/security/recovery-codes/")
    shown = client.get(response["Location"]).content.decode()
    assert shown.count("<li><code>") == twofactor.RECOVERY_COUNT
    assert client.get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(action="second_factor_added", username="ny.medarbetare").exists()


def test_enrolment_is_closed_to_a_user_who_already_has_a_factor(demo_users):
    client = client_from(LIND)
    password_step(client, "lindskyddet.staff")
    assert client.get("/accounts/login/enrol/")["Location"] == "/accounts/login/verify/"


def test_the_second_step_expires(demo_users, monkeypatch):
    client = client_from(LIND)
    password_step(client, "lindskyddet.staff")
    code = demo_code("lindskyddet.staff")
    later = time.time() + 6 * 60
    monkeypatch.setattr("portal.accounts.views.time.time", lambda: later)
    response = client.post("/accounts/login/verify/", {"code": code})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/cases/").status_code == 302


def test_a_session_without_the_second_factor_is_not_trusted(demo_users):
    client = Client(HTTP_HOST=LIND)
    client.force_login(demo_users["lindskyddet.staff"], backend="portal.accounts.backends.HostMembershipBackend")
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


# --- Lockout ---------------------------------------------------------------------------------


def test_lockout_after_repeated_failures_even_with_the_right_password(demo_users, settings):
    client = client_from(LIND, ip="10.1.1.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "lindskyddet.staff", "wrong-password-123")
    locked = password_step(client, "lindskyddet.staff")
    assert locked.status_code == 429
    assert "minut" in locked.content.decode()
    # The username is locked from any address, not only the one that failed.
    elsewhere = password_step(client_from(LIND, ip="10.1.1.2"), "lindskyddet.staff")
    assert elsewhere.status_code == 429
    event = AuditEvent.objects.filter(action="lockout", username="lindskyddet.staff").latest("at")
    assert event.ip == "10.1.1.1" and event.schema_name == "lindskyddet"


def test_lockout_per_address_stops_spraying_over_many_accounts(demo_users, settings):
    client = client_from(PUBLIC_HOST, ip="10.2.2.2")
    for number in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, f"guess{number}", "wrong-password-123")
    assert password_step(client, "samordnare").status_code == 429
    assert password_step(client_from(PUBLIC_HOST, ip="10.2.2.3"), "samordnare").status_code == 302


def test_wrong_codes_lock_out_too(demo_users, settings):
    client = client_from(LIND, ip="10.3.3.3")
    password_step(client, "lindskyddet.admin")
    right = demo_code("lindskyddet.admin")
    wrong = f"{(int(right) + 7) % 1_000_000:06d}"
    statuses = [client.post("/accounts/login/verify/", {"code": wrong}).status_code
                for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[-1] == 429
    assert AuditEvent.objects.filter(action="lockout", username="lindskyddet.admin").exists()


def test_each_new_lockout_waits_longer(demo_users, settings):
    from django.test import RequestFactory

    from portal.accounts.lockout import cool_off

    request = RequestFactory().post("/accounts/login/", {"username": "norrbro.admin"}, REMOTE_ADDR="10.4.4.4")
    base = timedelta(minutes=settings.NSP_LOCKOUT_BASE_MINUTES)
    assert cool_off(request) == base
    AuditEvent.objects.create(action="lockout", username="norrbro.admin")
    assert cool_off(request) == base
    AuditEvent.objects.create(action="lockout", username="norrbro.admin")
    assert cool_off(request) == 2 * base
    AuditEvent.objects.create(action="lockout", username="norrbro.admin")
    assert cool_off(request) == 4 * base
    for _ in range(20):
        AuditEvent.objects.create(action="lockout", username="norrbro.admin")
    assert cool_off(request) == timedelta(hours=24)


# --- Sessions ---------------------------------------------------------------------------------


def test_an_idle_session_ends(client_at, demo_users, settings):
    from portal.accounts.sessions import LAST_SEEN

    client = client_at(LIND, demo_users["lindskyddet.staff"])
    assert client.get("/cases/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="session_expired", username="lindskyddet.staff").exists()


def test_the_coordinators_session_ends_sooner(demo_users, settings):
    from portal.accounts.sessions import idle_limit_seconds

    assert settings.SESSION_IDLE_MINUTES_COORDINATOR < settings.SESSION_IDLE_MINUTES
    assert idle_limit_seconds(demo_users["samordnare"]) == settings.SESSION_IDLE_MINUTES_COORDINATOR * 60
    assert idle_limit_seconds(demo_users["lindskyddet.staff"]) == settings.SESSION_IDLE_MINUTES * 60


def test_password_rules_are_djangos_validators(client_at, demo_users):
    client = client_at(LIND, demo_users["lindskyddet.staff"])
    response = client.post("/accounts/password/change/", {
        "old_password": DEMO_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


# --- The demo's codes -------------------------------------------------------------------------


@override_settings(DEBUG=True)
def test_demo_code_prints_the_current_code(demo_users, capsys):
    call_command("demo_code", "lindskyddet.staff")
    assert capsys.readouterr().out.strip() == demo_code("lindskyddet.staff")


def test_demo_code_is_refused_in_production(demo_users):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_code", "lindskyddet.staff")


@override_settings(DEBUG=True)
def test_demo_code_never_prints_a_real_users_code(demo_actors):
    user = _new_staff("riktig.person", demo_actors["norrbro"])
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_code", "riktig.person")

"""Logging in as a person does: password, then the authenticator's code; enrolling a new
authenticator by reading its key off the page; a lockout; the administrator's audit log."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import twofactor
from portal.demo import DEMO_PASSWORD
from tests.helpers import host_of_actor

# Committed through the live server; each test puts back what it changed.
pytestmark = pytest.mark.browser


def fresh_page(browser, language: str):
    context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_admin_logs_in_with_password_and_code_and_reads_the_audit_log(browser, asgi_server, django_db_blocker):
    host = host_of_actor("lindskyddet")
    context, page = fresh_page(browser, "sv")
    try:
        page.goto(asgi_server.url(host, "/cases/"))
        page.get_by_label("Användarnamn").fill("lindskyddet.admin")
        page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url("**/accounts/login/verify/**")
        with django_db_blocker.unblock():
            code = twofactor.current_code(TOTPDevice.objects.get(user__username="lindskyddet.admin", name="Demo"))
        page.get_by_label("Kod").fill(code)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url("**/cases/")
        page.get_by_role("link", name="Administration").click()
        page.wait_for_url("**/manage/users/")
        assert page.locator('tr[data-user="lindskyddet.staff"]').is_visible()
        page.get_by_role("link", name="Granskningslogg").click()
        page.wait_for_url("**/manage/audit/")
        with page.expect_navigation():
            page.get_by_label("Språk").select_option("en")
        assert page.get_by_role("heading", name="Logins, lockouts and refused attempts").is_visible()
        row = page.locator("#account-events tbody tr", has_text="lindskyddet.admin").filter(has_text="login").first
        assert row.is_visible()
    finally:
        context.close()


def test_a_new_user_enrols_an_authenticator_by_reading_the_key(browser, asgi_server, demo_actors, django_db_blocker):
    from portal.models import Membership, User
    from portal.roles import Role

    with django_db_blocker.unblock():
        user, _ = User.objects.get_or_create(username="browser.newcomer")
        user.set_password("a-long-enough-passphrase-7")
        user.is_active = True
        user.save()
        twofactor.devices_reset(user)
        Membership.objects.get_or_create(user=user, actor=demo_actors["norrbro"], role=Role.ACTOR_STAFF)
    host = host_of_actor("norrbro")
    context, page = fresh_page(browser, "en")
    try:
        page.goto(asgi_server.url(host, "/accounts/login/"))
        page.get_by_label("Username").fill("browser.newcomer")
        page.get_by_label("Password").fill("a-long-enough-passphrase-7")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/accounts/login/enrol/")
        assert page.get_by_role("img", name="QR code for the authenticator app").is_visible()
        # "Scanning": the key as the page shows it, into a TOTP generator like an app's.
        secret = page.locator("#totp-secret").get_attribute("data-secret")
        padded = secret + "=" * (-len(secret) % 8)
        code = f"{TOTP(base64.b32decode(padded)).token():06d}"
        page.get_by_label("Code from the app").fill(code)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/accounts/security/recovery-codes/**")
        assert page.locator("#recovery-codes li").count() == twofactor.RECOVERY_COUNT
        page.get_by_role("link", name="I have saved them").click()
        page.wait_for_url("**/cases/")
        page.goto(asgi_server.url(host, "/accounts/security/"))
        assert page.get_by_role("cell", name="Authenticator app").is_visible()
    finally:
        context.close()
        with django_db_blocker.unblock():
            Membership.objects.filter(user__username="browser.newcomer").delete()
            User.objects.filter(username="browser.newcomer").update(is_active=False)


def test_repeated_failures_lock_the_login(browser, asgi_server, django_db_blocker, settings):
    from axes.utils import reset

    host = host_of_actor("ankarstod")
    context, page = fresh_page(browser, "sv")
    try:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            page.goto(asgi_server.url(host, "/accounts/login/"))
            page.get_by_label("Användarnamn").fill("ankarstod.staff")
            page.get_by_label("Lösenord").fill("fel-losenord-123")
            page.get_by_role("button", name="Logga in").click()
        assert page.get_by_role("heading", name="Inloggningen är låst en stund").is_visible()
    finally:
        context.close()
        with django_db_blocker.unblock():
            reset(username="ankarstod.staff")
            reset(ip="127.0.0.1")


def test_a_passkey_is_added_and_then_used_as_the_second_factor(browser, asgi_server, demo_actors,
                                                                django_db_blocker):
    """Chromium's virtual authenticator (DevTools WebAuthn domain) stands in for a security key."""
    from django.conf import settings as django_settings
    from django.test import Client
    from django_otp_webauthn.models import WebAuthnCredential

    from portal.models import Membership, User
    from portal.roles import Role
    from tests.helpers import login_verified

    host = host_of_actor("norrbro")
    with django_db_blocker.unblock():
        user, _ = User.objects.get_or_create(username="browser.passkey")
        user.set_password("a-long-enough-passphrase-8")
        user.is_active = True
        user.save()
        Membership.objects.get_or_create(user=user, actor=demo_actors["norrbro"], role=Role.ACTOR_STAFF)
        client = Client(HTTP_HOST=host)
        login_verified(client, user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context, page = fresh_page(browser, "en")
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
            "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}})
        context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host,
                              "path": "/", "httpOnly": True, "sameSite": "Lax"}])
        page.goto(asgi_server.url(host, "/accounts/security/"))
        page.get_by_role("button", name="Add a passkey").click()
        page.get_by_role("cell", name="Passkey").wait_for()  # the page reloads with the new passkey listed
        with django_db_blocker.unblock():
            assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1
        with page.expect_navigation():
            page.get_by_role("button", name="Log out").click()
        page.goto(asgi_server.url(host, "/accounts/login/"))
        page.get_by_label("Username").fill("browser.passkey")
        page.get_by_label("Password").fill("a-long-enough-passphrase-8")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/accounts/login/verify/**")
        page.get_by_role("button", name="Use a passkey instead").click()
        page.wait_for_url("**/cases/")
    finally:
        context.close()
        with django_db_blocker.unblock():
            Membership.objects.filter(user__username="browser.passkey").delete()
            User.objects.filter(username="browser.passkey").update(is_active=False)

import pytest

from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", [PUBLIC_HOST, host_of_actor("lindskyddet")])
def test_health_reports_database_and_channel_layer(client_at, host):
    response = client_at(host).get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["channel_layer"]["ok"] is True


def test_pages_carry_a_strict_content_security_policy(client_at):
    response = client_at(PUBLIC_HOST).get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


def test_language_switch_changes_the_page_language(client_at):
    client = client_at(PUBLIC_HOST)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert 'lang="sv"' in client.get("/").content.decode()


def test_password_reset_sends_a_mail_to_the_console_backend(client_at, demo_users, mailoutbox):
    response = client_at(PUBLIC_HOST).post("/accounts/password/reset/", {"email": "samordnare@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body

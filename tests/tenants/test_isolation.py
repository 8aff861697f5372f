"""Tenant isolation over HTTP: an actor's data only on its own host, for its own members."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from intake.models import Case, CaseAuditEntry
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db

CASE_PAGES = ["/cases/", "/cases/{code}/"]


def a_case_code(actor) -> str:
    with tenant_context(actor):
        return Case.objects.values_list("code", flat=True).first()


def test_staff_sees_own_cases(client_at, demo_actors, demo_users):
    actor = demo_actors["lindskyddet"]
    code = a_case_code(actor)
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    listing = client.get("/cases/")
    assert listing.status_code == 200
    assert code in listing.content.decode()
    assert client.get(f"/cases/{code}/").status_code == 200


def test_viewing_a_case_is_audited(client_at, demo_actors, demo_users):
    actor = demo_actors["norrbro"]
    code = a_case_code(actor)
    client_at(host_of_actor("norrbro"), demo_users["norrbro.admin"]).get(f"/cases/{code}/")
    with tenant_context(actor):
        entry = CaseAuditEntry.objects.filter(case__code=code, action="view").first()
        assert entry is not None and entry.user == demo_users["norrbro.admin"]


@pytest.mark.parametrize("page", CASE_PAGES)
def test_staff_of_another_actor_is_refused_on_every_case_page(client_at, demo_actors, demo_users, page):
    code = a_case_code(demo_actors["norrbro"])
    intruder = client_at(host_of_actor("norrbro"), demo_users["lindskyddet.staff"])
    response = intruder.get(page.format(code=code))
    assert response.status_code == 403
    assert code not in response.content.decode()


def test_another_actors_case_code_on_ones_own_host_is_not_found(client_at, demo_actors, demo_users):
    foreign_code = a_case_code(demo_actors["norrbro"])
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    assert client.get(f"/cases/{foreign_code}/").status_code == 404


def test_case_pages_do_not_exist_on_the_programme_host(client_at, demo_actors, demo_users):
    code = a_case_code(demo_actors["lindskyddet"])
    for user in ("samordnare", "lindskyddet.staff"):
        client = client_at(PUBLIC_HOST, demo_users[user])
        assert client.get(f"/cases/{code}/").status_code == 404


@pytest.mark.parametrize("username", ["samordnare", "region.syd"])
@pytest.mark.parametrize("page", CASE_PAGES)
def test_programme_roles_do_not_see_case_data(client_at, demo_actors, demo_users, username, page):
    code = a_case_code(demo_actors["lindskyddet"])
    client = client_at(host_of_actor("lindskyddet"), demo_users[username])
    response = client.get(page.format(code=code))
    assert response.status_code == 403


def test_unknown_host_is_not_found(client_at, demo_users):
    assert client_at("nobody.localhost", demo_users["lindskyddet.staff"]).get("/cases/").status_code == 404


def test_anonymous_is_sent_to_login(client_at):
    response = client_at(host_of_actor("lindskyddet")).get("/cases/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_login_on_the_wrong_actor_is_refused_like_a_wrong_password(client_at):
    # The same words as for a wrong password (no oracle), which also name the way out.
    client = client_at(host_of_actor("norrbro"))
    response = client.post("/accounts/login/", {"username": "lindskyddet.staff", "password": "nsp-demo-2026"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "no access at this address" in response.content.decode()
    assert "_auth_user_id" not in client.session and "nsp_pending_login" not in client.session


def test_login_on_own_actor_goes_on_to_the_second_factor(client_at):
    client = client_at(host_of_actor("lindskyddet"))
    response = client.post("/accounts/login/", {"username": "lindskyddet.staff", "password": "nsp-demo-2026"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert client.session["nsp_pending_login"]["user"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("username, status", [
    ("samordnare", 200), ("region.syd", 403), ("lindskyddet.admin", 403),
])
def test_coordinator_dashboard_is_for_the_coordinator_only(client_at, demo_users, username, status):
    client = client_at(PUBLIC_HOST, demo_users[username])
    assert client.get("/programme/").status_code == status


def test_coordinator_dashboard_lists_actors_but_no_case_data(client_at, demo_actors, demo_users):
    code = a_case_code(demo_actors["lindskyddet"])
    body = client_at(PUBLIC_HOST, demo_users["samordnare"]).get("/programme/").content.decode()
    assert "Stiftelsen Lindskyddet" in body and "Norrbro" in body
    assert code not in body


def test_regional_coordinator_finds_free_places(client_at, demo_users):
    body = client_at(PUBLIC_HOST, demo_users["region.syd"]).get("/programme/capacity/?region=syd").content.decode()
    assert "Stiftelsen Lindskyddet" in body
    assert "Norrbro" not in body

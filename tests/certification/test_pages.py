"""The certification's pages: the coordinator's registration, actor page, visit and
steps; the actor's administrator's profile, answers, uploads and progress; least
privilege (staff and other actors see none of it); an ended actor is read-only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from portal.models import AuditEvent, Membership
from tenants.certification import questions, services
from tenants.certification.documents.models import RoutineDocument
from tenants.certification.models import ActionItem, RequirementAnswer
from tenants.models import Actor, CertificationStatus as Status
from tests.helpers import PUBLIC_HOST, host_of_actor, login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_at(client_at):
    """The pages in English, whatever the user's language (the tests read their words)."""

    def make(host, user=None):
        client = client_at(host, user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def coordinator_client(client_at, demo_users):
    return client_at(PUBLIC_HOST, demo_users["samordnare"])


@pytest.fixture
def registered(demo_users):
    return services.actor_register(name="Föreningen Ljuset", slug="ljuset", region="mitt", kind="shelter",
                                   contact_name="Lena Ljus", contact_email="lena@example.org",
                                   by=demo_users["samordnare"])


@pytest.fixture
def admin_of(registered):
    user = services.invitation_accept(actor=registered.actor, token=registered.token, username="ljuset.admin",
                                      password="ett långt och ovanligt lösenord 77")
    return user


def test_the_coordinator_registers_an_actor_and_sees_the_invitation_link_once(coordinator_client):
    response = coordinator_client.post("/programme/actors/new/", {
        "name": "Stiftelsen Havsbris", "slug": "havsbris", "region": "vast", "kind": "low_threshold",
        "contact_name": "Hanna", "contact_email": "hanna@example.org", "contact_phone": ""})
    assert response.status_code == 302 and response["Location"].endswith("/programme/actors/havsbris/")
    page = coordinator_client.get(response["Location"]).content.decode()
    link = re.search(r'data-testid="invitation-url">([^<]+)<', page).group(1)
    assert "havsbris." in link and "/certification/invitation/" in link
    again = coordinator_client.get(response["Location"]).content.decode()
    assert link not in again
    assert Actor.objects.get(slug="havsbris").certification == Status.PROFILE


def test_registration_errors_are_named_never_a_server_error(coordinator_client, registered):
    response = coordinator_client.post("/programme/actors/new/", {
        "name": "X", "slug": "ljuset", "region": "mitt", "kind": "shelter", "contact_name": "A",
        "contact_email": "a@example.org"})
    assert response.status_code == 422 and "Another actor already has this short name" in response.content.decode()
    response = coordinator_client.post("/programme/actors/new/", {"name": "\x00", "slug": "A B", "kind": "x"})
    assert response.status_code in (400, 422)


def test_the_invitation_page_creates_the_admin_who_then_enrols_a_second_factor(registered, client_at):
    client = client_at(host_of_actor("ljuset"))
    url = f"/certification/invitation/{registered.token}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "lena.ljus", "first_name": "Lena", "last_name": "Ljus",
                                 "password1": "ett långt och ovanligt lösenord 77",
                                 "password2": "ett långt och ovanligt lösenord 77"})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/login/")
    assert Membership.objects.filter(user__username="lena.ljus", actor=registered.actor, role="actor_admin").exists()
    assert client.get(url).status_code == 404
    login = client.post("/accounts/login/", {"username": "lena.ljus", "password": "ett långt och ovanligt lösenord 77"})
    assert login.status_code == 302 and "/accounts/login/enrol/" in login["Location"]


def test_the_invitation_works_only_on_its_actors_host(registered, client_at):
    assert client_at(host_of_actor("norrbro")).get(
        f"/certification/invitation/{registered.token}/").status_code == 404


def test_staff_and_other_actors_see_none_of_the_admin_pages(registered, admin_of, client_at, demo_users):
    staff = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    for path in ("/certification/", "/certification/profile/", "/certification/requirements/",
                 "/certification/actions/"):
        assert staff.get(path).status_code == 403
    foreign_admin = client_at(host_of_actor("ljuset"), demo_users["lindskyddet.admin"])
    assert foreign_admin.get("/certification/").status_code in (302, 403)
    own = client_at(host_of_actor("ljuset"), admin_of)
    assert own.get("/certification/").status_code == 200
    # An actor's admin never reaches the programme's pages.
    assert client_at(PUBLIC_HOST, admin_of).get("/programme/actors/ljuset/").status_code in (302, 403)
    regional = client_at(PUBLIC_HOST, demo_users["region.syd"])
    assert regional.get("/programme/actors/ljuset/").status_code == 403


def test_the_profile_form_saves_by_id_and_derives_the_referral_facts(registered, admin_of, client_at):
    client = client_at(host_of_actor("ljuset"), admin_of)
    page = client.get("/certification/profile/").content.decode()
    ids = [row.id for row in questions.profile_rows()]
    positions = [page.index(f'id="row-{row_id}"') for row_id in ids]
    assert positions == sorted(positions)  # the seed's order on the page
    response = client.post("/certification/profile/", {
        "housing.places__value": "6", "housing.places__target": ["women", "men"],
        "children.allowed__offers": "yes", "substance.zero_tolerance__offers": "yes",
        "support.counselling__offers": "yes", "support.counselling__provision": "internal",
        "support.counselling__comment": "Varje vecka", "referral.pets__value": "yes",
        "referral.men_forms__value": ["labour", "begging"], "submit": "1"})
    assert response.status_code == 302
    actor = Actor.objects.get(pk=registered.actor.pk)
    assert (actor.places, actor.accepts_women, actor.accepts_men, actor.accepts_children, actor.accepts_pets,
            actor.accepts_active_substance_use, actor.young_women_only) == (6, True, True, True, True, False, False)
    assert actor.men_exploitation_forms == ["begging", "labour"]
    assert actor.certification_file.profile["support.counselling"] == {
        "offers": "yes", "provision": "internal", "comment": "Varje vecka"}
    assert actor.certification_file.profile_submitted_at is not None


def test_answers_and_a_routine_document_stay_in_the_actors_schema(registered, admin_of, client_at):
    client = client_at(host_of_actor("ljuset"), admin_of)
    pdf = SimpleUploadedFile("klagomal.pdf", b"%PDF-1.4 rutin", content_type="application/pdf")
    response = client.post("/certification/requirements/", {
        "answer_mc13": "Klagomål tas emot skriftligt.", "evidence_mc13": "Rutin 4, antagen 2025",
        "document_mc13": pdf})
    assert response.status_code == 302
    row = RequirementAnswer.objects.get(file__actor=registered.actor, requirement="mc13")
    assert row.answer == "Klagomål tas emot skriftligt."
    with tenant_context(registered.actor):
        document = RoutineDocument.objects.get(requirement="mc13")
        assert bytes(document.content).startswith(b"%PDF")
    download = client.get(f"/certification/documents/{document.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    # Not at another actor: the same id there is another schema's row or none.
    other = client_at(host_of_actor("lindskyddet"), admin_of)
    assert other.get(f"/certification/documents/{document.pk}/").status_code in (302, 403, 404)


@pytest.mark.parametrize("name,content", [("rutin.exe", b"MZ\x90"), ("rutin.pdf", b"not a pdf"),
                                          ("rutin.txt", b"\x00\x01\x02binary")])
def test_a_document_of_the_wrong_type_is_refused_clearly(registered, admin_of, client_at, name, content):
    client = client_at(host_of_actor("ljuset"), admin_of)
    response = client.post("/certification/requirements/", {
        "answer_mc18": "Ja", "document_mc18": SimpleUploadedFile(name, content)})
    assert response.status_code == 422 and "Upload a PDF, ODT, DOCX or plain-text file" in response.content.decode()
    with tenant_context(registered.actor):
        assert not RoutineDocument.objects.exists()


def test_the_visit_page_turns_assessments_into_the_action_plan_and_the_admin_reports(
        registered, admin_of, coordinator_client, client_at):
    data = {"visited_on": timezone.localdate().isoformat()}
    for item in questions.requirements():
        data[f"assessment_{item.id}"] = "met"
    data["assessment_mc20"] = "not_met"
    response = coordinator_client.post("/programme/actors/ljuset/visit/", data)
    assert response.status_code == 422 and "Write the recommendation" in response.content.decode()
    data["recommendation_mc20"] = "Skriv en rutin för ensamarbete."
    data["owner_mc20"] = "Lena"
    response = coordinator_client.post("/programme/actors/ljuset/visit/", data)
    assert response.status_code == 302
    action = ActionItem.objects.get(file__actor=registered.actor)
    assert (action.requirement, action.owner) == ("mc20", "Lena")
    assert Actor.objects.get(pk=registered.actor.pk).certification == Status.VISITED
    admin = client_at(host_of_actor("ljuset"), admin_of)
    assert "Skriv en rutin för ensamarbete." in admin.get("/certification/actions/").content.decode()
    response = admin.post(f"/certification/actions/{action.pk}/", {
        f"a{action.pk}-progress": "Rutinen är antagen.", f"a{action.pk}-done": "on"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None and action.progress == "Rutinen är antagen."


def test_the_coordinator_certifies_on_the_actor_page_with_a_reason(registered, coordinator_client):
    services.visit_record(actor=registered.actor, visited_on=timezone.localdate(), by=registered.invitation.created_by,
                          assessments={item.id: services.Assessed("met", "") for item in questions.requirements()})
    response = coordinator_client.post("/programme/actors/ljuset/status/", {"event": "certify", "reason": ""})
    assert response.status_code == 422
    valid = (timezone.localdate() + timedelta(days=700)).isoformat()
    response = coordinator_client.post("/programme/actors/ljuset/status/", {
        "event": "certify", "reason": "Alla krav uppfyllda vid besöket.", "valid_until": valid})
    assert response.status_code == 302
    actor = Actor.objects.get(pk=registered.actor.pk)
    assert actor.certification == Status.CERTIFIED and actor.certified_until.isoformat() == valid
    page = coordinator_client.get("/programme/actors/ljuset/").content.decode()
    assert "Alla krav uppfyllda vid besöket." in page
    assert AuditEvent.objects.filter(action="certification_file_view", detail__actor="ljuset").exists()


def test_an_ended_actors_host_is_read_only_but_readable(demo_actors, demo_users, client_at):
    actor = Actor.objects.get(pk=demo_actors["ankarstod"].pk)
    actor.certification = Status.ENDED
    with schema_context("public"):
        actor.save()  # as status_change saves it: the host cache forgets the actor
    staff = client_at(host_of_actor("ankarstod"), demo_users["ankarstod.staff"])
    assert staff.get("/cases/").status_code == 200
    assert staff.post("/cases/new/", {"initials": "A.B."}).status_code == 403
    admin = client_at(host_of_actor("ankarstod"), demo_users["ankarstod.admin"])
    assert admin.post("/certification/profile/", {}).status_code == 403


def test_the_actors_start_page_flags_overdue_actions_for_its_admin_only(demo_users, client_at):
    admin = client_at(host_of_actor("fyrbaken"), demo_users["fyrbaken.admin"]).get("/cases/").content.decode()
    assert 'data-testid="certification-lines"' in admin and "overdue" in admin
    assert 'data-testid="certification-block"' in admin  # visited, not yet certified
    staff = client_at(host_of_actor("fyrbaken"), demo_users["fyrbaken.staff"]).get("/cases/").content.decode()
    assert 'data-testid="certification-lines"' not in staff
    coordinator = client_at(PUBLIC_HOST, demo_users["samordnare"]).get("/programme/").content.decode()
    assert "Fyrbaken Stödcenter</a>: 2 actions overdue" in " ".join(coordinator.split())

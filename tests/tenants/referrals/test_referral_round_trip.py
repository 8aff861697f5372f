"""A referral's round trip: request (pseudonymous facts only) → accept (a case opens at the
actor, pre-filled, referred by a regional coordinator) or decline (she asks another);
a reminder after the timeout; she sees statuses, never case files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import tenant_context

from intake.models import Case, CaseAuditEntry, Notification, ReferredBy
from portal.models import AuditEvent
from tenants.models import Actor
from tenants.referrals import services
from tenants.referrals.models import Referral, ReferralStatus
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db

FACTS = {
    "age_group": "18_29", "gender": "woman", "exploitation_forms": ["sexual"], "children": "1",
    "support": "shelter", "language": "ro", "urgency": "today", "authorities": ["police", "social_services"],
    "contact": "0701-23 45 67 (Rami, regionkoordinator Syd)",
}


def refer(client_at, demo_users, slug: str = "lindskyddet", **changes) -> Referral:
    client = client_at(PUBLIC_HOST, demo_users["region.syd"])
    response = client.post(f"/programme/referrals/new/{slug}/", {**FACTS, **changes})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Referral.objects.filter(coordinator=demo_users["region.syd"]).order_by("-pk").first()


def test_the_request_form_starts_from_the_search_facts(client_at, demo_users):
    client = client_at(PUBLIC_HOST, demo_users["region.syd"])
    body = client.get("/programme/referrals/new/lindskyddet/?gender=woman&children=1").content.decode()
    assert 'value="woman" checked' in body or 'value="woman" selected' in body
    assert 'name="children" value="1"' in body
    assert "040-12 34 56" in body  # the actor's contact line


def test_a_request_holds_pseudonymous_facts_and_her_contact_only(client_at, demo_users):
    referral = refer(client_at, demo_users, initials="A.B.", name="Anna Berg")
    assert referral.status == ReferralStatus.SENT and referral.actor.slug == "lindskyddet"
    assert referral.region == "syd" and referral.children == 1 and referral.language == "ro"
    stored = {field.attname for field in Referral._meta.concrete_fields}
    assert not stored & {"initials", "name", "birth_year", "nationality"}
    assert "Anna" not in repr(Referral.objects.filter(pk=referral.pk).values().first())
    # The actor's staff are told, in their schema.
    with tenant_context(referral.actor):
        assert Notification.objects.filter(kind="referral_new", data__referral=referral.pk).count() == 2
    assert AuditEvent.objects.filter(action="referral_send", detail__referral=referral.pk).exists()


def test_accepting_opens_a_case_pre_filled_and_referred_by_a_regional_coordinator(client_at, demo_users):
    referral = refer(client_at, demo_users)
    actor = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    page = actor.get(f"/referrals/{referral.pk}/").content.decode()
    assert "0701-23 45 67" in page
    response = actor.post(f"/referrals/{referral.pk}/", {
        "action": "accept", "accept-initials": "m.k.", "accept-birth_year": "2001", "accept-nationality": "RO"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.answered_by == demo_users["lindskyddet.staff"]
    assert response["Location"] == f"/cases/{referral.case_code}/"
    with tenant_context(referral.actor):
        case = Case.objects.get(code=referral.case_code)
        assert case.referred_by == ReferredBy.REGIONAL_COORDINATOR
        assert (case.initials, case.birth_year, case.nationality, case.gender) == ("M.K.", 2001, "RO", "woman")
        assert case.person_language == "ro"
        assert [child.where for child in case.children.all()] == ["accompanying"]
        assert case.conversation.answers.get("referred_by") == "regional_coordinator"
        assert case.duplicate_key
        assert CaseAuditEntry.objects.filter(case=case, action="referral_accepted").exists()
    detail = actor.get(f"/cases/{referral.case_code}/").content.decode()
    assert 'data-testid="referred-by"' in detail
    # Answered once only.
    again = actor.post(f"/referrals/{referral.pk}/", {
        "action": "decline", "decline-reason": "no_place"})
    assert again.status_code == 200
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_she_sees_the_status_never_the_case(client_at, demo_users):
    referral = refer(client_at, demo_users)
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.admin"])
    client.post(f"/referrals/{referral.pk}/", {
        "action": "accept", "accept-initials": "Z.Q.", "accept-birth_year": "1999", "accept-nationality": "UA"})
    referral.refresh_from_db()
    mine = client_at(PUBLIC_HOST, demo_users["region.syd"])
    body = mine.get("/programme/referrals/").content.decode()
    assert f'data-testid="referral-{referral.pk}"' in body
    assert referral.case_code not in body and "Z.Q." not in body and "1999" not in body
    # The case is on the actor's host only; she has no role there.
    assert mine.get(f"/cases/{referral.case_code}/", HTTP_HOST=host_of_actor("lindskyddet")).status_code in (302, 403)


def test_declining_gives_a_reason_and_she_asks_another_actor(client_at, demo_users):
    referral = refer(client_at, demo_users, children="0")
    actor = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    refused = actor.post(f"/referrals/{referral.pk}/", {"action": "decline", "decline-reason": "other"})
    assert refused.status_code == 200  # "other" needs a note
    actor.post(f"/referrals/{referral.pk}/", {"action": "decline", "decline-reason": "no_place",
                                               "decline-note": "Full until Friday."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.decline_reason == "no_place"
    mine = client_at(PUBLIC_HOST, demo_users["region.syd"])
    listing = mine.get("/programme/referrals/").content.decode()
    assert "Full until Friday." in listing
    assert f"from={referral.pk}" in listing  # "Ask another actor"
    response = mine.post("/programme/referrals/new/norrbro/", {**FACTS, "children": "0", "from": str(referral.pk)})
    assert response.status_code == 302
    second = Referral.objects.get(replaces=referral)
    assert second.actor.slug == "norrbro" and second.gender == "woman"
    # Once asked another, not again for the same referral, nor the same actor.
    assert mine.post("/programme/referrals/new/ankarstod/", {**FACTS, "from": str(referral.pk)}).status_code == 200


def test_an_unanswered_request_reminds_the_actor_once_and_lets_her_ask_another(client_at, demo_users, settings):
    settings.NSP_REFERRAL_REMIND_HOURS = 4
    referral = refer(client_at, demo_users)
    assert services.referrals_remind() == []  # not due yet
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(hours=4, minutes=1))
    call_command("referrals_remind", stdout=open("/dev/null", "w"))
    call_command("referrals_remind", stdout=open("/dev/null", "w"))  # idempotent
    referral.refresh_from_db()
    assert referral.reminded_at is not None
    with tenant_context(referral.actor):
        reminders = Notification.objects.filter(kind="referral_reminder", data__referral=referral.pk)
        assert reminders.count() == 2  # one per member (admin and staff), once
    assert AuditEvent.objects.filter(action="referral_remind", detail__referral=referral.pk).count() == 1
    listing = client_at(PUBLIC_HOST, demo_users["region.syd"]).get("/programme/referrals/").content.decode()
    assert f"from={referral.pk}" in listing
    # Asking another withdraws the unanswered request: the first actor can no longer accept.
    client_at(PUBLIC_HOST, demo_users["region.syd"]).post("/programme/referrals/new/norrbro/",
                                                          {**FACTS, "from": str(referral.pk)})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    with pytest.raises(services.ReferralInvalid):
        services.referral_accept(referral=referral, actor=referral.actor, user=demo_users["lindskyddet.staff"],
                                 initials="A", birth_year=1990, nationality="SE")


def test_another_actor_cannot_see_or_answer_the_request(client_at, demo_users):
    referral = refer(client_at, demo_users)
    other = client_at(host_of_actor("norrbro"), demo_users["norrbro.staff"])
    assert other.get(f"/referrals/{referral.pk}/").status_code == 404
    assert other.post(f"/referrals/{referral.pk}/", {"action": "decline", "decline-reason": "no_place"}).status_code == 404
    assert f"/referrals/{referral.pk}/" not in other.get("/referrals/").content.decode()
    # A staff member of the right actor, on the wrong host, has no role there.
    wrong_host = client_at(host_of_actor("norrbro"), demo_users["lindskyddet.staff"])
    assert wrong_host.get(f"/referrals/{referral.pk}/").status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_another_coordinator_does_not_see_her_referrals(client_at, demo_users):
    referral = refer(client_at, demo_users)
    coordinator = client_at(PUBLIC_HOST, demo_users["samordnare"])
    assert f'data-testid="referral-{referral.pk}"' not in coordinator.get("/programme/referrals/").content.decode()
    # Nor can she replace someone else's referral.
    assert coordinator.post("/programme/referrals/new/norrbro/", {**FACTS, "from": str(referral.pk)}).status_code == 404


def test_only_certified_actors_take_referrals(client_at, demo_users):
    Actor.objects.filter(slug="norrbro").update(certification="suspended")
    client = client_at(PUBLIC_HOST, demo_users["region.syd"])
    assert client.get("/programme/referrals/new/norrbro/").status_code == 404
    assert client.get("/programme/referrals/new/nsp/").status_code == 404


def test_the_actors_admin_sets_the_contact_line_staff_cannot(client_at, demo_users):
    admin = client_at(host_of_actor("norrbro"), demo_users["norrbro.admin"])
    assert admin.post("/referrals/", {"contact": "08-111 22 33"}).status_code == 302
    body = client_at(PUBLIC_HOST, demo_users["region.syd"]).get("/programme/capacity/?region=").content.decode()
    assert "08-111 22 33" in body
    staff = client_at(host_of_actor("norrbro"), demo_users["norrbro.staff"])
    assert staff.post("/referrals/", {"contact": "x"}).status_code == 403

"""Review (omprövning) of a refusal or a partial grant (issue 9): once, final, audited."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context, tenant_context

from intake.followup import services as followup
from intake.followup.services import review_state
from portal.models import AuditEvent
from tenants.followup.models import Review
from tests.followup.followup_helpers import answered_case, apply_and_decide
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


@pytest.fixture
def refused(demo_actors, demo_users):
    actor, staff = demo_actors[ACTOR], demo_users[f"{ACTOR}.staff"]
    with tenant_context(actor):
        case = answered_case(staff, initials="O.P.")
    local, programme_copy = apply_and_decide(actor, staff, demo_users["samordnare"], case, kind="refused")
    return actor, staff, case, local, programme_copy


def test_a_refusal_is_reviewed_once_and_the_review_decision_is_final(refused, client_at, demo_users):
    actor, staff_user, case, local, programme_copy = refused
    staff = client_at(host_of_actor(ACTOR), staff_user)
    page = staff.get(f"/cases/{case.code}/").content.decode()
    assert 'data-testid="ask-review"' in page
    prefix = f"review{local.pk}"
    assert staff.post(f"/cases/{case.code}/applications/{local.pk}/review/",
                      {f"{prefix}-motivation": ""}).status_code == 422
    response = staff.post(f"/cases/{case.code}/applications/{local.pk}/review/", {
        f"{prefix}-motivation": "Socialtjänsten har nu avslagit skriftligen.", f"{prefix}-new_facts": "Beslut 3/3."})
    assert response.status_code == 302
    again = staff.post(f"/cases/{case.code}/applications/{local.pk}/review/", {
        f"{prefix}-motivation": "Igen."})
    assert again.status_code == 422
    coordinator = client_at(PUBLIC_HOST, demo_users["samordnare"])
    inbox = coordinator.get("/programme/applications/").content.decode()
    assert 'data-testid="reviews"' in inbox and case.code in inbox.split('data-testid="reviews"')[1][:2000]
    detail = coordinator.get(f"/programme/applications/{programme_copy.pk}/").content.decode()
    assert 'data-testid="review-request"' in detail and "Beslut 3/3." in detail
    decided = coordinator.post(f"/programme/applications/{programme_copy.pk}/", {
        "kind": "granted", "motivation": "Vid omprövning beviljas perioden."})
    assert decided.status_code == 302
    with schema_context("public"):
        review = Review.objects.get(application=programme_copy)
        assert review.status == "decided" and review.result.supersedes_id == review.decision_id
        assert AuditEvent.objects.filter(action="review_decision").exists()
    with tenant_context(actor):
        local.refresh_from_db()
        assert local.status == "granted" and review_state(local) == "final"
        with pytest.raises(followup.FollowupRefused):
            followup.review_request(application=local, user=staff_user, motivation="En gång till.")
    assert 'data-testid="review-final"' in staff.get(f"/cases/{case.code}/").content.decode()


def test_a_grant_cannot_be_reviewed(demo_actors, demo_users):
    actor, staff = demo_actors[ACTOR], demo_users[f"{ACTOR}.staff"]
    with tenant_context(actor):
        case = answered_case(staff, initials="G.R.")
    local, _ = apply_and_decide(actor, staff, demo_users["samordnare"], case)
    with tenant_context(actor):
        assert review_state(local) == ""
        with pytest.raises(followup.FollowupRefused) as refused:
            followup.review_request(application=local, user=staff, motivation="Mer.")
        assert refused.value.code == "not_reviewable"


def test_a_partial_grant_can_be_reviewed(demo_actors, demo_users):
    actor, staff = demo_actors[ACTOR], demo_users[f"{ACTOR}.staff"]
    with tenant_context(actor):
        case = answered_case(staff, initials="P.G.")
    local, programme_copy = apply_and_decide(actor, staff, demo_users["samordnare"], case, kind="partly_granted",
                                             days={0: 20})
    with tenant_context(actor):
        assert review_state(local) == "can"
        followup.review_request(application=local, user=staff, motivation="30 dagar behövs.")
        assert review_state(local) == "requested"
    with schema_context("public"):
        assert Review.objects.get(application=programme_copy).status == "pending"

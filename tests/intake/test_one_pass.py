"""An answer is one pass (issue 8): one walk of the question bank, one audit row, and few
queries, for the plain post and for htmx's partial alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from intake.flow import walking
from intake.models import CaseAuditEntry
from intake.services import case_open
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


@pytest.fixture
def walks(monkeypatch):
    counted = {"walks": 0}
    original = walking._concrete_questions

    def counting(*args, **kwargs):
        counted["walks"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(walking, "_concrete_questions", counting)
    return counted


@pytest.mark.parametrize("htmx", [True, False])
def test_one_answer_walks_the_bank_once_and_audits_once(client_at, demo_actors, demo_users, walks, htmx):
    staff_user = demo_users[f"{ACTOR}.staff"]
    with tenant_context(demo_actors[ACTOR]):
        case = case_open(user=staff_user, initials="O.P.", birth_year=1990, nationality="SE", gender="woman")
    first = intake_flow.next_question({}, {"age_group": "adult"})
    client = client_at(host_of_actor(ACTOR), staff_user)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    walks["walks"] = 0
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/cases/{case.code}/intake/answer/",
                               {"question_id": first.id, "value": ["social_services"], "revision": "0"}, **headers)
    assert response.status_code == (200 if htmx else 302)
    assert walks["walks"] == 1
    with tenant_context(demo_actors[ACTOR]):
        assert CaseAuditEntry.objects.filter(case=case, action__startswith="answer").count() == 1
        assert CaseAuditEntry.objects.filter(case=case).count() == 2  # opened, answered
    print(f"queries for one answer ({'htmx' if htmx else 'plain'}): {len(queries)}")
    assert len(queries) <= 20

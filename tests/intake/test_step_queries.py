"""The intake step's queries, one by one (issue 14): the host's actor kept by the worker,
the user's roles read once, no recommendation read on an ordinary step. The whole count
is in the benchmark (`intake_step_queries`)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from intake.services import case_open
from portal import tenancy
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


def test_an_answer_reads_host_roles_and_recommendation_no_more_than_needed(client_at, demo_actors, demo_users,
                                                                             settings):
    settings.TENANT_CACHE_SECONDS = 30
    tenancy.forget_hosts()
    staff_user = demo_users[f"{ACTOR}.staff"]
    with tenant_context(demo_actors[ACTOR]):
        case = case_open(user=staff_user, initials="Q.C.", birth_year=1991, nationality="SE", gender="woman")
    first = intake_flow.next_question({}, {"age_group": "adult"})
    client = client_at(host_of_actor(ACTOR), staff_user)
    client.get(f"/cases/{case.code}/intake/")  # the worker has seen this host
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/cases/{case.code}/intake/answer/",
                               {"question_id": first.id, "value": ["social_services"], "revision": "0"},
                               HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]

    def reading(table: str) -> int:
        return sum(f'FROM "{table}"' in statement for statement in sql)

    assert reading("tenants_domain") == 0
    assert reading("portal_membership") == 1
    assert reading("intake_recommendation") == 0
    assert reading("tenants_programmeyear") <= 1
    assert len(sql) <= 13, "\n".join(sql)

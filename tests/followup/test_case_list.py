"""The case list (issue 9): status, the period and its last day, what is due; filters, find."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from intake.followup import services as followup
from intake.models import CaseApplication, Recommendation
from intake.services import case_open
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


def granted_until(case, staff, last_day, *, days=30):
    """A granted extended-reflection period of `days` ending on `last_day` (written directly)."""
    first = last_day - timedelta(days=days - 1)
    item = {"code": "extended_reflection", "days": days, "rate": 1320, "amount": days * 1320,
            "start": first.isoformat(), "end": last_day.isoformat()}
    recommendation = Recommendation.objects.create(case=case, created_by=staff, year=first.year,
                                                   ruleset_version="t", answers={}, result={})
    return CaseApplication.objects.create(
        case=case, recommendation=recommendation, year=first.year, status="granted", created_by=staff,
        period=(first, last_day + timedelta(days=1)), interventions=[item], granted_interventions=[item],
        total=item["amount"], granted_total=item["amount"])


@pytest.fixture
def cases(demo_actors, demo_users):
    actor, staff = demo_actors[ACTOR], demo_users[f"{ACTOR}.staff"]
    today = timezone.localdate()
    with tenant_context(actor):
        due = case_open(user=staff, initials="D.W.", birth_year=1990, nationality="RO", gender="woman")
        later = case_open(user=staff, initials="L.T.", birth_year=1991, nationality="RO", gender="woman")
        closed = case_open(user=staff, initials="C.Z.", birth_year=1992, nationality="RO", gender="woman")
        granted_until(due, staff, today + timedelta(days=5))
        granted_until(later, staff, today + timedelta(days=20))
        followup.case_close(case=closed, user=staff, reason="returned")
        granted_until(closed, staff, today + timedelta(days=3))  # written directly: no programme copy
    return {"due": due, "later": later, "closed": closed}


@pytest.fixture
def staff(client_at, demo_users):
    return client_at(host_of_actor(ACTOR), demo_users[f"{ACTOR}.staff"])


def _codes(html: str) -> set[str]:
    return {chunk.split('/"')[0].rsplit("/", 1)[-1] for chunk in html.split('<tr data-testid="case-row"><th scope="row"><a href="')[1:]}


def test_the_list_shows_the_period_its_last_day_and_what_is_due(cases, staff):
    html = staff.get("/cases/").content.decode()
    due_block = html.split('data-testid="due-this-week"')[1].split("</section>")[0]
    assert cases["due"].code in due_block
    assert cases["later"].code not in due_block and cases["closed"].code not in due_block
    row = html.split(f'/cases/{cases["due"].code}/"')[1].split("</tr>")[0]
    assert "badge--warn" in row
    last_day = timezone.localdate() + timedelta(days=5)
    assert last_day.strftime("%Y") in row


def test_staff_filter_by_status_and_due_work(cases, staff):
    due = _codes(staff.get("/cases/?due=week").content.decode())
    assert cases["due"].code in due and cases["later"].code not in due and cases["closed"].code not in due
    closed = _codes(staff.get("/cases/?status=closed").content.decode())
    assert cases["closed"].code in closed and cases["due"].code not in closed


def test_staff_find_a_case_by_code_or_initials(cases, staff):
    assert _codes(staff.get(f"/cases/?q={cases['later'].code}").content.decode()) == {cases["later"].code}
    found = _codes(staff.get("/cases/?q=D.W").content.decode())
    assert cases["due"].code in found and cases["later"].code not in found


@pytest.mark.parametrize("query", ["status=nonsense", "due=%FF", "q=" + "x" * 500])
def test_odd_filters_are_form_errors_never_a_server_error(cases, staff, query):
    assert staff.get(f"/cases/?{query}").status_code == 200

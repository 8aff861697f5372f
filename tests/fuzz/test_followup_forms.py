"""Property-based: the follow-up's forms and endpoints (issue 9) never turn input into a
server error: NUL bytes, huge numbers, dates in 1900 and 2099 get a clear answer."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django_tenants.utils import tenant_context
from hypothesis import given

from intake.followup.forms import CaseFilterForm, CloseForm, PeriodEndForm, PriorDaysForm, ReviewRequestForm
from tenants.forms import DecisionForm
from tests.followup.followup_helpers import answered_case, apply_and_decide
from tests.fuzz.support import count, examples, fields_from
from tests.fuzz.test_every_form import _querydict
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


def _valid_has_no_nul(form) -> None:
    if form.is_valid():
        assert "\x00" not in repr(form.cleaned_data)


@examples(1500)
@given(data=fields_from(["prior-kind", "prior-days", "prior-source", "prior-reason"]))
def test_prior_days_form(data):
    count("form: days from before")
    form = PriorDaysForm(_querydict(data), prefix="prior")
    _valid_has_no_nul(form)
    if form.is_valid():
        assert 1 <= form.cleaned_data["days"] <= 366


@examples(1500)
@given(data=fields_from(["end-ended_on", "end-reason", "end-note"]))
def test_period_end_form(data):
    count("form: early end")
    form = PeriodEndForm(_querydict(data), prefix="end")
    _valid_has_no_nul(form)
    if form.is_valid():
        assert date(2015, 1, 1) <= form.cleaned_data["ended_on"] <= date(2100, 12, 31)


@examples(1000)
@given(data=fields_from(["close-reason", "close-note"]))
def test_close_form(data):
    count("form: close a case")
    _valid_has_no_nul(CloseForm(_querydict(data), prefix="close"))


@examples(1500)
@given(data=fields_from(["q", "status", "due"]))
def test_case_filter_form(data):
    count("form: case list filters")
    form = CaseFilterForm(_querydict(data))
    filters = form.filters()
    assert "\x00" not in repr(filters)


@examples(1000)
@given(data=fields_from(["r-motivation", "r-new_facts"]))
def test_review_request_form(data):
    count("form: review request")
    _valid_has_no_nul(ReviewRequestForm(_querydict(data), prefix="r"))


@examples(1000)
@given(data=fields_from(["admission", "kind", "motivation", "days_0"]))
def test_decision_form_with_admission(data):
    count("form: decision with admission")
    form = DecisionForm(_querydict(data), admission_asked=True,
                        interventions=[{"code": "reflection", "name": "Reflection", "days": 30, "amount": 39600}])
    _valid_has_no_nul(form)
    if form.is_valid():
        assert form.cleaned_data["admission"] in ("", "granted", "refused")


@pytest.fixture
def granted(demo_actors, demo_users):
    actor, staff = demo_actors[ACTOR], demo_users[f"{ACTOR}.staff"]
    with tenant_context(actor):
        case = answered_case(staff, initials="F.Z.")
    apply_and_decide(actor, staff, demo_users["samordnare"], case)
    return case


@pytest.fixture
def staff(client_at, demo_users):
    return client_at(host_of_actor(ACTOR), demo_users[f"{ACTOR}.staff"])


@examples(150)
@given(data=fields_from(["prior-kind", "prior-days", "prior-source", "prior-reason"]))
def test_entering_days_from_before(staff, granted, data):
    count("endpoint: days from before")
    with transaction.atomic():
        response = staff.post(f"/cases/{granted.code}/followup/prior-days/", data)
    assert response.status_code in (302, 400, 422)


@examples(150)
@given(data=fields_from(["end-ended_on", "end-reason", "end-note"]))
def test_ending_a_period_early(staff, granted, data):
    count("endpoint: early end")
    with transaction.atomic():
        response = staff.post(f"/cases/{granted.code}/followup/period-end/", data)
    assert response.status_code in (302, 400, 422)


@examples(150)
@given(data=fields_from(["q", "status", "due"]))
def test_the_case_list(staff, data):
    count("endpoint: case list")
    response = staff.get("/cases/", data)
    assert response.status_code in (200, 400)

"""Property-based: the oversight's forms and pages (statistics filters, budget, transfers,
the decision's budget motivation, import_history's lines) answer any input clearly."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tenants.budget.forms import DEFAULT_POSTS, BudgetCreateForm, TransferForm
from tenants.budget.services import budget_create
from tenants.forms import DecisionForm
from tenants.statistics.forms import StatisticsFilterForm
from tenants.statistics.history import HistoryError, history_read
from tests.fuzz.support import count, examples, fields_from, texts
from tests.fuzz.test_every_form import _no_nul, _querydict
from tests.helpers import PUBLIC_HOST

pytestmark = pytest.mark.django_db


@examples(1200)
@given(data=fields_from(["year", "actor", "region", "publication"]))
def test_statistics_filter_form(data):
    count("form: statistics filters")
    form = StatisticsFilterForm(_querydict(data), years=[2026, 2025, 2022], actors=[("lindskyddet", "Lindskyddet")])
    filters = form.filters(default_year=2026)
    assert filters["year"] in (2026, 2025, 2022) and filters["actor"] in (None, "lindskyddet")
    assert isinstance(filters["publication"], bool) and _no_nul(filters)


AMOUNT_FIELDS = [f"amount_{post['key']}" for post in DEFAULT_POSTS]


@examples(1200)
@given(data=fields_from(["year", "note"] + AMOUNT_FIELDS), lang=st.sampled_from(["sv", "en"]))
def test_budget_create_form(data, lang):
    count("form: a year's budget")
    form = BudgetCreateForm(_querydict(data), lang=lang)
    if form.is_valid():
        assert 2015 <= form.cleaned_data["year"] <= 2100 and _no_nul(form.cleaned_data)
        assert all(0 <= post["amount"] <= 1_000_000_000 for post in form.posts())


@pytest.fixture
def budget(demo_users):
    from tenants.budget.models import Budget

    Budget.objects.filter(year=2040).delete()
    return budget_create(year=2040, posts=[{**post, "amount": 1000} for post in DEFAULT_POSTS],
                         user=demo_users["samordnare"])


@examples(600)
@given(data=fields_from(["from_post", "to_post", "amount", "reason"]), real=st.booleans())
def test_transfer_form(budget, data, real):
    count("form: budget transfer")
    if real:
        pks = list(budget.posts.values_list("pk", flat=True))
        data = {**data, "from_post": str(pks[0]), "to_post": str(pks[-1])}
    form = TransferForm(_querydict(data), budget=budget)
    if form.is_valid():
        assert form.cleaned_data["from_post"] != form.cleaned_data["to_post"]
        assert 1 <= form.cleaned_data["amount"] <= 1_000_000_000 and _no_nul(form.cleaned_data)


INTERVENTIONS = [{"code": "reflection", "name": "Reflektionsperiod", "days": 30, "amount": 39600}]


@examples(1000)
@given(data=fields_from(["kind", "motivation", "budget_motivation", "days_0"]))
def test_decision_form_with_budget_motivation(data):
    count("form: decision with budget motivation")
    form = DecisionForm(_querydict(data), interventions=INTERVENTIONS)
    if form.is_valid():
        assert _no_nul(form.cleaned_data) and len(form.cleaned_data["budget_motivation"]) <= 5000


@pytest.fixture
def coordinator(client_at, demo_users):
    return client_at(PUBLIC_HOST, demo_users["samordnare"])


@examples(150)
@given(data=fields_from(["year", "actor", "region", "publication", "format", "print"]))
def test_the_statistics_page(coordinator, data):
    count("endpoint: statistics")
    response = coordinator.get("/programme/statistics/", data)
    assert response.status_code in (200, 400)


@examples(150)
@given(data=fields_from(["year", "note"] + AMOUNT_FIELDS))
def test_creating_a_budget(coordinator, data):
    count("endpoint: create a budget")
    with transaction.atomic():
        response = coordinator.post("/programme/budget/", data)
    assert response.status_code in (200, 302)


@examples(150)
@given(data=fields_from(["from_post", "to_post", "amount", "reason"]))
def test_moving_money(coordinator, budget, data):
    count("endpoint: budget transfer")
    with transaction.atomic():
        response = coordinator.post("/programme/budget/2040/transfer/", data)
    assert response.status_code in (200, 302)


LINE_FIELDS = ["year", "actor", "case_code", "person", "children", "exploitation_forms", "referred_by",
               "decision", "decided_at", "granted_interventions"]
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10 ** 40), 10 ** 40), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["age_group", "gender", "nationality", "where", "code", "amount", "days", "start", "end", "item"]),
        inner, max_size=4)),
    max_leaves=8)
GOOD = {"year": 2022, "actor": "norrbro", "case_code": "H2022-014",
        "person": {"age_group": "adult", "gender": "woman", "nationality": "RO"},
        "children": [{"gender": "girl", "where": "with_person"}], "exploitation_forms": ["sexual"],
        "referred_by": "regional_coordinator", "decision": "granted", "decided_at": "2022-03-02",
        "granted_interventions": [{"code": "deepened_support", "days": 90, "start": "2022-03-02",
                                   "end": "2022-05-30", "amount": 100000}]}


@examples(800)
@given(changes=st.dictionaries(st.sampled_from(LINE_FIELDS), json_values, max_size=3),
       raw=st.one_of(st.none(), texts))
def test_import_history_lines(demo_actors, changes, raw):
    """A line is imported or refused with its line and field named; never another error."""
    count("import_history: one line")
    text = raw if raw is not None else json.dumps({**GOOD, **changes})
    try:
        lines = history_read(text)
    except HistoryError as error:
        assert error.line >= 1 and error.field and str(error).startswith(f"line {error.line}, ")
    else:
        assert len(lines) == 1 and lines[0].data["actor"] == "norrbro"
        assert 2015 <= lines[0].data["year"] and lines[0].data["decided_at"].year < 2099

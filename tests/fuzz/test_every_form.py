"""Property-based: no form and no endpoint turns any input into a server error (issue 8, item 7).

Each test feeds generated input — NUL characters, numbers of thousands of digits, dates in
1900 and 2099, scripts, right-to-left marks, lists where a word is expected — to one form
or endpoint and asserts a clear answer: the form is valid or names what is wrong, the page
answers below 500. The Django test client raises any exception a view lets out, so a
server error fails the test with its traceback. The count of inputs is printed at the end.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.http import QueryDict
from django_tenants.utils import tenant_context
from hypothesis import given
from hypothesis import strategies as st

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.forms import AdjustForm, CaseOpenForm, ChildFormSet
from intake.models import Conversation
from intake.selectors import case_facts
from intake.services import (
    adjustment_limits, application_draft, application_submit, case_open, lawful_basis_record, recommendation_make,
)
from tenants.forms import DecisionForm, InboxFilterForm
from tenants.years.forms import DeriveForm
from tests.fuzz.support import count, examples, fields_from, texts
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


def _querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def _no_nul(cleaned) -> bool:
    return "\x00" not in repr(cleaned)


# --- forms, directly -------------------------------------------------------------------------------

CASE_OPEN_FIELDS = ["initials", "birth_year", "nationality", "gender", "with_guardian", "person_language"]


@examples(1200)
@given(data=fields_from(CASE_OPEN_FIELDS), lang=st.sampled_from(["sv", "en"]))
def test_case_open_form(data, lang):
    count("form: open a case")
    form = CaseOpenForm(_querydict(data), lang=lang)
    assert form.is_valid() in (True, False)
    if form.is_valid():
        assert _no_nul(form.cleaned_data) and 1900 <= form.cleaned_data["birth_year"] <= date.today().year


CHILD_FIELDS = [f"children-{i}-{name}" for i in range(3) for name in ("where", "birth_year", "gender")]


@examples(1000)
@given(data=fields_from(CHILD_FIELDS + ["children-TOTAL_FORMS", "children-INITIAL_FORMS"]),
       parent=st.one_of(st.none(), st.integers(1900, 2026)))
def test_children_formset(data, parent):
    count("form: children")
    data.setdefault("children-TOTAL_FORMS", "3")
    data.setdefault("children-INITIAL_FORMS", "0")
    formset = ChildFormSet(_querydict(data), prefix="children", parent_birth_year=parent)
    if formset.is_valid():
        for form in formset.forms:
            year = form.cleaned_data.get("birth_year")
            assert year is None or (1900 <= year <= date.today().year and (parent is None or year >= parent + 10))


LIMITS = [
    {"index": 0, "field": "days_0", "max": 30, "item": {"code": "reflection", "days": 30, "rate": 1320, "amount": 39600}},
    {"index": 1, "field": "days_1", "max": 30, "item": {"code": "reflection_child", "days": 30, "rate": 500,
                                                        "amount": 15000, "parent": "reflection"}},
    {"index": 2, "field": "amount_2", "max": 1200, "item": {"code": "point", "amount": 1200, "item": "interpreter"}},
]


@examples(2000)
@given(data=fields_from(["days_0", "days_1", "amount_2", "reason"]))
def test_adjust_form(data):
    count("form: adjust a recommendation")
    form = AdjustForm(_querydict(data), limits=LIMITS, names={})
    if form.is_valid():
        values = form.values()
        assert 0 <= values["days_0"] <= 30 and 0 <= values["days_1"] <= 30 and 0 <= values["amount_2"] <= 1200
        assert _no_nul(form.cleaned_data)


INTERVENTIONS = [{"code": "reflection", "name": "Reflection", "days": 30, "amount": 39600},
                 {"code": "point", "name": "Interpreter", "amount": 1200}]


@examples(2000)
@given(data=fields_from(["kind", "motivation", "days_0", "amount_1"]), correction=st.booleans())
def test_decision_form(data, correction):
    count("form: decision")
    form = DecisionForm(_querydict(data), interventions=INTERVENTIONS, correction=correction)
    if form.is_valid():
        days, amounts = form.reductions()
        assert all(0 <= value <= 30 for value in days.values()) and all(0 <= v <= 1200 for v in amounts.values())
        assert "[" not in form.cleaned_data["motivation"] or "]" not in form.cleaned_data["motivation"] or \
            len(form.cleaned_data["motivation"]) < 5
        assert _no_nul(form.cleaned_data)


@examples(1500)
@given(data=fields_from(["actor", "year", "intervention", "status", "page"]))
def test_inbox_filter_form(data):
    count("form: inbox filters")
    form = InboxFilterForm(_querydict(data), choices={
        "actors": [("lindskyddet", "Lindskyddet")], "years": [2025, 2022],
        "interventions": [("reflection", "Reflection")]})
    filters = form.filters()
    assert set(filters) <= {"actor", "year", "intervention", "status"} and _no_nul(filters)


@examples(1500)
@given(data=fields_from(["year", "note"]))
def test_derive_year_form(data):
    count("form: start a programme year")
    form = DeriveForm(_querydict(data))
    if form.is_valid():
        assert 2000 <= form.cleaned_data["year"] <= 2999 and _no_nul(form.cleaned_data)


# --- endpoints, over HTTP -------------------------------------------------------------------------


@pytest.fixture
def staff(client_at, demo_users):
    return client_at(host_of_actor(ACTOR), demo_users[f"{ACTOR}.staff"])


@pytest.fixture
def coordinator(client_at, demo_users):
    return client_at(PUBLIC_HOST, demo_users["samordnare"])


@pytest.fixture
def answered(demo_actors, demo_users):
    """A case with every answer given (example 01), and its recommendation."""
    staff_user = demo_users[f"{ACTOR}.staff"]
    with tenant_context(demo_actors[ACTOR]):
        document = example("01")["answers"]
        case = case_open(user=staff_user, initials="F.Z.", birth_year=1990, nationality="ER", gender="woman",
                         children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
        answers = intake_flow.fill(script_from_rule_answers(document), case_facts(case), today=date(2025, 3, 1),
                                   fallback=assessment_fallback)
        Conversation.objects.filter(case=case).update(answers=answers)
        return case, recommendation_make(case=case, user=staff_user)


def _question_ids() -> list[str]:
    bank = intake_flow.load_questions()
    ids = [question.id for question in bank if "{" not in question.id]
    return ids + ["authority.social_services.request.shelter.outcome", "authority.police.asked_for", "nope", "", "\x00"]


ANSWER_FIELDS = ["value", "note", "skip", "revision", "item_0", "cost_0", "days_reflection", "days_extended",
                 "days_integration"]


@examples(600)
@given(question_id=st.one_of(st.sampled_from(_question_ids()), texts), data=fields_from(ANSWER_FIELDS),
       htmx=st.booleans())
def test_the_answer_endpoint(staff, answered, question_id, data, htmx):
    count("endpoint: answer a question")
    case, _recommendation = answered
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    with transaction.atomic():
        response = staff.post(f"/cases/{case.code}/intake/answer/", {**data, "question_id": question_id}, **headers)
    assert response.status_code in (200, 302)


@examples(150)
@given(data=fields_from(CASE_OPEN_FIELDS + CHILD_FIELDS))
def test_opening_a_case(staff, data):
    count("endpoint: open a case")
    data.update({"children-TOTAL_FORMS": "3", "children-INITIAL_FORMS": "0"})
    with transaction.atomic():
        response = staff.post("/cases/new/", data)
    assert response.status_code in (200, 302)


@examples(200)
@given(data=fields_from(["days_0", "days_1", "reason"]))
def test_adjusting(staff, answered, data):
    count("endpoint: adjust a recommendation")
    case, recommendation = answered
    with transaction.atomic():
        response = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/adjust/", data)
    assert response.status_code in (302, 422)


@pytest.fixture
def submitted(demo_actors, demo_users, answered):
    case, recommendation = answered
    staff_user = demo_users[f"{ACTOR}.staff"]
    with tenant_context(demo_actors[ACTOR]):
        lawful_basis_record(case=case, user=staff_user, basis="consent")  # nothing leaves without it
        return application_submit(application=application_draft(recommendation=recommendation, user=staff_user),
                                  user=staff_user)


@examples(200)
@given(data=fields_from(["kind", "motivation", "days_0", "days_1"]))
def test_deciding(coordinator, submitted, data):
    count("endpoint: decide an application")
    with transaction.atomic():
        response = coordinator.post(f"/programme/applications/{submitted.pk}/", data)
    assert response.status_code in (200, 302)


@examples(200)
@given(data=fields_from(["actor", "year", "intervention", "status", "page"]))
def test_the_inbox(coordinator, data):
    count("endpoint: coordinator's inbox")
    response = coordinator.get("/programme/applications/", data)
    assert response.status_code in (200, 400)


@examples(200)
@given(path=texts)
def test_case_addresses(staff, path):
    count("endpoint: case addresses")
    from urllib.parse import quote
    response = staff.get(f"/cases/{quote(path, safe='')}/")
    assert response.status_code in (200, 301, 302, 400, 404)


@examples(200)
@given(data=fields_from(["q", "lang"]))
def test_knowledge_search(client_at, data):
    count("endpoint: knowledge search")
    response = client_at(PUBLIC_HOST).get("/kb/sv/search/", data)
    assert response.status_code in (200, 301, 302, 400, 404)


@examples(200)
@given(data=fields_from(["residence_status", "police_report", "person", "with_children", "need", "items",
                          "social_services", "migration_agency", "acute", "fear_of_authorities"]))
def test_referral_check(client_at, data):
    count("endpoint: referral check")
    response = client_at(PUBLIC_HOST).get("/kb/referral/", data)
    assert response.status_code in (200, 400)

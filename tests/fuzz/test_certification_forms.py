"""Property-based: the certification's forms and pages turn no input into a server error.

NUL characters, numbers of thousands of digits, dates in 1900 and 2099, lists where a
word is expected: each form is valid or names what is wrong, each page answers below 500.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tenants.certification import forms, questions
from tests.fuzz.support import count, examples, fields_from
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db


def _querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def _clean(form) -> bool:
    valid = form.is_valid()
    if valid:
        assert "\x00" not in repr(form.cleaned_data)
    return valid


def _within_years(day) -> bool:
    today = timezone.localdate()
    return day is None or today - timedelta(days=6 * 366) <= day <= today + timedelta(days=6 * 366)


REGISTER_FIELDS = ["name", "slug", "region", "kind", "contact_name", "contact_email", "contact_phone"]
STATUS_FIELDS = ["event", "reason", "valid_until"]
VISIT_FIELDS = ["visited_on"] + [f"{key}_{item.id}" for item in questions.requirements()[:4]
                                 for key in ("assessment", "recommendation", "owner", "deadline")]
ACTION_FIELDS = ["requirement", "description", "owner", "deadline"]
PROFILE_FIELDS = [f"{row.id}__{key}" for row in questions.profile_rows()[10:22]
                  for key in ("offers", "provision", "target", "comment", "all_regions", "value")]
PROFILE_FIELDS += ["housing.places__value", "referral.men_forms__value", "referral.pets__value"]
ANSWER_FIELDS = [f"{key}_{item.id}" for item in questions.requirements()[:5] for key in ("answer", "evidence")]
INVITATION_FIELDS = ["username", "first_name", "last_name", "password1", "password2"]


@examples(400)
@given(data=fields_from(REGISTER_FIELDS))
def test_register_form(data):
    count("form: register an actor")
    form = forms.RegisterForm(_querydict(data))
    if _clean(form):
        assert form.cleaned_data["slug"].islower() or form.cleaned_data["slug"].isascii()


@examples(400)
@given(data=fields_from(STATUS_FIELDS))
def test_status_form(data):
    count("form: a life-cycle step")
    form = forms.StatusForm(_querydict(data), events=[("certify", "Certify"), ("suspend", "Suspend")])
    if _clean(form):
        assert form.cleaned_data["reason"] and _within_years(form.cleaned_data["valid_until"])


@examples(300)
@given(data=fields_from(VISIT_FIELDS))
def test_visit_form(data):
    count("form: the certification visit")
    form = forms.VisitForm(_querydict(data), lang="sv", answers={})
    assert _clean(form) is False or _within_years(form.cleaned_data["visited_on"])


@examples(300)
@given(data=fields_from(ACTION_FIELDS), lang=st.sampled_from(["sv", "en"]))
def test_action_form(data, lang):
    count("form: an action")
    form = forms.ActionForm(_querydict(data), lang=lang)
    if _clean(form):
        assert form.cleaned_data["deadline"] >= timezone.localdate() and _within_years(form.cleaned_data["deadline"])


@examples(300)
@given(data=fields_from(["progress", "done", "places_free"]), places=st.integers(0, 40))
def test_progress_and_places_forms(data, places):
    count("form: progress and free places")
    _clean(forms.ProgressForm(_querydict(data)))
    form = forms.PlacesForm(_querydict(data), places=places)
    if _clean(form):
        assert 0 <= form.cleaned_data["places_free"] <= places


@examples(300)
@given(data=fields_from(PROFILE_FIELDS))
def test_profile_form(data):
    count("form: the actor profile")
    form = forms.ProfileForm(_querydict(data), lang="en", profile={})
    if _clean(form):
        from tenants.certification.services import _profile_clean

        cleaned = _profile_clean(form.answers())
        assert set(cleaned) <= {row.id for row in questions.profile_rows() + questions.supplement_rows()}


@examples(300)
@given(data=fields_from(ANSWER_FIELDS + INVITATION_FIELDS))
def test_answers_and_invitation_forms(data):
    count("form: requirement answers and the invitation")
    _clean(forms.AnswersForm(_querydict(data), lang="sv", answers={}))
    _clean(forms.InvitationForm(_querydict(data)))


# --- pages -------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(client_at, demo_users):
    return client_at(PUBLIC_HOST, demo_users["samordnare"])


@pytest.fixture
def admin(client_at, demo_users):
    return client_at(host_of_actor("solrosen"), demo_users["solrosen.admin"])


@examples(60)
@given(data=fields_from(REGISTER_FIELDS))
def test_registering(coordinator, data):
    count("endpoint: register an actor")
    with transaction.atomic():
        response = coordinator.post("/programme/actors/new/", data)
        transaction.set_rollback(True)
    assert response.status_code in (200, 302, 400, 422)


@examples(80)
@given(data=fields_from(VISIT_FIELDS + STATUS_FIELDS + ACTION_FIELDS))
def test_the_coordinators_posts(coordinator, data):
    count("endpoint: visit, step, action")
    with transaction.atomic():
        for path in ("visit/", "status/", "actions/"):
            response = coordinator.post(f"/programme/actors/fyrbaken/{path}", data)
            assert response.status_code in (200, 302, 400, 422)
        transaction.set_rollback(True)


@examples(80)
@given(data=fields_from(PROFILE_FIELDS + ANSWER_FIELDS + ["places_free"]))
def test_the_admins_posts(admin, data):
    count("endpoint: profile, answers, places")
    with transaction.atomic():
        for path in ("profile/", "requirements/", "places/"):
            response = admin.post(f"/certification/{path}", data)
            assert response.status_code in (200, 302, 400, 422)
        transaction.set_rollback(True)


@pytest.mark.parametrize("day", ["1900-01-01", "2099-12-31"])
def test_far_dates_are_a_clear_error(day):
    form = forms.StatusForm(_querydict({"event": "certify", "reason": "ok", "valid_until": day}),
                            events=[("certify", "Certify")])
    assert not form.is_valid() and "valid_until" in form.errors
    assert date.fromisoformat(day)  # the input itself was a real date

"""Property-based: the referral forms and pages (tenants/referrals) turn no input into a
server error; a valid form holds no NUL and only numbers in range (see test_every_form.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tenants.referrals.forms import AcceptForm, ContactForm, DeclineForm, PlacesForm, ReferralForm, SearchForm
from tenants.referrals.models import Referral
from tests.fuzz.support import count, examples, fields_from
from tests.fuzz.test_every_form import _no_nul, _querydict
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db

SEARCH_FIELDS = ["region", "gender", "age_group", "exploitation_forms", "children", "support", "pets",
                 "substance_use", "free_now", "from"]
REFERRAL_FIELDS = ["age_group", "gender", "exploitation_forms", "children", "support", "pets", "substance_use",
                   "language", "urgency", "authorities", "contact"]


@examples(800)
@given(data=fields_from(SEARCH_FIELDS))
def test_search_form(data):
    count("form: find a place")
    form = SearchForm(_querydict(data))
    form.is_valid()
    filters = form.filters()
    assert _no_nul(filters) and 0 <= filters["children"] <= 12


@examples(800)
@given(data=fields_from(REFERRAL_FIELDS))
def test_referral_form(data):
    count("form: referral request")
    form = ReferralForm(_querydict(data))
    if form.is_valid():
        assert _no_nul(form.cleaned_data) and 0 <= form.cleaned_data["children"] <= 12
        assert form.cleaned_data["contact"]


@examples(800)
@given(data=fields_from(["places_free", "step"]), limit=st.integers(0, 20))
def test_places_form(data, limit):
    count("form: free places")
    form = PlacesForm(_querydict(data), limit=limit)
    if form.is_valid():
        value, step = form.cleaned_data["places_free"], form.cleaned_data["step"]
        assert (value is None and step in (1, -1)) or (step == 0 and 0 <= value <= limit)


@examples(800)
@given(data=fields_from(["initials", "birth_year", "nationality"]), lang=st.sampled_from(["sv", "en"]))
def test_accept_form(data, lang):
    count("form: accept a referral")
    form = AcceptForm(_querydict(data), lang=lang)
    if form.is_valid():
        assert _no_nul(form.cleaned_data)
        assert 1900 <= form.cleaned_data["birth_year"] <= date.today().year


@examples(600)
@given(data=fields_from(["reason", "note"]))
def test_decline_and_contact_forms(data):
    count("form: decline a referral, contact line")
    decline = DeclineForm(_querydict(data))
    if decline.is_valid():
        assert _no_nul(decline.cleaned_data)
    contact = ContactForm(_querydict({"contact": data.get("note", "")}))
    if contact.is_valid():
        assert _no_nul(contact.cleaned_data)


# --- endpoints ------------------------------------------------------------------------------------


@pytest.fixture
def regional(client_at, demo_users):
    return client_at(PUBLIC_HOST, demo_users["region.syd"])


@pytest.fixture
def staff(client_at, demo_users):
    return client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])


@pytest.fixture
def waiting(demo_users, demo_actors):
    return Referral.objects.create(
        actor=demo_actors["lindskyddet"], coordinator=demo_users["region.syd"], age_group="18_29", gender="woman",
        support="shelter", language="sv", urgency="today", contact="x")


@examples(120)
@given(data=fields_from(SEARCH_FIELDS))
def test_the_search_page(regional, data):
    count("endpoint: find a place")
    response = regional.get("/programme/capacity/", data)
    assert response.status_code in (200, 400)


@examples(120)
@given(data=fields_from(REFERRAL_FIELDS + ["from"]))
def test_sending_a_referral(regional, data):
    count("endpoint: send a referral")
    with transaction.atomic():
        response = regional.post("/programme/referrals/new/lindskyddet/", data)
    assert response.status_code in (200, 302, 400, 404)


@examples(120)
@given(data=fields_from(["places_free", "step", "next"]))
def test_updating_free_places(staff, data):
    count("endpoint: free places")
    with transaction.atomic():
        response = staff.post("/referrals/places/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")


@examples(120)
@given(data=fields_from(["action", "accept-initials", "accept-birth_year", "accept-nationality", "decline-reason",
                         "decline-note"]))
def test_answering_a_referral(staff, waiting, data):
    count("endpoint: answer a referral")
    with transaction.atomic():
        response = staff.post(f"/referrals/{waiting.pk}/", data)
    assert response.status_code in (200, 302, 400)

"""Finding a place: every filter of the search, her own region first, contact and stale marks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tenants.models import Actor
from tenants.referrals.models import Availability
from tenants.referrals.selectors import places_search
from tests.helpers import PUBLIC_HOST

pytestmark = pytest.mark.django_db


def slugs(**filters) -> list[str]:
    return [actor.slug for actor in places_search(**filters) if actor.slug in ("lindskyddet", "norrbro", "ankarstod")]


def page(client_at, demo_users, query: str = "", user: str = "region.syd") -> str:
    response = client_at(PUBLIC_HOST, demo_users[user]).get(f"/programme/capacity/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_her_own_region_is_the_default_and_comes_first(client_at, demo_users):
    body = page(client_at, demo_users)
    assert "Stiftelsen Lindskyddet" in body and "Norrbro" not in body and "Ankarstöd" not in body
    everywhere = page(client_at, demo_users, "?region=")
    assert "Norrbro" in everywhere and "Ankarstöd" in everywhere
    # Syd first although Norrbro and Ankarstöd come earlier by name or later by places.
    assert everywhere.index("Stiftelsen Lindskyddet") < everywhere.index("Norrbro")
    assert everywhere.index("Stiftelsen Lindskyddet") < everywhere.index("Ankarstöd")
    assert slugs(own_region="stockholm")[0] == "norrbro"


def test_gender_and_exploitation_form_the_actor_accepts():
    assert slugs(gender="woman") == ["lindskyddet", "norrbro", "ankarstod"] or \
        set(slugs(gender="woman")) == {"lindskyddet", "norrbro", "ankarstod"}
    assert set(slugs(gender="man")) == {"norrbro", "ankarstod"}
    # Norrbro takes men for labour, begging and crime only; Ankarstöd for every form.
    assert set(slugs(gender="man", exploitation_forms=["labour"])) == {"norrbro", "ankarstod"}
    assert set(slugs(gender="man", exploitation_forms=["sexual"])) == {"ankarstod"}
    assert set(slugs(gender="man", exploitation_forms=["labour", "begging"])) == {"norrbro", "ankarstod"}
    # A woman is accepted whatever the form.
    assert "lindskyddet" in slugs(gender="woman", exploitation_forms=["sexual"])


def test_a_shelter_for_young_women_only_is_offered_to_young_women_only():
    Actor.objects.filter(slug="lindskyddet").update(young_women_only=True)
    assert "lindskyddet" in slugs(gender="woman", age_group="18_29")
    assert "lindskyddet" not in slugs(gender="woman", age_group="30_plus")
    assert "lindskyddet" not in slugs(gender="man", age_group="18_29")
    assert "lindskyddet" not in slugs(gender="woman", age_group="child")


def test_children_pets_substance_use_and_kind_of_support():
    assert set(slugs(children=1)) == {"lindskyddet"}
    assert set(slugs(pets=True)) == {"lindskyddet"}
    assert set(slugs(substance_use=True)) == {"ankarstod"}
    assert set(slugs(support="low_threshold")) == {"ankarstod"}
    assert set(slugs(support="shelter")) == {"lindskyddet", "norrbro"}


def test_free_places_now_counts_the_person_and_each_child():
    # Lindskyddet has 2 free places: a woman with one child fits, with two does not.
    assert "lindskyddet" in slugs(children=1, free_now=True)
    assert "lindskyddet" not in slugs(children=2, free_now=True)
    assert "ankarstod" not in slugs(free_now=True)  # no places at all
    assert "norrbro" in slugs(free_now=True)


def test_each_result_shows_its_contact_and_last_update_and_stale_ones_are_marked(client_at, demo_users, settings):
    body = page(client_at, demo_users, "?region=")
    assert "040-12 34 56" in body and "08-765 43 21" in body
    assert 'data-stale="ankarstod"' in body  # updated 9 days ago
    assert 'data-stale="lindskyddet"' not in body
    settings.NSP_REFERRAL_STALE_DAYS = 30
    assert 'data-stale="ankarstod"' not in page(client_at, demo_users, "?region=")
    Availability.objects.filter(actor__slug="lindskyddet").update(places_updated_at=None)
    assert 'data-stale="lindskyddet"' in page(client_at, demo_users, "?region=")


def test_the_page_filters_as_asked_and_ignores_what_it_does_not_understand(client_at, demo_users):
    body = page(client_at, demo_users, "?region=&gender=man&exploitation_forms=sexual")
    assert "Ankarstöd" in body and "Norrbro" not in body
    body = page(client_at, demo_users, "?region=nowhere&children=99999999999999999999&gender=nobody")
    assert body.count("field-error") >= 3  # each named, none applied
    body = page(client_at, demo_users, "?region=syd&children=1&free_now=on&pets=on")
    assert "Stiftelsen Lindskyddet" in body


def test_the_refer_link_carries_the_search_facts(client_at, demo_users):
    body = page(client_at, demo_users, "?gender=woman&children=1")
    assert "/programme/referrals/new/lindskyddet/?gender=woman&amp;children=1" in body


@pytest.mark.parametrize("username, status", [
    ("region.syd", 200), ("samordnare", 200), ("lindskyddet.admin", 403), ("lindskyddet.staff", 403),
])
def test_only_the_programme_finds_places(client_at, demo_users, username, status):
    assert client_at(PUBLIC_HOST, demo_users[username]).get("/programme/capacity/").status_code == status


def test_stale_is_relative_to_now(settings):
    from tenants.referrals.selectors import places_stale

    now = timezone.now()
    settings.NSP_REFERRAL_STALE_DAYS = 3
    assert not places_stale(now - timedelta(days=2, hours=23), now)
    assert places_stale(now - timedelta(days=3, minutes=1), now)
    assert places_stale(None, now)


def test_the_referrals_vocabulary_is_the_intakes():
    """The programme's side cannot import the intake's models: its words must still be the same."""
    import json
    from pathlib import Path

    from intake.models import Gender as CaseGender
    from intake.rules.vocabulary import GENDERS
    from tenants.referrals.models import ExploitationForm, Gender

    assert list(Gender.values) == list(CaseGender.values) == list(GENDERS)
    bank = json.loads((Path(__file__).resolve().parents[3] / "intake" / "flow" / "questions.json").read_text())
    forms = next(question for question in bank if question["id"] == "exploitation.forms")
    assert set(ExploitationForm.values) <= {choice["value"] for choice in forms["choices"]}


def test_asking_another_actor_carries_the_earlier_referral_through_the_search(client_at, demo_users):
    body = page(client_at, demo_users, "?from=123&gender=woman")
    assert '<input type="hidden" name="from" value="123">' in body
    assert "/programme/referrals/new/lindskyddet/?gender=woman&amp;from=123" in body
    assert "from=" not in page(client_at, demo_users, "?from=12345678901234567890").split("actor-list")[-1]

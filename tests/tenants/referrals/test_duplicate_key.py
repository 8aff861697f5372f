"""The duplicate key: the same person at two actors is flagged in the coordinator's inbox,
without the programme holding an identity; only the key travels with the application."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from django_tenants.utils import tenant_context

from intake.services import application_draft, application_submit, case_open, recommendation_make
from tenants.models import Application
from tenants.referrals.keys import duplicate_key, normalised_initials
from tests.helpers import PUBLIC_HOST
from tests.intake.test_money_path import _answered_case

pytestmark = pytest.mark.django_db

FACTS = dict(initials="M.P.", birth_year=1992, nationality="ER", gender="woman")


def test_the_key_is_the_same_for_the_same_facts_however_written():
    key = duplicate_key(**FACTS)
    assert duplicate_key(initials="m p", birth_year=1992, nationality="er", gender="woman") == key
    assert duplicate_key(initials="M.P", birth_year=1992, nationality=" ER ", gender="WOMAN") == key
    assert normalised_initials("Å.ö.") == "AO"
    for change in ({"initials": "M.Q."}, {"birth_year": 1993}, {"nationality": "ET"}, {"gender": "man"}):
        assert duplicate_key(**{**FACTS, **change}) != key


def test_the_key_is_no_plain_hash_of_the_facts_and_depends_on_the_secret(settings):
    key = duplicate_key(**FACTS)
    spellings = ["MP", "M.P.", "1992", "ER", "woman"]
    plain = set()
    for size in range(1, len(spellings) + 1):
        for parts in itertools.permutations(spellings, size):
            for joiner in ("|", "", ",", ";", " "):
                text = joiner.join(parts).encode()
                plain.update({hashlib.sha256(text).hexdigest(), hashlib.md5(text).hexdigest(),
                              hashlib.sha1(text).hexdigest()})
    assert key not in plain
    assert duplicate_key(**FACTS, secret="another programme's secret") != key
    settings.NSP_DUPLICATE_KEY_SECRET = "rotated"
    assert duplicate_key(**FACTS) != key


def _submitted(actor, user, initials: str) -> Application:
    with tenant_context(actor):
        case = _answered_case(user, initials=initials)
        recommendation = recommendation_make(case=case, user=user)
        return application_submit(application=application_draft(recommendation=recommendation, user=user), user=user)


def test_the_same_facts_at_two_actors_are_flagged_different_facts_are_not(demo_actors, demo_users, client_at):
    syd = _submitted(demo_actors["lindskyddet"], demo_users["lindskyddet.staff"], "X.Y.")
    sthlm = _submitted(demo_actors["norrbro"], demo_users["norrbro.staff"], "x.y")
    other = _submitted(demo_actors["norrbro"], demo_users["norrbro.staff"], "Q.R.")
    assert syd.duplicate_key and syd.duplicate_key == sthlm.duplicate_key != other.duplicate_key
    # Only the key travels: the programme's copy holds no initials or birth year.
    row = Application.objects.filter(pk=syd.pk).values().first()
    assert "X.Y." not in repr(row) and "XY" not in repr(row)
    body = client_at(PUBLIC_HOST, demo_users["samordnare"]).get("/programme/applications/").content.decode()
    rows = {pk: _row(body, pk) for pk in (syd.pk, sthlm.pk, other.pk)}
    assert 'data-testid="duplicate-flag"' in rows[syd.pk]
    assert 'data-testid="duplicate-flag"' in rows[sthlm.pk]
    assert 'data-testid="duplicate-flag"' not in rows[other.pk]


def test_two_cases_of_the_same_actor_are_not_flagged(demo_actors, demo_users, client_at):
    first = _submitted(demo_actors["lindskyddet"], demo_users["lindskyddet.staff"], "K.L.")
    with tenant_context(demo_actors["lindskyddet"]):
        case = case_open(user=demo_users["lindskyddet.staff"], **{**FACTS, "initials": "K.L."})
        assert case.duplicate_key == first.duplicate_key
    body = client_at(PUBLIC_HOST, demo_users["samordnare"]).get("/programme/applications/").content.decode()
    assert 'data-testid="duplicate-flag"' not in _row(body, first.pk)


def _row(body: str, pk: int) -> str:
    marker = f'href="/programme/applications/{pk}/"'
    start = body.index(marker)
    return body[start:body.index("</tr>", start)]

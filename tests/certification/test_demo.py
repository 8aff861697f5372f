"""The demo has one actor in each certification state, with something to see."""

import pytest

from tenants.certification import selectors
from tenants.models import Actor, CertificationStatus as Status

pytestmark = pytest.mark.django_db


def test_one_demo_actor_in_each_state(demo_actors):
    states = sorted(Actor.objects.exclude(schema_name="public").values_list("certification", flat=True))
    assert set(states) == set(Status.values)


def test_the_coordinators_lines_show_an_overdue_action_and_a_certification_expiring(demo_actors):
    lines = {(line.kind, line.actor_slug) for line in selectors.attention_lines()}
    assert ("action_overdue", "fyrbaken") in lines
    assert ("certification_expiring", "norrbro") in lines
    assert not any(slug in ("strandgarden", "bergsgarden") for _kind, slug in lines)


def test_the_demo_profile_is_what_the_referral_facts_come_from(demo_actors):
    solrosen = demo_actors["solrosen"]
    assert (solrosen.places, solrosen.accepts_women, solrosen.accepts_children,
            solrosen.accepts_active_substance_use) == (5, True, True, False)

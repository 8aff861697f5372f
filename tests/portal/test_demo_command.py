import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tenants.utils import tenant_context

from intake.models import Case
from portal.models import Membership, User
from portal.roles import Role
from tenants.models import Actor, Domain

pytestmark = pytest.mark.django_db


def counts(actors):
    per_actor = {}
    for actor in actors:
        with tenant_context(actor):
            per_actor[actor.slug] = Case.objects.count()
    return (Actor.objects.count(), Domain.objects.count(), User.objects.count(),
            Membership.objects.count(), per_actor)


def test_demo_has_every_role_and_three_actors_in_different_regions(demo_actors):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert len({actor.region for actor in demo_actors.values()}) >= 3
    for actor in demo_actors.values():
        assert set(Membership.objects.filter(actor=actor).values_list("role", flat=True)) == {
            Role.ACTOR_ADMIN, Role.ACTOR_STAFF}


@override_settings(NSP_ALLOW_DEMO=True)
def test_demo_command_is_idempotent(demo_actors, capsys):
    before = counts(demo_actors.values())
    call_command("demo")
    call_command("demo", "--quiet")
    assert counts(demo_actors.values()) == before
    printed = capsys.readouterr().out
    assert "samordnare" in printed and "http://lindskyddet.localhost:" in printed


def test_demo_command_refuses_in_production():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")


def test_demo_cases_store_initials_only():
    for actor in Actor.objects.exclude(schema_name="public"):
        with tenant_context(actor):
            for case in Case.objects.all():
                assert len(case.initials.replace(".", "")) <= 3

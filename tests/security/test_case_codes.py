"""Case codes: each actor counts its own cases; the programme's NSP number stays on its side."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from intake.services import case_open
from tenants.models import Application
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db


def _open(actor, user) -> str:
    with tenant_context(actor):
        return case_open(user=user, initials="C.C.", birth_year=1990, nationality="SE", gender="woman").code


def _number(code: str) -> int:
    return int(code.rsplit("-", 1)[1])


def test_another_actors_cases_do_not_move_ones_own_counter(demo_actors, demo_users):
    lind, norr = demo_actors["lindskyddet"], demo_actors["norrbro"]
    first = _open(lind, demo_users["lindskyddet.staff"])
    for _ in range(3):
        _open(norr, demo_users["norrbro.staff"])
    second = _open(lind, demo_users["lindskyddet.staff"])
    assert first.startswith("LIN-") and second.startswith("LIN-")
    assert _number(second) == _number(first) + 1


def test_the_nsp_number_is_given_on_arrival_and_shown_to_the_programme_only(client_at, demo_actors, demo_users):
    application = Application.objects.filter(actor=demo_actors["lindskyddet"]).exclude(nsp_number="").first()
    if application is None:
        pytest.fail("the demo submits applications; one should have arrived with an NSP number")
    assert application.nsp_number.startswith("NSP") and application.nsp_number != application.case_code
    inbox = client_at(PUBLIC_HOST, demo_users["samordnare"]).get("/programme/applications/").content.decode()
    assert application.nsp_number in inbox
    actor_page = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"]).get(
        f"/cases/{application.case_code}/").content.decode()
    assert application.case_code in actor_page and application.nsp_number not in actor_page


def test_a_second_application_of_a_case_keeps_its_nsp_number(demo_actors):
    from tenants.services import application_receive

    actor = demo_actors["norrbro"]
    common = dict(actor=actor, case_code="NOR-9001", year=2025, period=None, ruleset_version="2025.1",
                  outcome="recommend", interventions=[{"code": "x", "amount": 1}], total=1, complementarity=[],
                  rules_fired=[], explanation={}, statistics={}, adjusted_by_staff=False)
    first = application_receive(local_id=990001, **common)
    second = application_receive(local_id=990002, **common)
    other = application_receive(local_id=990003, **dict(common, case_code="NOR-9002"))
    assert first.nsp_number == second.nsp_number != other.nsp_number

"""Deciding applications: the coordinator's four decisions and what reaches the actor."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import CaseApplication, Conversation, Notification
from intake.selectors import case_facts
from intake.services import (
    ApplicationNotAllowed, application_draft, application_submit, case_open, lawful_basis_record,
    recommendation_make,
)
from tenants.models import Application
from tenants.services import DecisionInvalid, application_decide
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(demo_actors, demo_users):
    """A submitted application for worked example 01 at Lindskyddet (rolled back after)."""
    actor, staff = demo_actors["lindskyddet"], demo_users["lindskyddet.staff"]
    document = example("01")["answers"]
    with tenant_context(actor):
        case = case_open(user=staff, initials="E.F.", birth_year=1992, nationality="ER", gender="woman",
                         children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
        answers = intake_flow.fill(script_from_rule_answers(document), case_facts(case), today=date(2025, 3, 1),
                                   fallback=assessment_fallback)
        Conversation.objects.filter(case=case).update(answers=answers)
        local = application_draft(recommendation=recommendation_make(case=case, user=staff), user=staff)
        lawful_basis_record(case=case, user=staff, basis="consent")
        programme_copy = application_submit(application=local, user=staff)
    return actor, local, programme_copy


def local_of(actor, local):
    with tenant_context(actor):
        return CaseApplication.objects.get(pk=local.pk)


def test_refusal_reaches_the_case_with_its_motivation(submitted, demo_users):
    actor, local, programme_copy = submitted
    with schema_context("public"):
        application_decide(application=programme_copy, coordinator=demo_users["samordnare"], kind="refused",
                           motivation="Socialtjänsten har inte tillfrågats.")
    refreshed = local_of(actor, local)
    assert refreshed.status == "refused" and refreshed.granted_total is None
    assert refreshed.decision_motivation == "Socialtjänsten har inte tillfrågats."
    with tenant_context(actor):
        assert Notification.objects.get(kind="decision", data__code=local.case.code).data["decision"] == "refused"


def test_more_information_lets_staff_submit_again(submitted, demo_users):
    actor, local, programme_copy = submitted
    with schema_context("public"):
        application_decide(application=programme_copy, coordinator=demo_users["samordnare"], kind="more_info",
                           motivation="Bifoga socialtjänstens beslut.")
    assert local_of(actor, local).status == "more_info"
    with tenant_context(actor):
        again = application_submit(application=local_of(actor, local), user=demo_users["lindskyddet.staff"])
    assert again.pk == programme_copy.pk and again.status == "submitted"
    with schema_context("public"):
        application_decide(application=again, coordinator=demo_users["samordnare"], kind="granted",
                           motivation="Beviljas.")
        assert Application.objects.get(pk=again.pk).decisions.count() == 2
    assert local_of(actor, local).granted_total == 54600


@pytest.mark.parametrize("kind, motivation, days, code", [
    ("granted", "   ", None, "motivation_required"),
    ("approved", "Ja.", None, "unknown_kind"),
    ("partly_granted", "Delvis.", {0: 30, 1: 30}, "part_needs_reduction"),
    ("partly_granted", "Delvis.", {0: 31}, "days_not_more"),
])
def test_invalid_decisions_are_refused_and_nothing_changes(submitted, demo_users, kind, motivation, days, code):
    actor, local, programme_copy = submitted
    with schema_context("public"), pytest.raises(DecisionInvalid) as refused:
        application_decide(application=programme_copy, coordinator=demo_users["samordnare"], kind=kind,
                           motivation=motivation, days=days)
    assert refused.value.code == code
    with schema_context("public"):
        assert Application.objects.get(pk=programme_copy.pk).status == "submitted"
    assert local_of(actor, local).status == "submitted"


def test_a_decided_application_cannot_be_decided_or_submitted_again(submitted, demo_users):
    actor, local, programme_copy = submitted
    with schema_context("public"):
        application_decide(application=programme_copy, coordinator=demo_users["samordnare"], kind="granted",
                           motivation="Beviljas.")
        with pytest.raises(DecisionInvalid):
            application_decide(application=programme_copy, coordinator=demo_users["samordnare"], kind="refused",
                               motivation="Ändrat mig.")
    with tenant_context(actor), pytest.raises(ApplicationNotAllowed):
        application_submit(application=local_of(actor, local), user=demo_users["lindskyddet.staff"])

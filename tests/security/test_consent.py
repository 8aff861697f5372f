"""Nothing leaves the actor's schema without the person's consent or another lawful basis."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context
from hypothesis import given, settings as hsettings, strategies as st

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.forms import LawfulBasisForm
from intake.models import CaseAuditEntry, Conversation, LawfulBasis
from intake.selectors import case_facts
from intake.services import (
    ApplicationNotAllowed, application_draft, application_submit, case_open, lawful_basis_record,
    lawful_basis_withdraw, recommendation_make,
)
from tenants.models import Application
from tests.helpers import host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.django_db
LIND = host_of_actor("lindskyddet")


@pytest.fixture
def draft(demo_actors, demo_users):
    actor, staff = demo_actors["lindskyddet"], demo_users["lindskyddet.staff"]
    with tenant_context(actor):
        case = case_open(user=staff, initials="G.H.", birth_year=1992, nationality="ER", gender="woman",
                         children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
        answers = intake_flow.fill(script_from_rule_answers(example("01")["answers"]), case_facts(case),
                                   today=date(2025, 3, 1), fallback=assessment_fallback)
        Conversation.objects.filter(case=case).update(answers=answers)
        application = application_draft(recommendation=recommendation_make(case=case, user=staff), user=staff)
    return actor, staff, case, application


def test_without_a_lawful_basis_nothing_is_submitted(draft):
    actor, staff, case, application = draft
    before = Application.objects.count()
    with tenant_context(actor):
        with pytest.raises(ApplicationNotAllowed) as refused:
            application_submit(application=application, user=staff)
    assert refused.value.code == "no_lawful_basis"
    assert Application.objects.count() == before


def test_with_consent_it_is_submitted_and_who_and_when_are_kept(draft):
    actor, staff, case, application = draft
    with tenant_context(actor):
        basis = lawful_basis_record(case=case, user=staff, basis="consent", note="Tolk på tigrinja")
        application_submit(application=application, user=staff)
        stored = LawfulBasis.objects.get(pk=basis.pk)
        assert (stored.recorded_by, stored.basis, stored.note) == (staff, "consent", "Tolk på tigrinja")
        assert stored.recorded_at is not None
        assert CaseAuditEntry.objects.filter(case_code=case.code, action="lawful_basis_record").exists()
    assert Application.objects.filter(case_code=case.code).exists()


def test_after_withdrawal_nothing_more_is_submitted(draft):
    actor, staff, case, application = draft
    with tenant_context(actor):
        lawful_basis_record(case=case, user=staff, basis="vital_interests")
        withdrawn = lawful_basis_withdraw(case=case, user=staff)
        assert withdrawn.withdrawn_by == staff and withdrawn.withdrawn_at is not None
        with pytest.raises(ApplicationNotAllowed):
            application_submit(application=application, user=staff)
        assert CaseAuditEntry.objects.filter(case_code=case.code, action="lawful_basis_withdraw").exists()
        assert LawfulBasis.objects.filter(case=case).count() == 1  # the withdrawal is kept, not deleted


def test_the_case_page_records_it_and_the_application_page_says_why_it_waits(client_at, demo_users, draft):
    actor, staff, case, application = draft
    client = client_at(LIND, demo_users["lindskyddet.staff"])
    refused = client.post(f"/cases/{case.code}/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409 and "lawful basis" in refused.content.decode()
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="lawful-basis"' in page
    invalid = client.post(f"/cases/{case.code}/lawful-basis/", {"basis": "whim"})
    assert invalid.status_code == 422
    assert client.post(f"/cases/{case.code}/lawful-basis/", {"basis": "consent"}).status_code == 302
    assert client.post(f"/cases/{case.code}/applications/{application.pk}/").status_code == 302
    with tenant_context(actor):
        assert LawfulBasis.objects.get(case=case).recorded_by.username == "lindskyddet.staff"


@hsettings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["basis", "note"]), st.text(max_size=3000)))
def test_the_basis_form_takes_any_input(data):
    form = LawfulBasisForm(data)
    if form.is_valid():
        assert form.cleaned_data["basis"] in LawfulBasis.Basis.values
        assert "\x00" not in form.cleaned_data["note"] and len(form.cleaned_data["note"]) <= 2000

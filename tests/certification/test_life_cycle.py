"""The certification's services: onboarding, the visit, the action plan, every step of the
life cycle (audited, with a reason) and the gate on applications."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import CaseApplication, Conversation
from intake.selectors import case_facts
from intake.services import (
    ApplicationNotAllowed, application_draft, application_submit, case_open, lawful_basis_record, recommendation_make,
)
from portal.models import AuditEvent, Membership
from tenants.certification import questions, selectors, services
from tenants.certification.models import ActionItem, Assessment, Invitation, StatusChange
from tenants.models import Actor, Application, CertificationStatus as Status, Domain
from tenants.services import ActorMayNotApply
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(demo_users):
    return demo_users["samordnare"]


@pytest.fixture
def registered(coordinator):
    with schema_context("public"):
        return services.actor_register(name="Stiftelsen Testhuset", slug="testhuset", region="nord", kind="shelter",
                                       contact_name="Maria Kontakt", contact_email="maria@example.org", by=coordinator)


def _all(assessment: str, **extra) -> dict:
    return {item.id: services.Assessed(assessment=assessment, recommendation="" if assessment == "met" else
                                       f"Skriv en rutin för krav {item.number}.", **extra)
            for item in questions.requirements()}


def test_registering_creates_a_tenant_with_its_host_file_and_a_one_time_invitation(registered, coordinator):
    actor = registered.actor
    assert actor.certification == Status.PROFILE and actor.region == "nord"
    assert Domain.objects.filter(tenant=actor, is_primary=True).first().domain.startswith("testhuset.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s "
                       "AND table_name = 'intake_case'", [actor.schema_name])
        assert cursor.fetchone()[0] == 1
    assert actor.certification_file.contact_name == "Maria Kontakt"
    invitation = Invitation.objects.get(actor=actor)
    assert registered.token not in invitation.token_hash and len(registered.token) > 30
    assert AuditEvent.objects.filter(action="actor_registered", detail__actor="testhuset", user=coordinator).exists()


def test_a_taken_or_malformed_short_name_is_refused(registered, coordinator):
    for slug in ("testhuset", "Bad Name", "a", "public", "x--y"):
        with pytest.raises(services.CertificationInvalid) as refused:
            services.actor_register(name="X", slug=slug, region="nord", kind="shelter", contact_name="A",
                                    contact_email="a@example.org", by=coordinator)
        assert refused.value.field == "slug"


def test_the_invitation_makes_the_first_administrator_once(registered):
    actor = registered.actor
    user = services.invitation_accept(actor=actor, token=registered.token, username="testhuset.chef",
                                      password="ett långt och ovanligt lösenord 77")
    assert Membership.objects.filter(user=user, actor=actor, role="actor_admin").exists()
    assert user.check_password("ett långt och ovanligt lösenord 77")
    with pytest.raises(services.CertificationInvalid):
        services.invitation_accept(actor=actor, token=registered.token, username="someone.else",
                                   password="ett långt och ovanligt lösenord 77")
    assert AuditEvent.objects.filter(action="invitation_accepted", user=user).exists()


def test_an_expired_or_foreign_invitation_opens_nothing(registered, demo_actors):
    assert services.invitation_open(actor=demo_actors["norrbro"], token=registered.token) is None
    Invitation.objects.filter(actor=registered.actor).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.invitation_open(actor=registered.actor, token=registered.token) is None


def test_a_weak_password_is_refused_with_the_validators_words(registered):
    with pytest.raises(services.CertificationInvalid) as refused:
        services.invitation_accept(actor=registered.actor, token=registered.token, username="testhuset.chef",
                                   password="12345678")
    assert refused.value.field == "password1" and refused.value.code


def test_the_visit_assesses_all_25_and_turns_what_is_not_met_into_actions(registered, coordinator):
    actor = registered.actor
    given = _all("met")
    given["mc13"] = services.Assessed("not_met", "Skriv en klagomålsrutin.", owner="Maria", deadline=None)
    given["mc23"] = services.Assessed("partly", "Öva säkerheten två gånger om året.")
    today = timezone.localdate()
    created = services.visit_record(actor=actor, visited_on=today, assessments=given, by=coordinator)
    assert [a.requirement for a in created] == ["mc13", "mc23"]
    assert created[0].owner == "Maria" and created[1].owner == "Maria Kontakt"
    assert all(a.deadline == today + timedelta(days=services.DEFAULT_ACTION_DAYS) for a in created)
    actor.refresh_from_db()
    assert actor.certification == Status.VISITED
    change = StatusChange.objects.get(actor=actor, event="visit")
    assert (change.before, change.after) == (Status.PROFILE, Status.VISITED)
    assert AuditEvent.objects.filter(action="certification_status", detail__event="visit").exists()
    assert selectors.answers_by_requirement(actor)["mc13"].assessment == Assessment.NOT_MET


def test_a_visit_needs_every_assessment_and_a_recommendation_where_not_met(registered, coordinator):
    given = _all("met")
    del given["mc25"]
    with pytest.raises(services.CertificationInvalid) as refused:
        services.visit_record(actor=registered.actor, visited_on=timezone.localdate(), assessments=given,
                              by=coordinator)
    assert refused.value.field == "assessment_mc25"
    given = _all("met")
    given["mc01"] = services.Assessed("not_met", "  ")
    with pytest.raises(services.CertificationInvalid) as refused:
        services.visit_record(actor=registered.actor, visited_on=timezone.localdate(), assessments=given,
                              by=coordinator)
    assert refused.value.field == "recommendation_mc01"
    assert Actor.objects.get(pk=registered.actor.pk).certification == Status.PROFILE


def test_the_whole_life_cycle_each_step_audited_with_its_reason(registered, coordinator):
    actor = registered.actor
    today = timezone.localdate()
    services.visit_record(actor=actor, visited_on=today, assessments=_all("met"), by=coordinator)
    steps = [
        ("certify", dict(valid_until=today + timedelta(days=730)), Status.CERTIFIED),
        ("follow_up_start", {}, Status.FOLLOW_UP),
        ("follow_up_done", {}, Status.CERTIFIED),
        ("recertification_due", {}, Status.RECERTIFICATION_DUE),
        ("certify", dict(valid_until=today + timedelta(days=1000)), Status.CERTIFIED),
        ("suspend", {}, Status.SUSPENDED),
        ("certify", dict(valid_until=today + timedelta(days=300)), Status.CERTIFIED),
        ("end", {}, Status.ENDED),
    ]
    for event, extra, after in steps:
        services.status_change(actor=actor, event=event, reason=f"Skäl för {event}", by=coordinator, **extra)
        actor.refresh_from_db()
        assert actor.certification == after, event
    assert actor.certified_until == today + timedelta(days=300)
    changes = list(StatusChange.objects.filter(actor=actor).exclude(event__in=["register", "visit"])
                   .order_by("changed_at", "pk"))
    assert [c.event for c in changes] == [event for event, _, _ in steps]
    assert all(c.reason == f"Skäl för {c.event}" and c.changed_by == coordinator for c in changes)
    audited = AuditEvent.objects.filter(action="certification_status", detail__actor=actor.slug)
    assert audited.count() == len(steps) + 1  # and the visit


def test_the_reason_is_sealed_at_rest(registered, coordinator):
    services.status_change(actor=registered.actor, event="suspend", reason="Hemlig anledning", by=coordinator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM certification_statuschange WHERE event = 'suspend' AND actor_id = %s",
                       [registered.actor.pk])
        assert cursor.fetchone()[0].startswith("enc1:")


@pytest.mark.parametrize("event,extra,code", [
    ("certify", {"valid_until": date(2099, 1, 1)}, "not_from_here"),  # from "profile": visit first
    ("follow_up_start", {}, "not_from_here"),
    ("nonsense", {}, "unknown_event"),
    ("suspend", {"valid_until": date(2030, 1, 1)}, "valid_until_only_certify"),
])
def test_steps_not_in_the_table_are_refused(registered, coordinator, event, extra, code):
    with pytest.raises(services.CertificationInvalid) as refused:
        services.status_change(actor=registered.actor, event=event, reason="x", by=coordinator, **extra)
    assert refused.value.code == code


def test_no_step_without_a_reason_and_no_certification_without_a_sensible_validity(registered, coordinator):
    with pytest.raises(services.CertificationInvalid) as refused:
        services.status_change(actor=registered.actor, event="suspend", reason=" \x00 ", by=coordinator)
    assert refused.value.code == "reason_required"
    services.visit_record(actor=registered.actor, visited_on=timezone.localdate(), assessments=_all("met"),
                          by=coordinator)
    for valid_until, code in ((None, "valid_until_required"), (timezone.localdate(), "valid_until_range"),
                              (date(2099, 1, 1), "valid_until_range")):
        with pytest.raises(services.CertificationInvalid) as refused:
            services.status_change(actor=registered.actor, event="certify", reason="ok", by=coordinator,
                                   valid_until=valid_until)
        assert refused.value.code == code


def test_validity_ending_soon_marks_recertification_due(registered, coordinator):
    actor = registered.actor
    today = timezone.localdate()
    services.visit_record(actor=actor, visited_on=today, assessments=_all("met"), by=coordinator)
    services.status_change(actor=actor, event="certify", reason="ok", by=coordinator,
                           valid_until=today + timedelta(days=60))
    due = services.recertifications_mark_due(today=today)
    assert actor.pk in {a.pk for a in due}
    actor.refresh_from_db()
    assert actor.certification == Status.RECERTIFICATION_DUE
    lines = selectors.attention_lines(today=today, actor=actor)
    assert [line.kind for line in lines] == ["certification_expiring"]


def test_overdue_actions_are_lines_for_the_start_pages(registered, coordinator):
    actor = registered.actor
    today = timezone.localdate()
    action = services.action_add(actor=actor, description="Rutin för ensamarbete", owner="Maria",
                                 deadline=today + timedelta(days=1), by=coordinator)
    assert selectors.attention_lines(today=today, actor=actor) == []
    later = today + timedelta(days=3)
    lines = selectors.attention_lines(today=later, actor=actor)
    assert [(line.kind, line.actor_slug, line.count) for line in lines] == [("action_overdue", "testhuset", 1)]
    assert any(line.actor_slug == "testhuset" for line in selectors.attention_lines(today=later))
    services.action_progress(actor=actor, action=action, progress="Klar och antagen av styrelsen", done=True,
                             by=coordinator)
    assert selectors.attention_lines(today=later, actor=actor) == []
    assert AuditEvent.objects.filter(action="certification_action_progress", detail__item=action.pk).exists()


def test_an_action_of_another_actor_cannot_be_reported_on(registered, coordinator, demo_actors):
    action = services.action_add(actor=registered.actor, description="Rutin", owner="Maria",
                                 deadline=timezone.localdate() + timedelta(days=5), by=coordinator)
    with pytest.raises(ActionItem.DoesNotExist):
        services.action_progress(actor=demo_actors["norrbro"], action=action, progress="x", done=True,
                                 by=coordinator)


# --- The gate ------------------------------------------------------------------------------


def _receive(actor):
    from tenants.services import application_receive

    return application_receive(
        actor=actor, local_id=990001, case_code="T-1", year=2025, period=(date(2025, 3, 1), date(2025, 3, 30)),
        ruleset_version="2025.1", outcome="recommend", interventions=[{"code": "reflection", "amount": 100}],
        total=100, complementarity=[], rules_fired=[], explanation={}, statistics={}, adjusted_by_staff=False)


@pytest.mark.parametrize("status", [Status.PROFILE, Status.VISITED, Status.SUSPENDED, Status.ENDED])
def test_the_programme_refuses_an_application_from_an_actor_that_may_not_apply(registered, status):
    Actor.objects.filter(pk=registered.actor.pk).update(certification=status)
    with pytest.raises(ActorMayNotApply):
        _receive(registered.actor)
    assert not Application.objects.filter(actor=registered.actor).exists()


@pytest.mark.parametrize("status", [Status.CERTIFIED, Status.FOLLOW_UP, Status.RECERTIFICATION_DUE])
def test_a_certified_actor_may_apply(registered, status):
    Actor.objects.filter(pk=registered.actor.pk).update(certification=status)
    assert _receive(registered.actor).actor_id == registered.actor.pk


def test_a_suspended_actors_staff_are_told_why_and_keep_reading_the_case(demo_actors, demo_users, client_at):
    actor, staff = demo_actors["lindskyddet"], demo_users["lindskyddet.staff"]
    with tenant_context(actor):
        case = case_open(user=staff, initials="G.H.", birth_year=1990, nationality="ER", gender="woman", children=[])
        answers = intake_flow.fill(script_from_rule_answers(example("01")["answers"]), case_facts(case),
                                   today=date(2025, 3, 1), fallback=assessment_fallback)
        Conversation.objects.filter(case=case).update(answers=answers)
        local = application_draft(recommendation=recommendation_make(case=case, user=staff), user=staff)
        lawful_basis_record(case=case, user=staff, basis="consent")
    suspended = Actor.objects.get(pk=actor.pk)
    suspended.certification = Status.SUSPENDED
    with schema_context("public"):
        suspended.save()  # as status_change saves it: the host cache forgets the actor
    with tenant_context(Actor.objects.get(pk=actor.pk)):
        with pytest.raises(ApplicationNotAllowed) as refused:
            application_submit(application=local, user=staff)
        assert refused.value.code == "actor_not_certified"
        assert CaseApplication.objects.get(pk=local.pk).status == "draft"
    from tests.helpers import host_of_actor

    client = client_at(host_of_actor("lindskyddet"), staff)
    page = client.get(f"/cases/{case.code}/")
    assert page.status_code == 200 and b'data-testid="certification-block"' in page.content
    refused_page = client.post(f"/cases/{case.code}/applications/{local.pk}/")
    assert refused_page.status_code == 409
    assert "Only a certified actor may apply" in refused_page.content.decode() or \
        "Endast en certifierad" in refused_page.content.decode()


def test_the_daily_command_marks_recertification_due_and_prints_the_lines(registered, coordinator, capsys):
    from django.core.management import call_command

    actor = registered.actor
    today = timezone.localdate()
    services.visit_record(actor=actor, visited_on=today, assessments=_all("met"), by=coordinator)
    services.status_change(actor=actor, event="certify", reason="ok", by=coordinator,
                           valid_until=today + timedelta(days=30))
    call_command("certification_daily")
    printed = capsys.readouterr().out
    assert "re-certification due: testhuset" in printed and "certification_expiring: testhuset" in printed
    actor.refresh_from_db()
    assert actor.certification == Status.RECERTIFICATION_DUE
    assert StatusChange.objects.filter(actor=actor, event="recertification_due", changed_by=None).exists()

"""The intake-to-decision path lets no wrong money out (issue 8, items 1–5).

One application per recommendation and per period (also under a double click, two tabs
and concurrent requests), no application from an outdated recommendation, adjustments
within the year's limits, decisions that cannot be sent half-written and can be corrected,
and plain words when a year has no rules.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import CaseApplication, CaseAuditEntry, CaseDecision, Conversation, Recommendation
from intake.selectors import case_facts
from intake.services import (
    ApplicationNotAllowed, answer_give, application_draft, application_submit, case_open, lawful_basis_record,
    period_of,
    recommendation_make,
)
from tenants.models import Application, Decision
from tenants.services import application_decide
from tenants.years.models import ProgrammeYear, ProgrammeYearStatus
from tenants.years.rulesets import clear_cache
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


def _answered_case(staff, *, initials="M.P.", example_no="01", **changes):
    """A case whose whole intake is answered from a worked example (inside the actor's schema)."""
    document = dict(example(example_no)["answers"], **changes)
    today = date.fromisoformat(document["application_date"])
    case = case_open(user=staff, initials=initials, birth_year=1992, nationality="ER", gender="woman",
                     children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
    answers = intake_flow.fill(script_from_rule_answers(document), case_facts(case), today=today,
                               fallback=assessment_fallback)
    Conversation.objects.filter(case=case).update(answers=answers)
    lawful_basis_record(case=case, user=staff, basis="consent")  # submitting needs it
    return case


@pytest.fixture
def actor(demo_actors):
    return demo_actors[ACTOR]


@pytest.fixture
def staff_user(demo_users):
    return demo_users[f"{ACTOR}.staff"]


@pytest.fixture
def staff(client_at, staff_user):
    return client_at(host_of_actor(ACTOR), staff_user)


@pytest.fixture
def coordinator(client_at, demo_users):
    return client_at(PUBLIC_HOST, demo_users["samordnare"])


@pytest.fixture
def recommended(actor, staff_user):
    with tenant_context(actor):
        case = _answered_case(staff_user)
        return case, recommendation_make(case=case, user=staff_user)


# --- 1. One application per case and period ------------------------------------------------


def test_asking_twice_gives_the_same_draft(actor, staff, recommended):
    case, recommendation = recommended
    first = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/apply/")
    second = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/apply/")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    with tenant_context(actor):
        assert CaseApplication.objects.filter(case=case).count() == 1


def test_create_application_is_not_offered_once_applied(actor, staff, staff_user, recommended):
    case, recommendation = recommended
    page = staff.get(f"/cases/{case.code}/").content.decode()
    assert f"/recommendation/{recommendation.pk}/apply/" in page
    with tenant_context(actor):
        application_submit(application=application_draft(recommendation=recommendation, user=staff_user),
                           user=staff_user)
    page = staff.get(f"/cases/{case.code}/").content.decode()
    assert f"/recommendation/{recommendation.pk}/apply/" not in page
    assert "Application from this recommendation" in page or "Ansökan från denna rekommendation" in page


def test_a_second_recommendation_for_a_granted_period_cannot_be_applied_for(actor, staff_user, demo_users):
    with tenant_context(actor):
        case = _answered_case(staff_user)
        first = application_draft(recommendation=recommendation_make(case=case, user=staff_user), user=staff_user)
        programme_copy = application_submit(application=first, user=staff_user)
    with schema_context("public"):
        application_decide(application=programme_copy, coordinator=demo_users["samordnare"], kind="granted",
                           motivation="Beviljas.")
    with tenant_context(actor):
        again = recommendation_make(case=case, user=staff_user)  # the same answers: the same 30 days
        with pytest.raises(ApplicationNotAllowed) as refused:
            application_draft(recommendation=again, user=staff_user)
        assert refused.value.code == "overlaps"
        assert CaseApplication.objects.filter(case=case).count() == 1


def test_the_next_period_is_a_new_application(actor, staff_user, demo_users):
    with tenant_context(actor):
        case = _answered_case(staff_user)
        first = application_draft(recommendation=recommendation_make(case=case, user=staff_user), user=staff_user)
        programme_copy = application_submit(application=first, user=staff_user)
    with schema_context("public"):
        application_decide(application=programme_copy, coordinator=demo_users["samordnare"], kind="granted",
                           motivation="Beviljas.")
    with tenant_context(actor):
        conversation = Conversation.objects.get(case=case)
        first.refresh_from_db()
        last_day = first.period.upper - timedelta(days=1)  # PostgreSQL keeps [first, day after)
        answers = dict(conversation.answers, period_start=(last_day + timedelta(days=1)).isoformat())
        Conversation.objects.filter(pk=conversation.pk).update(answers=answers, revision=conversation.revision + 1)
        following = application_draft(recommendation=recommendation_make(case=case, user=staff_user),
                                      user=staff_user)
        assert following.pk != first.pk and following.period.lower == last_day + timedelta(days=1)


def test_the_database_refuses_overlapping_periods_whatever_the_code_does(actor, staff_user, recommended):
    case, recommendation = recommended
    with tenant_context(actor):
        first = application_draft(recommendation=recommendation, user=staff_user)
        other = Recommendation.objects.create(
            case=case, created_by=staff_user, year=recommendation.year, ruleset_version="x", answers={},
            result=recommendation.result, answers_revision=recommendation.answers_revision)
        with pytest.raises(IntegrityError), transaction.atomic():
            CaseApplication.objects.create(case=case, recommendation=other, year=first.year, period=first.period,
                                           interventions=first.interventions, total=first.total,
                                           created_by=staff_user)
        with pytest.raises(IntegrityError), transaction.atomic():  # one application per recommendation
            CaseApplication.objects.create(case=case, recommendation=recommendation, year=first.year,
                                           period=None, interventions=[], total=0, created_by=staff_user)
        refused = CaseApplication.objects.create(
            case=case, recommendation=other, year=first.year, period=first.period, interventions=[], total=0,
            created_by=staff_user, status="refused")  # a refused application binds nothing
        assert refused.pk


def test_the_inbox_flags_overlapping_applications_of_a_case(actor, coordinator):
    with schema_context("public"):
        period = period_of([{"start": "2025-03-01", "end": "2025-03-30"}])
        for local_id in (9001, 9002):
            Application.objects.create(actor=actor, local_id=local_id, case_code="NSP999", year=2025, period=period,
                                       ruleset_version="2025.1", outcome="recommend", total=39600,
                                       interventions=[{"code": "reflection", "days": 30, "amount": 39600}],
                                       intervention_codes=["reflection"])
        lone = Application.objects.create(actor=actor, local_id=9003, case_code="NSP998", year=2025, period=period,
                                          ruleset_version="2025.1", outcome="recommend", total=1,
                                          interventions=[], intervention_codes=[])
    html = coordinator.get("/programme/applications/?actor=lindskyddet").content.decode()
    rows = {row.split("</th>")[0].rsplit(">", 2)[-2].split("<")[0]: row for row in html.split("<tr>")[2:]}
    assert 'data-testid="overlap-flag"' in rows["NSP999"]
    assert 'data-testid="overlap-flag"' not in rows["NSP998"]
    detail = coordinator.get(f"/programme/applications/{lone.pk + 0}/").content.decode()
    assert 'data-testid="overlap-warning"' not in detail


# --- 2. No stale recommendation -----------------------------------------------------------------


def test_changing_an_answer_makes_the_recommendation_outdated(actor, staff, staff_user, recommended):
    case, recommendation = recommended
    with tenant_context(actor):
        outcome_id = next(key for key in Conversation.objects.get(case=case).answers if key.endswith(".outcome"))
    response = staff.post(f"/cases/{case.code}/intake/answer/", {"question_id": outcome_id, "value": "pending"})
    assert response.status_code == 302
    page = staff.get(f"/cases/{case.code}/").content.decode()
    with tenant_context(actor):
        assert case.__class__.objects.get(pk=case.pk).status == "intake"
    assert 'data-testid="recommendation-outdated"' in page
    assert f"/recommendation/{recommendation.pk}/apply/" not in page
    refused = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/apply/")
    assert refused.status_code == 409
    with tenant_context(actor):
        assert not CaseApplication.objects.filter(case=case).exists()


def test_a_draft_from_an_outdated_recommendation_cannot_be_submitted(actor, staff, staff_user, recommended):
    case, recommendation = recommended
    with tenant_context(actor):
        draft = application_draft(recommendation=recommendation, user=staff_user)
        answer_give(case=case, user=staff_user, question_id="acute", raw="yes" if Conversation.objects.get(
            case=case).answers.get("acute") == "no" else "no", lang="en")
    response = staff.post(f"/cases/{case.code}/applications/{draft.pk}/")
    assert response.status_code == 409
    assert 'data-testid="application-outdated"' in response.content.decode()
    with tenant_context(actor):
        assert CaseApplication.objects.get(pk=draft.pk).status == "draft"
    with schema_context("public"):
        assert not Application.objects.filter(actor=actor, local_id=draft.pk).exists()


def test_a_new_recommendation_brings_the_unsent_draft_up_to_date(actor, staff_user, recommended):
    case, recommendation = recommended
    with tenant_context(actor):
        draft = application_draft(recommendation=recommendation, user=staff_user)
        Conversation.objects.filter(case=case).update(revision=99)
        again = recommendation_make(case=case, user=staff_user)
        updated = application_draft(recommendation=again, user=staff_user)
        assert updated.pk == draft.pk and updated.recommendation_id == again.pk
        assert CaseApplication.objects.filter(case=case).count() == 1


# --- 3. Adjustments within the year's rules ------------------------------------------------------


@pytest.mark.parametrize("field, value", [("days_0", "366"), ("days_0", "-1"), ("days_0", "3000000000"),
                                          ("days_0", "1" * 5000), ("days_0", "abc"), ("days_1", "31")])
def test_adjusted_days_stay_within_the_years_limit(actor, staff, recommended, field, value):
    case, recommendation = recommended
    data = {"days_0": "30", "days_1": "30", "reason": "Personen flyttar tidigare.", field: value}
    response = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/adjust/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and 'class="error-summary"' in html
    with tenant_context(actor):
        assert Recommendation.objects.get(pk=recommendation.pk).adjusted_interventions is None


def test_lowering_days_recomputes_the_amount_and_keeps_the_reason(actor, staff, recommended):
    case, recommendation = recommended
    response = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/adjust/",
                          {"days_0": "20", "days_1": "20", "reason": "Kommunen tar över den 21:a."})
    assert response.status_code == 302
    with tenant_context(actor):
        adjusted = Recommendation.objects.get(pk=recommendation.pk)
        assert [item["days"] for item in adjusted.interventions] == [20, 20]
        assert adjusted.total == 20 * 1320 + 20 * 500 and adjusted.adjusted_reason == "Kommunen tar över den 21:a."


def test_a_child_supplement_cannot_outlast_its_period(actor, staff, recommended):
    case, recommendation = recommended
    response = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/adjust/",
                          {"days_0": "10", "days_1": "30", "reason": "Test"})
    assert response.status_code == 422 and 'id="id_days_1_error"' in response.content.decode()


def test_a_point_item_amount_has_an_upper_bound(actor, staff_user, staff):
    with tenant_context(actor):
        case = _answered_case(staff_user, need="specific", specific_items=[{"item": "interpreter", "cost": 1200}])
        recommendation = recommendation_make(case=case, user=staff_user)
        fields = [f"amount_{i}" for i, item in enumerate(recommendation.result["interventions"]) if not item.get("days")]
    assert fields, "an interpreter is a point item"
    response = staff.post(f"/cases/{case.code}/recommendation/{recommendation.pk}/adjust/",
                          {fields[0]: "3000000000", "reason": "Mer"})
    assert response.status_code == 422 and f'id="id_{fields[0]}_error"' in response.content.decode()


# --- 4. Decisions ----------------------------------------------------------------------------------


@pytest.fixture
def submitted(actor, staff_user, recommended):
    case, recommendation = recommended
    with tenant_context(actor):
        local = application_draft(recommendation=recommendation, user=staff_user)
        programme_copy = application_submit(application=local, user=staff_user)
    return case, local, programme_copy


def test_the_unedited_template_cannot_be_sent(coordinator, submitted):
    _case, _local, programme_copy = submitted
    page = coordinator.get(f"/programme/applications/{programme_copy.pk}/")
    template = page.context["form"].initial["motivation"]
    assert "[" in template
    response = coordinator.post(f"/programme/applications/{programme_copy.pk}/",
                                {"kind": "granted", "motivation": template})
    assert response.status_code == 200 and 'id="id_motivation_error"' in response.content.decode()
    with schema_context("public"):
        assert not Decision.objects.filter(application=programme_copy).exists()


@pytest.mark.parametrize("extra", [{"days_abc": "1"}, {"amount_-1": "5"}, {"days_0\x00": "1"}, {"days_99": "1"}])
def test_odd_field_names_are_ignored_never_a_server_error(coordinator, submitted, extra):
    _case, _local, programme_copy = submitted
    response = coordinator.post(f"/programme/applications/{programme_copy.pk}/",
                                {"kind": "partly_granted", "motivation": "Delvis.", "days_0": "20", **extra})
    assert response.status_code == 302
    with schema_context("public"):
        decision = Decision.objects.get(application=programme_copy)
        assert [item["days"] for item in decision.granted_interventions] == [20, 30]


def test_a_bad_number_is_a_form_error_not_a_silent_zero(coordinator, submitted):
    _case, _local, programme_copy = submitted
    response = coordinator.post(f"/programme/applications/{programme_copy.pk}/",
                                {"kind": "partly_granted", "motivation": "Delvis.", "days_0": "abc"})
    assert response.status_code == 200 and 'id="id_days_0_error"' in response.content.decode()
    with schema_context("public"):
        assert not Decision.objects.filter(application=programme_copy).exists()


def test_a_correction_supersedes_the_decision_and_the_actor_sees_both(actor, coordinator, staff, submitted,
                                                                      django_capture_on_commit_callbacks):
    case, local, programme_copy = submitted
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/programme/applications/{programme_copy.pk}/", {"kind": "granted", "motivation": "Beviljas."})
        response = coordinator.post(f"/programme/applications/{programme_copy.pk}/", {
            "kind": "partly_granted", "motivation": "Rättelse: 20 dygn, kommunen tar över.", "days_0": "20",
            "days_1": "20"})
    assert response.status_code == 302
    with schema_context("public"):
        first, correction = Decision.objects.filter(application=programme_copy).order_by("pk")
        assert correction.supersedes_id == first.pk
        assert Application.objects.get(pk=programme_copy.pk).granted_total == 20 * 1320 + 20 * 500
    with tenant_context(actor):
        decisions = CaseDecision.objects.filter(application=local).order_by("pk")
        assert [d.kind for d in decisions] == ["granted", "partly_granted"]
        assert decisions[1].supersedes_id == decisions[0].pk
        assert CaseApplication.objects.get(pk=local.pk).period.upper == date(2025, 3, 21)  # 20 days, [) bounds
    page = staff.get(f"/cases/{case.code}/").content.decode()
    assert "Rättelse: 20 dygn" in page and "Beviljas." in page
    assert page.count('data-testid="decision"') == 2


def test_a_decision_from_a_stale_page_is_refused(coordinator, submitted):
    _case, _local, programme_copy = submitted
    coordinator.post(f"/programme/applications/{programme_copy.pk}/", {"kind": "refused", "motivation": "Avslag."})
    with schema_context("public"):
        in_force = Decision.objects.get(application=programme_copy)
        with pytest.raises(Exception) as refused:
            application_decide(application=programme_copy, coordinator=in_force.decided_by, kind="granted",
                               motivation="Beviljas.")
        assert getattr(refused.value, "code", "") == "already_decided"


# --- 5. The current year -----------------------------------------------------------------------------


@pytest.fixture
def without_2026():
    ProgrammeYear.objects.filter(year=2026).update(status=ProgrammeYearStatus.DRAFT)
    clear_cache()
    yield
    clear_cache()


def test_a_period_start_in_a_year_without_rules_is_said_at_the_question(actor, staff_user, without_2026):
    with tenant_context(actor):
        case = case_open(user=staff_user, initials="Y.Y.", birth_year=1990, nationality="SE", gender="woman")
        outcome = answer_give(case=case, user=staff_user, question_id="period_start", raw="2026-03-01", lang="sv")
        assert outcome.notice and "2026" in outcome.notice[0] and "period_start" not in outcome.notice[0]
        # Within the flow's window (at most a year ahead) but past the year after the rules.
        with pytest.raises(intake_flow.AnswerInvalid) as refused:
            answer_give(case=case, user=staff_user, question_id="period_start", raw="2027-03-01", lang="en",
                        today=date(2026, 6, 1))
        assert "2016–2026" in refused.value.message("en")
        # Further ahead the question's own window refuses it first.
        with pytest.raises(intake_flow.AnswerInvalid) as refused:
            answer_give(case=case, user=staff_user, question_id="period_start", raw="2031-03-01", lang="en",
                        today=date(2026, 6, 1))
        assert refused.value.code == "date_too_late" and "2027-06-02" in refused.value.message("en")


def test_a_recommendation_for_a_year_without_rules_says_so_in_plain_words(actor, staff, staff_user, without_2026):
    with tenant_context(actor):
        case = _answered_case(staff_user, initials="Z.Z.")
        conversation = Conversation.objects.get(case=case)
        Conversation.objects.filter(pk=conversation.pk).update(
            answers=dict(conversation.answers, period_start="2026-02-01", application_date="2026-02-01"))
    response = staff.post(f"/cases/{case.code}/recommendation/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 409
    assert "no programme rules in effect for 2026" in html and "period_start" not in html


def test_the_coordinator_is_warned_when_this_year_has_no_rules(coordinator, demo_users):
    from django.utils import timezone

    from tenants.years import services as years

    this_year = timezone.localdate().year
    ProgrammeYear.objects.filter(year=this_year).update(status=ProgrammeYearStatus.DRAFT)
    clear_cache()
    html = coordinator.get("/programme/applications/").content.decode()
    assert 'data-testid="missing-year"' in html and 'href="/programme/years/"' in html
    stored = ProgrammeYear.objects.filter(year=this_year).first() or years.programme_year_derive(
        base_year=2025, year=this_year, user=demo_users["samordnare"])
    years.programme_year_activate(programme_year=stored, user=demo_users["samordnare"])
    clear_cache()
    html = coordinator.get("/programme/applications/").content.decode()
    assert 'data-testid="missing-year"' not in html
    clear_cache()


# --- 6. Evidence the coordinator can judge -------------------------------------------------------------


def test_the_programme_gets_each_request_with_its_reason_category_never_the_free_text(actor, staff_user):
    with tenant_context(actor):
        case = _answered_case(staff_user, initials="R.C.")
        conversation = Conversation.objects.get(case=case)
        answers = dict(conversation.answers)
        answers["authority.social_services.asked_for"] = ["shelter", "financial_support"]
        answers["referred_by"] = "regional_coordinator"
        for request, outcome in (("shelter", "refused"), ("financial_support", "no_decision")):
            prefix = f"authority.social_services.request.{request}"
            answers.update({f"{prefix}.outcome": outcome, f"{prefix}.written_decision": "no",
                            f"{prefix}.reason_category": "no_personal_number",
                            f"{prefix}.reason": "Hon har inget personnummer, sa handläggaren"})
        if "social_services" not in answers["complementarity.authorities"]:
            answers["complementarity.authorities"] = answers["complementarity.authorities"] + ["social_services"]
        Conversation.objects.filter(pk=conversation.pk).update(answers=intake_flow.prune(answers, case_facts(case))[0])
        programme_copy = application_submit(
            application=application_draft(recommendation=recommendation_make(case=case, user=staff_user),
                                          user=staff_user), user=staff_user)
    with schema_context("public"):
        stored = Application.objects.get(pk=programme_copy.pk)
        social = [row for row in stored.complementarity if row["authority"] == "social_services"]
        assert {(row["asked_for"], row["outcome"], row["reason_category"]) for row in social} == {
            ("shelter", "refused", "no_personal_number"), ("financial_support", "no_decision", "no_personal_number")}
        assert stored.statistics["referred_by"] == "regional_coordinator"
        assert "no_personal_number" in stored.statistics["not_obtained_reasons"]
        assert "personnummer, sa" not in repr(stored.__dict__)

"""After the first decision (issue 9): admission, early ends, clocks, extensions, closing.

Every rule of the follow-up against a real PostgreSQL, through the services and pages the
actor's staff and the coordinator use.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.followup import services as followup
from intake.followup.models import PriorDays
from intake.followup.selectors import clocks_of
from intake.models import CaseApplication, CaseAuditEntry, Conversation, Recommendation
from intake.selectors import case_facts
from intake.services import application_draft, recommendation_make
from tenants.followup.models import Admission, PeriodEnd
from tenants.services import DecisionInvalid
from tests.followup.followup_helpers import answered_case, apply_and_decide, fill_missing
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


@pytest.fixture
def actor(demo_actors):
    return demo_actors[ACTOR]


@pytest.fixture
def staff_user(demo_users):
    return demo_users[f"{ACTOR}.staff"]


@pytest.fixture
def coordinator_user(demo_users):
    return demo_users["samordnare"]


@pytest.fixture
def granted(actor, staff_user, coordinator_user):
    """A case granted its 30-day reflection period, 2025-03-01 to 2025-03-30."""
    with tenant_context(actor):
        case = answered_case(staff_user)
    local, programme_copy = apply_and_decide(actor, staff_user, coordinator_user, case)
    return case, local, programme_copy


# --- (1) Admission is a decision of its own -------------------------------------------------------


def test_the_first_grant_admits_the_person_once(actor, staff_user, coordinator_user, granted):
    case, _local, programme_copy = granted
    with schema_context("public"):
        admission = Admission.objects.get(actor=actor, case_code=case.code)
        assert admission.kind == "granted" and admission.application_id == programme_copy.pk
    with tenant_context(actor):
        followup.extension_start(case=case, user=staff_user, today=date(2025, 3, 25))
        fill_missing(case)
    apply_and_decide(actor, staff_user, coordinator_user, case, admission="refused")  # not asked again: ignored
    with schema_context("public"):
        assert list(Admission.objects.filter(actor=actor, case_code=case.code).values_list("kind", flat=True)) == [
            "granted"]


def test_a_refused_admission_cannot_come_with_granted_interventions(actor, staff_user, coordinator_user):
    with tenant_context(actor):
        case = answered_case(staff_user, initials="A.R.")
    with pytest.raises(DecisionInvalid) as refused:
        apply_and_decide(actor, staff_user, coordinator_user, case, admission="refused")
    assert refused.value.field == "admission" and refused.value.code == "admission_refused_grants"


def test_the_coordinator_decides_admission_on_the_first_application_page(actor, staff_user, client_at,
                                                                          coordinator_user):
    from intake.documents.demo import required_plans_sign
    from intake.services import application_submit

    with tenant_context(actor):
        case = answered_case(staff_user, initials="A.P.")
        recommendation = recommendation_make(case=case, user=staff_user)
        required_plans_sign(case=case, user=staff_user, recommendation=recommendation)
        programme_copy = application_submit(application=application_draft(recommendation=recommendation,
                                                                          user=staff_user), user=staff_user)
    coordinator = client_at(PUBLIC_HOST, coordinator_user)
    page = coordinator.get(f"/programme/applications/{programme_copy.pk}/").content.decode()
    assert 'name="admission"' in page and 'data-testid="admission"' in page
    response = coordinator.post(f"/programme/applications/{programme_copy.pk}/", {
        "admission": "refused", "kind": "granted", "motivation": "Beviljas."})
    assert response.status_code == 200  # refused admission and a grant: an error on the form
    response = coordinator.post(f"/programme/applications/{programme_copy.pk}/", {
        "admission": "refused", "kind": "refused", "motivation": "Avslås: utanför målgruppen."})
    assert response.status_code == 302
    with schema_context("public"):
        assert Admission.objects.get(actor=actor, case_code=case.code).kind == "refused"


# --- (2) A period can end early -----------------------------------------------------------------


def test_an_early_end_counts_only_the_days_used_and_releases_the_rest(actor, staff_user, granted):
    case, local, programme_copy = granted
    with tenant_context(actor):
        assert clocks_of(case, today=date(2025, 3, 10)).clock("reflection").used == 30
        followup.period_end_report(application=local, user=staff_user, ended_on=date(2025, 3, 7),
                                   reason="authority_took_over", note="Socialtjänsten tog över.",
                                   today=date(2025, 3, 10))
        clock = clocks_of(case, today=date(2025, 3, 10)).clock("reflection")
        assert clock.used == 7 and clock.limit == 30
        local.refresh_from_db()
        assert local.period.upper == date(2025, 3, 8)
        assert CaseAuditEntry.objects.filter(case=case, action="period_end").count() == 1
    with schema_context("public"):
        programme_copy.refresh_from_db()
        assert programme_copy.period.upper == date(2025, 3, 8)
        assert PeriodEnd.objects.get(application=programme_copy).reason == "authority_took_over"
        # The budget commits the 7 days used of 30; the decision keeps what was decided.
        decided = programme_copy.decisions.get().granted_total
        assert programme_copy.granted_total == (2 * decided * 7 + 30) // 60 < decided
        assert all(item["days"] == 7 for item in programme_copy.granted_interventions if item.get("days"))


@pytest.mark.parametrize("ended_on, code", [
    (date(2025, 2, 28), "outside_period"), (date(2025, 3, 31), "outside_period"), (date(2025, 3, 20), "in_future"),
])
def test_an_early_end_outside_the_period_or_in_the_future_is_refused(actor, staff_user, granted, ended_on, code):
    case, local, _ = granted
    with tenant_context(actor):
        with pytest.raises(followup.FollowupRefused) as refused:
            followup.period_end_report(application=local, user=staff_user, ended_on=ended_on, reason="other",
                                       today=date(2025, 3, 10))
        assert refused.value.code == code
        assert clocks_of(case).clock("reflection").used == 30


def test_a_period_ends_early_only_once(actor, staff_user, granted):
    _case, local, _ = granted
    with tenant_context(actor):
        followup.period_end_report(application=local, user=staff_user, ended_on=date(2025, 3, 7), reason="left",
                                   today=date(2025, 3, 10))
        with pytest.raises(followup.FollowupRefused) as refused:
            followup.period_end_report(application=local, user=staff_user, ended_on=date(2025, 3, 5),
                                       reason="left", today=date(2025, 3, 10))
        assert refused.value.code == "already_ended"


# --- (3) Entitlement clocks ----------------------------------------------------------------------


def test_days_from_before_are_entered_once_and_never_over_the_years_maximum(actor, staff_user):
    with tenant_context(actor):
        case = answered_case(staff_user, initials="P.D.")
        with pytest.raises(followup.FollowupRefused) as refused:
            followup.prior_days_enter(case=case, user=staff_user, kind="extended", days=181, source="other_actor",
                                      reason="Intyg från Ankarstöd.", today=date(2025, 5, 1))
        assert refused.value.code == "days_over_limit" and refused.value.params["limit"] == 180
        followup.prior_days_enter(case=case, user=staff_user, kind="extended", days=180, source="other_actor",
                                  reason="Intyg från Ankarstöd.", today=date(2025, 5, 1))
        with pytest.raises(followup.FollowupRefused) as again:
            followup.prior_days_enter(case=case, user=staff_user, kind="extended", days=10, source="before_portal",
                                      reason="Igen.", today=date(2025, 5, 1))
        assert again.value.code == "already_entered"
        with pytest.raises(followup.FollowupRefused) as no_reason:
            followup.prior_days_enter(case=case, user=staff_user, kind="reflection", days=10,
                                      source="before_portal", reason="  ", today=date(2025, 5, 1))
        assert no_reason.value.code == "reason_required"
        assert PriorDays.objects.filter(case=case).count() == 1
        clock = clocks_of(case, today=date(2025, 5, 1)).clock("extended")
        assert (clock.used, clock.prior, clock.limit) == (180, 180, 180)


def test_the_intake_days_used_is_answered_from_the_clock_and_the_engine_receives_it(actor, staff_user):
    with tenant_context(actor):
        case = answered_case(staff_user, initials="C.L.")
        followup.prior_days_enter(case=case, user=staff_user, kind="reflection", days=30, source="before_portal",
                                  reason="Beslut från 2024 i pappersakt.", today=date(2025, 3, 1))
        recommendation = recommendation_make(case=case, user=staff_user)
        assert Conversation.objects.get(case=case).answers["days_used"] == {
            "reflection": 30, "extended": 0, "integration": 0}
        assert recommendation.answers["days_used"]["reflection"] == 30
        assert [item["code"] for item in recommendation.result["interventions"]] == ["extended_reflection"]


def test_a_typed_days_used_gives_way_to_the_clock(actor, staff_user, granted):
    from intake.services import answer_give

    case, _local, _ = granted
    with tenant_context(actor):
        outcome = answer_give(case=case, user=staff_user, question_id="days_used", lang="sv",
                              raw={"reflection": "0", "extended": "0", "integration": "0"})
        assert Conversation.objects.get(case=case).answers["days_used"]["reflection"] == 30
        assert outcome.notice is not None and "ersattes" in outcome.notice[0]


def test_the_case_page_shows_each_clock_against_the_years_limit(actor, staff_user, granted, client_at):
    case, _local, _ = granted
    page = client_at(host_of_actor(ACTOR), staff_user).get(f"/cases/{case.code}/").content.decode()
    assert 'data-testid="clock-reflection"' in page and 'data-testid="clock-extended"' in page
    assert "30 / 30" in page and "0 / 180" in page


# --- (4) Extensions -------------------------------------------------------------------------------


def test_three_monthly_extensions_then_integration(actor, staff_user, coordinator_user, granted):
    case, _local, _ = granted
    starts = []
    for month in range(3):
        with tenant_context(actor):
            before = Conversation.objects.get(case=case).answers
            start = followup.extension_start(case=case, user=staff_user, today=date(2025, 3, 25) + timedelta(
                days=30 * month))
            answers = Conversation.objects.get(case=case).answers
            # Earlier answers are kept; only what is re-assessed each month is asked again.
            assert answers["exploitation.assessment"] == before["exploitation.assessment"]
            assert "need" not in answers and "residence_status" not in answers
            assert intake_flow.next_question(answers, case_facts(case)).id == "complementarity.authorities"
            fill_missing(case)
        local, _ = apply_and_decide(actor, staff_user, coordinator_user, case)
        starts.append(start)
        assert local.interventions[0]["code"] == "extended_reflection"
        assert local.interventions[0]["start"] == start.isoformat()
        with tenant_context(actor):
            assert clocks_of(case, today=start).clock("extended").used == 30 * (month + 1)
    assert starts == [date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 30)]
    with tenant_context(actor):
        followup.extension_start(case=case, user=staff_user, today=date(2025, 6, 25))
        fill_missing(case, need="integration")
    local, _ = apply_and_decide(actor, staff_user, coordinator_user, case)
    assert local.interventions[0]["code"] == "integration_support"
    assert local.interventions[0]["start"] == "2025-06-29"
    with tenant_context(actor):
        clocks = clocks_of(case, today=date(2025, 7, 1))
        assert clocks.days_used() == {"reflection": 30, "extended": 90, "integration": 45}
        assert clocks.current is not None and clocks.current.code == "integration_support"


def test_two_staff_applying_for_the_same_extension_make_one_application(actor, staff_user, granted, demo_users):
    case, _local, _ = granted
    other = demo_users[f"{ACTOR}.admin"] if f"{ACTOR}.admin" in demo_users else staff_user
    with tenant_context(actor):
        first = followup.extension_start(case=case, user=staff_user, today=date(2025, 3, 25))
        second = followup.extension_start(case=case, user=other, today=date(2025, 3, 25))
        assert first == second
        fill_missing(case)
        recommendation = recommendation_make(case=case, user=staff_user)
        one = application_draft(recommendation=recommendation, user=staff_user)
        two = application_draft(recommendation=recommendation, user=other)
        assert one.pk == two.pk
        assert CaseApplication.objects.filter(case=case, status="draft").count() == 1
        with pytest.raises(followup.FollowupRefused) as refused:
            followup.extension_start(case=case, user=other, today=date(2025, 3, 26))
        assert refused.value.code == "already_applied"


def test_a_refused_extension_leaves_the_clock_as_it_was(actor, staff_user, coordinator_user, granted):
    case, _local, _ = granted
    with tenant_context(actor):
        followup.extension_start(case=case, user=staff_user, today=date(2025, 3, 25))
        fill_missing(case)
        before = clocks_of(case, today=date(2025, 3, 31)).days_used()
    apply_and_decide(actor, staff_user, coordinator_user, case, kind="refused")
    with tenant_context(actor):
        assert clocks_of(case, today=date(2025, 3, 31)).days_used() == before == {
            "reflection": 30, "extended": 0, "integration": 0}


def test_an_extension_after_its_period_began_is_refused_where_the_year_refuses_retroactive(actor, staff_user):
    with tenant_context(actor):
        case = answered_case(staff_user, initials="R.T.")
        recommendation = Recommendation.objects.create(
            case=case, created_by=staff_user, year=2016, ruleset_version="2016.1", answers={}, result={})
        CaseApplication.objects.create(
            case=case, recommendation=recommendation, year=2016, status="granted", created_by=staff_user,
            period=(date(2016, 4, 1), date(2016, 5, 1)), total=36000,
            interventions=[{"code": "reflection", "days": 30, "start": "2016-04-01", "end": "2016-04-30"}],
            granted_interventions=[{"code": "reflection", "days": 30, "start": "2016-04-01", "end": "2016-04-30",
                                    "amount": 36000}])
        with pytest.raises(followup.FollowupRefused) as refused:
            followup.extension_start(case=case, user=staff_user, today=date(2016, 5, 3))
        assert refused.value.code == "retroactive" and refused.value.rule == "retroactive"
        # Before the period begins it may be asked for.
        assert followup.extension_start(case=case, user=staff_user, today=date(2016, 4, 28)) == date(2016, 5, 1)


def test_a_2025_extension_asked_late_is_not_refused_as_retroactive(actor, staff_user, granted):
    case, _local, _ = granted
    with tenant_context(actor):
        assert followup.extension_start(case=case, user=staff_user, today=date(2025, 4, 5)) == date(2025, 3, 31)


def test_the_extension_after_new_year_starts_on_1_january_under_next_years_rules(
        actor, staff_user, coordinator_user):
    with tenant_context(actor):
        case = answered_case(staff_user, initials="N.Y.", example_no="07")  # 2025-12-20: cut at 31 December
    local, _ = apply_and_decide(actor, staff_user, coordinator_user, case)
    assert local.interventions[0]["end"] == "2025-12-31"
    with tenant_context(actor):
        start = followup.extension_start(case=case, user=staff_user, today=date(2025, 12, 28))
        assert start == date(2026, 1, 1)
        fill_missing(case, example_no="07")
        answers = Conversation.objects.get(case=case).answers
        assert answers["period_start"] == "2026-01-01"
        from tenants.years.rulesets import active_rulesets

        assert 2026 in active_rulesets()  # the demo puts 2026 into effect
        recommendation = recommendation_make(case=case, user=staff_user)
        assert recommendation.year == 2026 and recommendation.ruleset_version.startswith("2026")
        assert recommendation.result["interventions"][0]["start"] == "2026-01-01"
        # 2025's 12 days (20–31 December) count: 2026's reflection gives the rest of the 30.
        assert recommendation.answers["days_used"]["reflection"] == 12
        assert recommendation.result["interventions"][0]["days"] == 18


# --- (6) Closing a case ----------------------------------------------------------------------------


def test_a_closed_case_is_read_only(actor, staff_user, granted, client_at):
    case, _local, _ = granted
    with tenant_context(actor):
        followup.case_close(case=case, user=staff_user, reason="social_services", note="Flyttat.")
        with pytest.raises(followup.FollowupRefused) as refused:
            followup.extension_start(case=case, user=staff_user, today=date(2025, 3, 25))
        assert refused.value.code == "closed"
    staff = client_at(host_of_actor(ACTOR), staff_user)
    response = staff.post(f"/cases/{case.code}/intake/answer/", {"question_id": "acute", "value": "yes"})
    assert response.status_code == 403
    assert staff.get(f"/cases/{case.code}/").status_code == 200


# --- The pages staff use -------------------------------------------------------------------------


def test_staff_enter_days_from_before_on_the_case_page_with_errors_next_to_the_field(actor, staff_user, client_at):
    with tenant_context(actor):
        case = answered_case(staff_user, initials="W.P.")
    staff = client_at(host_of_actor(ACTOR), staff_user)
    over = staff.post(f"/cases/{case.code}/followup/prior-days/", {
        "prior-kind": "reflection", "prior-days": "31", "prior-source": "before_portal", "prior-reason": "Beslut."})
    assert over.status_code == 422
    assert 'id="followup-errors"' in over.content.decode() and "id_prior-days_error" in over.content.decode()
    ok = staff.post(f"/cases/{case.code}/followup/prior-days/", {
        "prior-kind": "reflection", "prior-days": "12", "prior-source": "other_actor", "prior-reason": "Intyg."})
    assert ok.status_code == 302
    with tenant_context(actor):
        assert clocks_of(case).clock("reflection").used == 12


def test_the_extension_button_starts_the_follow_up_intake(actor, staff_user, granted, client_at):
    case, _local, _ = granted
    staff = client_at(host_of_actor(ACTOR), staff_user)
    page = staff.get(f"/cases/{case.code}/").content.decode()
    assert 'data-testid="apply-extension"' in page
    response = staff.post(f"/cases/{case.code}/followup/extension/")
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.code}/intake/")
    with tenant_context(actor):
        answers = Conversation.objects.get(case=case).answers
        assert answers["period_start"] == "2025-03-31" and "need" not in answers


def test_closing_from_the_case_page_needs_a_reason(actor, staff_user, client_at):
    with tenant_context(actor):
        case = answered_case(staff_user, initials="K.C.")
    staff = client_at(host_of_actor(ACTOR), staff_user)
    assert staff.post(f"/cases/{case.code}/followup/close/", {"close-reason": ""}).status_code == 422
    assert staff.post(f"/cases/{case.code}/followup/close/", {"close-reason": "contact_lost"}).status_code == 302
    page = staff.get(f"/cases/{case.code}/").content.decode()
    assert 'data-testid="case-closed"' in page and 'data-testid="apply-extension"' not in page
    # The page asks, once, whether the free places change (issue 13).
    assert "Ett ärende avslutades: ändras antalet lediga platser?" in page
    assert "Ett ärende avslutades" not in staff.get(f"/cases/{case.code}/").content.decode()
    assert staff.post(f"/cases/{case.code}/followup/close/", {"close-reason": "other"}).status_code == 403


def test_another_actors_staff_cannot_reach_the_follow_up(actor, staff_user, granted, client_at, demo_users):
    case, _local, _ = granted
    other = client_at(host_of_actor("norrbro"), demo_users["norrbro.staff"])
    assert other.post(f"/cases/{case.code}/followup/extension/").status_code == 404
    assert other.post(f"/cases/{case.code}/followup/close/", {"close-reason": "other"}).status_code == 404
    with tenant_context(actor):
        assert Conversation.objects.get(case=case).answers["period_start"] == "2025-03-01"


# --- (7) The timeline ------------------------------------------------------------------------------


def test_the_timeline_draws_each_period_with_its_state_today_and_no_style_attributes(
        actor, staff_user, coordinator_user, granted, client_at):
    from xml.etree import ElementTree

    from intake.followup.timeline import timeline_svg

    case, _local, _ = granted
    with tenant_context(actor):
        followup.extension_start(case=case, user=staff_user, today=date(2025, 3, 25))
        fill_missing(case)
    apply_and_decide(actor, staff_user, coordinator_user, case, kind="refused")
    with tenant_context(actor):
        svg = timeline_svg(case, today=date(2025, 3, 27), lang="en", due=date(2025, 3, 30))
    root = ElementTree.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    states = [g.get("data-state") for g in root.iter(f"{ns}g") if g.get("class", "").startswith("timeline__period")]
    assert states == ["granted", "refused"]
    titles = [t.text for t in root.iter(f"{ns}title")]
    assert any("2025-03-01 – 2025-03-30: granted" in (t or "") for t in titles)
    assert any("2025-03-31" in (t or "") and "refused" in (t or "") for t in titles)
    assert 'class="timeline__today"' in svg and 'class="timeline__due"' in svg
    assert "style=" not in svg and "<script" not in svg
    page = client_at(host_of_actor(ACTOR), staff_user).get(f"/cases/{case.code}/timeline/")
    assert page.status_code == 200 and 'data-testid="timeline"' in page.content.decode()


def test_closing_a_case_ends_its_running_period_today(actor, staff_user, granted):
    case, local, programme_copy = granted
    with tenant_context(actor):
        followup.case_close(case=case, user=staff_user, reason="social_services", today=date(2025, 3, 12))
        assert clocks_of(case, today=date(2025, 3, 12)).clock("reflection").used == 12
        local.refresh_from_db()
        assert local.ended.ended_on == date(2025, 3, 12) and local.ended.reason == "authority_took_over"
    with schema_context("public"):
        assert PeriodEnd.objects.get(application=programme_copy).ended_on == date(2025, 3, 12)


def test_the_coordinator_sees_the_chain_of_the_cases_periods_in_the_application(
        actor, staff_user, coordinator_user, granted, client_at):
    case, _local, first_copy = granted
    with tenant_context(actor):
        followup.extension_start(case=case, user=staff_user, today=date(2025, 3, 25))
        fill_missing(case)
    _local2, second_copy = apply_and_decide(actor, staff_user, coordinator_user, case)
    page = client_at(PUBLIC_HOST, coordinator_user).get(f"/programme/applications/{second_copy.pk}/").content.decode()
    chain = page.split('data-testid="chain"')[1].split("</section>")[0]
    assert f"/programme/applications/{first_copy.pk}/" in chain  # the earlier period, linked
    assert chain.index("2025-03-01") < chain.index("2025-03-31")  # oldest first
    assert chain.count("<li>") == 2

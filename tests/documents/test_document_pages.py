"""The document pages: create, autosave field by field with revisions, save without
JavaScript, sign off with required fields, print, and the case page's tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django_tenants.utils import tenant_context

from intake.documents import engine, selectors, services
from intake.documents.models import Document, DocumentVersion
from intake.models import Case, CaseApplication, CaseAuditEntry, Recommendation
from intake.services import case_open
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db

ACTOR = "lindskyddet"
OTHER = "norrbro"


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
def case(actor, staff_user):
    with tenant_context(actor):
        return case_open(user=staff_user, initials="G.O.", birth_year=1987, nationality="NG", gender="woman",
                         person_language="en", children=[{"where": "accompanying", "birth_year": 2022,
                                                           "gender": "girl"}])


def _new(staff, case, kind="in_depth_assessment", **data) -> int:
    response = staff.post(f"/documents/{case.code}/new/{kind}/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return int(response["Location"].rstrip("/").split("/")[-1])


def _save(staff, case, pk, key, value, revision=None):
    data = {"key": key, key: value}
    if revision is not None:
        data[f"rev:{key}"] = str(revision)
    return staff.post(f"/documents/{case.code}/{pk}/field/", data, HTTP_HX_REQUEST="true")


def _values(actor, pk):
    with tenant_context(actor):
        return selectors.document_values(Document.objects.get(pk=pk))


def test_a_new_document_knows_what_the_portal_knows_and_seals_it(staff, actor, case):
    pk = _new(staff, case)
    values = _values(actor, pk)
    assert values["fb.header.case_number"][0] == case.code
    assert values["fb.applicant.birth_year"][0] == "1987"
    assert values["fb.applicant.first_initial"][0] == "G" and values["fb.applicant.surname_initial"][0] == "O"
    with tenant_context(actor), connection.cursor() as cursor:
        cursor.execute("SELECT value FROM documents_documentvalue WHERE document_id = %s", [pk])
        raw = [row[0] for row in cursor.fetchall()]
    assert raw and all(value.startswith("enc1:") for value in raw)  # nothing in clear at rest
    page = staff.get(f"/documents/{case.code}/{pk}/").content.decode()
    assert "Fördjupad behovsbedömning" in page and case.code in page


def test_each_field_is_saved_as_it_is_typed_with_a_version_and_an_audit_row(staff, actor, case):
    pk = _new(staff, case)
    response = _save(staff, case, pk, "fb.case.description", "Kom till Sverige 2015.", 0)
    assert response.status_code == 200
    assert 'name="rev:fb.case.description"' in response.content.decode()
    assert _values(actor, pk)["fb.case.description"] == ("Kom till Sverige 2015.", 1)
    with tenant_context(actor):
        version = DocumentVersion.objects.filter(document_id=pk, key="fb.case.description").get()
        assert version.value == "Kom till Sverige 2015." and version.by.username == f"{ACTOR}.staff"
        audit = CaseAuditEntry.objects.filter(case=case, action="document_field_save").first()
        assert audit.detail["field"] == "fb.case.description"
        assert "Sverige" not in str(audit.detail)  # the log names the field, never its content
    page = staff.get(f"/documents/{case.code}/{pk}/").content.decode()
    assert "Kom till Sverige 2015." in page  # a reload shows it


def test_a_stale_page_never_overwrites_silently(staff, actor, case):
    pk = _new(staff, case)
    assert _save(staff, case, pk, "fb.summary.exposure", "tab one", 0).status_code == 200
    stale = _save(staff, case, pk, "fb.summary.exposure", "tab two", 0)
    assert stale.status_code == 409 and "tab one" in stale.content.decode()
    assert _values(actor, pk)["fb.summary.exposure"] == ("tab one", 1)
    # Two tabs, two fields: both kept.
    assert _save(staff, case, pk, "fb.summary.vulnerability", "other field", 0).status_code == 200
    assert _save(staff, case, pk, "fb.summary.exposure", "tab two, seen theirs", 1).status_code == 200
    values = _values(actor, pk)
    assert values["fb.summary.exposure"][0] == "tab two, seen theirs" and values["fb.summary.vulnerability"][0]


@pytest.mark.parametrize("key, value, message", [
    ("fb.header.date", "2025-02-30", "year-month-day"),
    ("fb.header.date", "1899-12-31", "between 1900 and 2100"),
    ("fb.applicant.birth_year", "9" * 5000, "digits only"),
    ("fb.physical.epilepsy", "perhaps", "Choose one"),
    ("fb.case.description", "a\x00b", "NUL"),
])
def test_a_bad_value_says_what_is_wrong(staff, actor, case, key, value, message):
    pk = _new(staff, case)
    response = staff.post(f"/documents/{case.code}/{pk}/field/", {"key": key, key: value},
                          HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and message in response.content.decode()


def test_without_javascript_the_whole_form_is_saved_and_errors_are_summarised(staff, actor, case):
    pk = _new(staff, case)
    ok = staff.post(f"/documents/{case.code}/{pk}/", {"fb.case.description": "Utan JS", "action": "save",
                                                       "fb.physical.asthma": "not_assessed"})
    assert ok.status_code == 302
    assert _values(actor, pk)["fb.physical.asthma"][0] == "not_assessed"
    bad = staff.post(f"/documents/{case.code}/{pk}/", {"fb.header.date": "2026-13-01", "fb.summary.exposure": "kept",
                                                        "action": "save"}, HTTP_ACCEPT_LANGUAGE="en")
    body = bad.content.decode()
    assert bad.status_code == 400 and "error-summary" in body and 'href="#i-fb-header-date"' in body
    assert "2026-13-01" in body  # what was typed comes back
    assert _values(actor, pk)["fb.summary.exposure"][0] == "kept"  # the valid inputs are saved


def test_signing_checks_the_required_fields_then_freezes_the_document(staff, actor, case):
    pk = _new(staff, case)
    refused = staff.post(f"/documents/{case.code}/{pk}/sign/", HTTP_ACCEPT_LANGUAGE="en")
    body = refused.content.decode()
    assert refused.status_code == 400 and "Required before signing" in body and "#i-fb-case-description" in body
    assert "#i-fb-physical-epilepsy" not in body  # health is never required
    for key in ("fb.case.description", "fb.summary.exposure", "fb.summary.vulnerability", "fb.summary.assessment",
                "fb.summary.needs_plan"):
        assert _save(staff, case, pk, key, f"text of {key}").status_code == 200
    signed = staff.post(f"/documents/{case.code}/{pk}/sign/")
    assert signed.status_code == 302
    with tenant_context(actor):
        document = Document.objects.get(pk=pk)
        assert document.is_signed and document.signed_by.username == f"{ACTOR}.staff"
        assert selectors.document_values(document)["fb.exit.signature"][0]
    assert _save(staff, case, pk, "fb.case.description", "late change").status_code == 409
    assert _values(actor, pk)["fb.case.description"][0] == "text of fb.case.description"


def test_print_and_blank_forms_carry_the_code_and_version(staff, actor, case):
    pk = _new(staff, case, "exit_report")
    printed = staff.get(f"/documents/{case.code}/{pk}/print/").content.decode()
    assert "NSP/UR/Dok.03" in printed and case.code in printed and "site-nav" not in printed
    blank = staff.get("/documents/blank/purchase_request/").content.decode()
    assert "NSP/IA/Dok.06" in blank and "Kostnad/st." in blank
    assert staff.get("/documents/blank/nonsense/").status_code == 404
    with tenant_context(actor):
        assert CaseAuditEntry.objects.filter(case=case, action="document_print").exists()


def test_another_actor_never_sees_the_document(staff, actor, case, client_at, demo_users):
    pk = _new(staff, case)
    other = client_at(host_of_actor(OTHER), demo_users[f"{OTHER}.staff"])
    assert other.get(f"/documents/{case.code}/{pk}/").status_code == 404
    assert _save(other, case, pk, "fb.case.description", "x").status_code == 404


def test_the_case_page_lists_what_is_due(staff, actor, case, staff_user):
    with tenant_context(actor):
        recommendation = Recommendation.objects.create(
            case=case, created_by=staff_user, year=2025, ruleset_version="test", answers={},
            result={"documents_required": ["implementation_plan"]})
        start = timezone.localdate() - timedelta(days=40)
        CaseApplication.objects.create(
            case=case, recommendation=recommendation, status="granted", year=2025, created_by=staff_user,
            period=DateRange(start, start + timedelta(days=30)), decided_at=timezone.now(),
            interventions=[{"code": "reflection", "days": 30, "amount": 39600},
                           {"code": "point", "item": "interpreter", "amount": 1200}])
        due = selectors.documents_due(Case.objects.get(pk=case.pk))
        kinds = [task.kind for task in due]
        assert kinds == ["in_depth_assessment", "implementation_plan", "period_report", "purchase_request"]
        report = due[2]
        assert report.due == start + timedelta(days=29) and report.overdue(timezone.localdate())
    page = staff.get(f"/cases/{case.code}/").content.decode()
    assert "Rapport stödperiod" in page or "Period report" in page or "Periodrapport" in page
    assert "task--overdue" in page
    # Starting the period report from its task ties it to the period.
    pk = _new(staff, case, "period_report", application=str(report.application.pk))
    assert _values(actor, pk)["rs.header.period_start"][0] == start.isoformat()


def test_exit_report_signed_is_what_the_closing_flow_asks(staff, actor, case, staff_user):
    with tenant_context(actor):
        assert not selectors.exit_report_signed(case)
        document = services.document_create(case=case, kind="exit_report", user=staff_user)
        spec = engine.spec_of("exit_report")
        for f in engine.missing_required(spec, {k: v for k, (v, _r) in selectors.document_values(document).items()}):
            services.document_field_save(document=document, user=staff_user, key=f.id,
                                         raw="yes" if f.is_choice else "2026-01-01" if f.type == "date" else "x")
        services.document_sign(document=document, user=staff_user)
        assert selectors.exit_report_signed(case)


def _extension_case(staff_user):
    """A case whose intake is worked example 03 (an extended reflection period, 2025)."""
    from intake import flow as intake_flow
    from intake.flow.scripted import script_from_rule_answers
    from intake.models import Conversation
    from intake.selectors import case_facts
    from intake.services import lawful_basis_record
    from tests.intake.intake_helpers import assessment_fallback, example

    document = example("03")["answers"]
    case = case_open(user=staff_user, initials="D.P.", birth_year=1988, nationality="UA", gender="man", children=[])
    answers = intake_flow.fill(script_from_rule_answers(document), case_facts(case),
                               today=date.fromisoformat(document["application_date"]), fallback=assessment_fallback)
    Conversation.objects.filter(case=case).update(answers=answers)
    lawful_basis_record(case=case, user=staff_user, basis="consent")
    return case


def test_an_extension_without_its_signed_plan_is_refused(actor, staff_user, staff):
    from intake.documents import demo
    from intake.services import ApplicationNotAllowed, application_draft, application_submit, recommendation_make

    with tenant_context(actor):
        case = _extension_case(staff_user)
        recommendation = recommendation_make(case=case, user=staff_user)
        assert "implementation_plan" in recommendation.result["documents_required"]
        application = application_draft(recommendation=recommendation, user=staff_user)
        with pytest.raises(ApplicationNotAllowed) as refused:
            application_submit(application=application, user=staff_user)
        assert refused.value.code == "plan_missing"
        # A draft plan is not enough either.
        draft = services.document_create(case=case, kind="implementation_plan", user=staff_user)
        with pytest.raises(ApplicationNotAllowed):
            application_submit(application=application, user=staff_user)
        demo.fill(draft, staff_user, complete=True)
        services.document_sign(document=draft, user=staff_user)
        assert application_submit(application=application, user=staff_user) is not None
        code, pk = case.code, application.pk
    # Through the page, the refusal is said in words (a second case, no plan).
    with tenant_context(actor):
        other = _extension_case(staff_user)
        other_application = application_draft(recommendation=recommendation_make(case=other, user=staff_user),
                                              user=staff_user)
    response = staff.post(f"/cases/{other.code}/applications/{other_application.pk}/", {"action": "submit"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409 and "needs its plan" in response.content.decode()
    with tenant_context(actor):
        assert CaseApplication.objects.get(pk=pk).status == "submitted"
        assert CaseApplication.objects.get(pk=other_application.pk).status == "draft"
        assert Case.objects.get(code=code).documents.filter(status="signed").count() == 1


def test_demo_case_has_every_document_in_some_state(actor, staff_user):
    from intake.documents import demo
    from intake.documents.models import DocumentKind

    with tenant_context(actor):
        case = case_open(user=staff_user, initials="E.F.", birth_year=1990, nationality="SE", gender="woman",
                         children=[])
        demo.load_case(case, staff_user)
        documents = selectors.documents_of(case)
        assert {d.kind for d in documents} == {kind.value for kind in DocumentKind}
        assert {d.status for d in documents} == {"draft", "signed"}


def test_the_start_page_counts_what_is_due_in_a_few_queries(staff, actor, case, staff_user,
                                                           django_assert_max_num_queries):
    with tenant_context(actor):
        before = selectors.due_summary(today=timezone.localdate())
        # The new case's in-depth assessment is due within three weeks: not this week, not overdue.
        assert [t.kind for t in before.cases[case.code]] == ["in_depth_assessment"]
        later_day = timezone.localdate() + timedelta(days=18)
        later = selectors.due_summary(today=later_day)
        assert later.this_week > before.this_week and later.cases[case.code][0].due_within(later_day, 7)
        overdue = selectors.due_summary(today=timezone.localdate() + timedelta(days=30))
        assert overdue.overdue >= 1 and case.code in overdue.cases
        with django_assert_max_num_queries(4):
            selectors.due_summary(today=timezone.localdate())
    page = staff.get("/cases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("due this week" in page or "overdue" in page) == bool(before.this_week or before.overdue)


def test_a_signed_period_report_tells_the_programme_its_outcomes_never_its_text(actor, staff_user, case):
    from django_tenants.utils import schema_context

    from tenants.outcomes.models import ReportOutcome

    secret = "Hon berättade om hoten mot systern"
    with tenant_context(actor):
        report = services.document_create(case=case, kind="period_report", user=staff_user)
        answers = {"rs.header.support_type": "max_30", "rs.header.period_start": "2026-01-01",
                   "rs.header.period_end": "2026-01-30", "rs.report.summary": secret,
                   "rs.report.plan_forward": secret, "rs.report.exit": "as_planned",
                   "rs.report.exit.note": secret, "rs.rights.housing": "met", "rs.rights.legal": "partly"}
        for key, value in answers.items():
            services.document_field_save(document=report, user=staff_user, key=key, raw=value)
        assert not ReportOutcome.objects.filter(local_id=report.pk, actor=actor).exists()  # drafts stay home
        services.document_sign(document=report, user=staff_user)
    with schema_context("public"):
        outcome = ReportOutcome.objects.get(actor=actor, local_id=report.pk)
        assert outcome.case_code == case.code and outcome.kind == "period_report"
        assert outcome.period_start == date(2026, 1, 1) and outcome.period_end == date(2026, 1, 30)
        assert outcome.outcomes == {"header.support_type": "max_30", "report.exit": "as_planned",
                                    "rights.housing": "met", "rights.legal": "partly"}
        assert "hoten" not in str(outcome.outcomes)


def test_the_programme_refuses_free_text_as_an_outcome(actor):
    from tenants.outcomes.services import OutcomeRefused, report_outcome_receive

    with pytest.raises(OutcomeRefused):
        report_outcome_receive(actor=actor, local_id=999_999, case_code="X-1", kind="exit_report", period_start=None,
                               period_end=None, outcomes={"report.reason": "Hon flyttade till sin syster"},
                               signed_at=timezone.now())


def test_an_overdue_period_report_is_flagged_to_the_coordinator(actor, staff_user, case, client_at, demo_users):
    from django_tenants.utils import schema_context

    from tenants.models import Application
    from tenants.outcomes.selectors import grace_days, overdue_period_reports
    from tests.helpers import PUBLIC_HOST

    start = timezone.localdate() - timedelta(days=60)
    with tenant_context(actor):
        recommendation = Recommendation.objects.create(case=case, created_by=staff_user, year=2025,
                                                       ruleset_version="test", answers={}, result={})
        local = CaseApplication.objects.create(
            case=case, recommendation=recommendation, status="granted", year=2025, created_by=staff_user,
            period=DateRange(start, start + timedelta(days=30)), decided_at=timezone.now(), interventions=[])
    with schema_context("public"):
        Application.objects.create(
            actor=actor, case_code=case.code, local_id=local.pk, year=2025, period=DateRange(start, start + timedelta(
                days=30)), ruleset_version="test", outcome="recommend", total=0, status="granted")
        today = timezone.localdate()
        assert local.pk in [a.local_id for a in overdue_period_reports(today=today) if a.actor_id == actor.pk]
        # Not yet overdue within the grace days after the period's last day.
        last_day = start + timedelta(days=29)
        early = overdue_period_reports(today=last_day + timedelta(days=grace_days() - 1))
        assert local.pk not in [a.local_id for a in early if a.actor_id == actor.pk]
    inbox = client_at(PUBLIC_HOST, demo_users["samordnare"]).get("/programme/applications/").content.decode()
    assert 'data-testid="overdue-reports"' in inbox and case.code in inbox
    with tenant_context(actor):
        report = services.document_create(case=case, kind="period_report", user=staff_user, application=local)
        from intake.documents import demo
        demo.fill(report, staff_user, complete=True)
        services.document_sign(document=report, user=staff_user)
    with schema_context("public"):
        assert local.pk not in [a.local_id for a in overdue_period_reports(today=today) if a.actor_id == actor.pk]


@pytest.mark.parametrize("lang, right, answer, direction", [
    ("ar", "سكن مناسب وآمن", "تم الوفاء به", "rtl"),
    ("ro", "O locuință potrivită și sigură", "Respectat", "ltr"),
    ("sv", "En lämplig och säker bostad", "Tillgodosedd", "ltr"),
])
def test_the_rights_prompts_on_the_persons_screen_in_their_language(staff, actor, case, staff_user, lang, right,
                                                                    answer, direction):
    from intake.documents import person

    with tenant_context(actor):
        report = services.document_create(case=case, kind="period_report", user=staff_user)
        services.document_field_save(document=report, user=staff_user, key="rs.rights.housing", raw="met")
    page = staff.get(f"/documents/{case.code}/{report.pk}/person/?lang={lang}").content.decode()
    assert right in page and answer in page and f'dir="{direction}"' in page
    assert "Logga ut" not in page and case.initials not in page  # the person's page leads nowhere else
    # Every language has all ten rights and four answers, or falls back to English whole.
    for code in person.languages():
        screen = person.rights_screen({}, code)
        assert screen.language == code and len(screen.rows) == 10 and all(row.right for row in screen.rows)
    assert person.rights_screen({}, "xx").language == "en"
    with tenant_context(actor):
        assert CaseAuditEntry.objects.filter(case=case, action="document_person_screen").exists()


def test_the_persons_screen_is_only_for_period_reports(staff, case):
    pk = _new(staff, case, "in_depth_assessment")
    assert staff.get(f"/documents/{case.code}/{pk}/person/").status_code == 404


def test_a_child_with_a_plan_of_its_own_counts_as_a_primary_recipient(staff, actor, case, staff_user):
    from intake.documents import demo
    from intake.services import statistics_dimensions

    with tenant_context(actor):
        child = case.children.get()
        assert statistics_dimensions(case, {})["children_primary"] == 0
    pk = _new(staff, case, "implementation_plan", child=str(child.pk))
    with tenant_context(actor):
        plan = Document.objects.get(pk=pk)
        assert plan.child_id == child.pk
        services.document_field_save(document=plan, user=staff_user, key="gp.header.for_whom", raw="child")
        demo.fill(plan, staff_user, complete=True)
        assert statistics_dimensions(case, {})["children_primary"] == 0  # a draft does not count
        services.document_sign(document=plan, user=staff_user)
        dims = statistics_dimensions(case, {})
        assert dims["children_primary"] == 1 and dims["children_accompanying"] == 1
        # The programme's statistics count a child marked own_plan as a primary recipient
        # (tenants/statistics: tests/tenants/statistics hold that rule).
        assert [child["own_plan"] for child in dims["children"]] == [True]
        # The child's own plan is not the person's: an extension still needs the person's plan.
        assert selectors.plans_missing(case, ["implementation_plan"]) == ["implementation_plan"]


def test_the_coordinator_reads_the_plan_with_the_application_and_the_actor_logs_it(
        actor, staff_user, client_at, demo_users):
    from django_tenants.utils import schema_context

    from intake.documents import demo
    from intake.services import application_draft, application_submit, recommendation_make
    from tenants.models import Application
    from tests.helpers import PUBLIC_HOST

    with tenant_context(actor):
        case = _extension_case(staff_user)
        recommendation = recommendation_make(case=case, user=staff_user)
        plan = services.document_create(case=case, kind="implementation_plan", user=staff_user)
        demo.fill(plan, staff_user, complete=True)
        services.document_sign(document=plan, user=staff_user)
        local = application_draft(recommendation=recommendation, user=staff_user)
        application_submit(application=local, user=staff_user)
    with schema_context("public"):
        programme_id = Application.objects.get(actor=actor, local_id=local.pk).pk
    coordinator = client_at(PUBLIC_HOST, demo_users["samordnare"])
    page = coordinator.get(f"/programme/applications/{programme_id}/").content.decode()
    assert 'data-testid="application-documents"' in page and "Genomförandeplan" in page
    assert demo.TEXTS["implementation_plan"]["gp.plan.goals"] in page
    with tenant_context(actor):
        read = CaseAuditEntry.objects.filter(case=case, action="programme_document_read").get()
        assert read.user.username == "samordnare" and read.detail["documents"] == [plan.pk]


def test_the_persons_export_holds_the_documents_and_erasure_removes_them(actor, staff_user, case, client_at,
                                                                        demo_users):
    from intake.privacy.services import case_erase

    with tenant_context(actor):
        document = services.document_create(case=case, kind="in_depth_assessment", user=staff_user)
        services.document_field_save(document=document, user=staff_user, key="fb.case.description",
                                     raw="Berättelsen i sin helhet")
    admin = client_at(host_of_actor(ACTOR), demo_users[f"{ACTOR}.admin"])
    exported = admin.get(f"/cases/{case.code}/export.json").json()
    [entry] = exported["documents"]
    assert entry["kind"] == "in_depth_assessment"
    assert entry["values"]["fb.case.description"] == "Berättelsen i sin helhet"
    assert any(change["key"] == "fb.case.description" for change in entry["history"])
    assert "Berättelsen i sin helhet" in admin.get(f"/cases/{case.code}/export/").content.decode()
    with tenant_context(actor):
        case_erase(case=case, user=demo_users[f"{ACTOR}.admin"], reason="test")
        assert not Document.objects.filter(pk=document.pk).exists()
        assert not DocumentVersion.objects.filter(document_id=document.pk).exists()


def test_an_autosave_costs_a_few_queries_whatever_the_document(staff, actor, case, django_assert_max_num_queries):
    pk = _new(staff, case)
    _save(staff, case, pk, "fb.case.description", "warm up", 0)
    # The in-depth assessment has 153 inputs: a save must not touch them all.
    with django_assert_max_num_queries(22):
        assert _save(staff, case, pk, "fb.case.description", "second", 1).status_code == 200


def test_a_whole_form_sent_from_a_stale_page_keeps_a_colleagues_newer_answers(staff, actor, case):
    pk = _new(staff, case)
    assert _save(staff, case, pk, "fb.summary.exposure", "colleague's text", 0).status_code == 200
    # The stale page still shows revision 0 (empty) for that field and posts it back untouched,
    # with a change of its own elsewhere.
    response = staff.post(f"/documents/{case.code}/{pk}/", {
        "fb.summary.exposure": "", "rev:fb.summary.exposure": "0",
        "fb.summary.vulnerability": "my text", "rev:fb.summary.vulnerability": "0", "action": "save"})
    assert response.status_code == 302
    values = _values(actor, pk)
    assert values["fb.summary.exposure"][0] == "colleague's text" and values["fb.summary.vulnerability"][0] == "my text"
    # Changed on both sides: a conflict, nothing overwritten.
    conflict = staff.post(f"/documents/{case.code}/{pk}/", {
        "fb.summary.exposure": "mine instead", "rev:fb.summary.exposure": "0", "action": "save"})
    assert conflict.status_code == 400 and "colleague&#x27;s text" in conflict.content.decode()
    assert _values(actor, pk)["fb.summary.exposure"][0] == "colleague's text"


def test_an_integration_period_asks_for_the_integration_application(actor, staff_user, case):
    with tenant_context(actor):
        Recommendation.objects.create(
            case=case, created_by=staff_user, year=2025, ruleset_version="test", answers={},
            result={"documents_required": ["exit_plan"],
                    "interventions": [{"code": "integration_residential", "days": 45, "amount": 59400}]})
        kinds = [task.kind for task in selectors.documents_due(Case.objects.get(pk=case.pk))]
        assert kinds == ["in_depth_assessment", "exit_plan", "integration_application"]

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
from intake.documents.models import Document, DocumentValue, DocumentVersion
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

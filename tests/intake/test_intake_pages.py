"""The guided intake through its pages: open a case, chat, recommend, apply, decide."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.models import AnswerEvent, CaseApplication, CaseAuditEntry, Case, Conversation, Notification, Recommendation
from intake.selectors import case_facts
from tenants.models import Application, Decision
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.intake.intake_helpers import answer_all, example, post_data, script_for

pytestmark = pytest.mark.django_db

ACTOR = "lindskyddet"


@pytest.fixture
def staff(client_at, demo_users):
    return client_at(host_of_actor(ACTOR), demo_users[f"{ACTOR}.staff"])


@pytest.fixture
def actor(demo_actors):
    return demo_actors[ACTOR]


def open_case(staff, **overrides) -> str:
    data = {"initials": "B.K.", "birth_year": "1993", "nationality": "NG", "gender": "woman",
            "person_language": "ar", "children-TOTAL_FORMS": "3", "children-INITIAL_FORMS": "0",
            "children-0-where": "accompanying", "children-0-birth_year": "2024", "children-0-gender": "girl"}
    data.update(overrides)
    response = staff.post("/cases/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].split("/")[2]


def answers_of(actor, code):
    def read():
        with tenant_context(actor):
            return Conversation.objects.get(case__code=code).answers
    return read


def test_opening_a_case_gives_the_actors_own_code_and_starts_the_intake(staff, actor):
    code = open_case(staff)
    assert code.startswith("LIN-")  # the actor's own counter (the NSP number is the programme's)
    with tenant_context(actor):
        case = Case.objects.get(code=code)
        assert case.initials == "B.K." and case.children.get().where == "accompanying"
        assert case_facts(case)["children_accompanying"] == 1
    page = staff.get(f"/cases/{code}/intake/")
    first = intake_flow.next_question({}, {"age_group": "adult"})
    assert intake_flow.question_text(first, "sv") in page.content.decode()


@pytest.mark.parametrize("lang, field, value, message", [
    ("sv", "birth_year", "2999", "Födelseåret kan inte vara i framtiden"),
    ("en", "birth_year", "2999", "The birth year cannot be in the future"),
    ("sv", "initials", "Anna Karlsson", "Skriv endast initialer"),
    ("en", "initials", "", "This field is required."),
])
def test_opening_a_case_with_bad_input_says_what_is_wrong(staff, lang, field, value, message):
    data = {"initials": "B.K.", "birth_year": "1993", "nationality": "NG", "gender": "woman", "person_language": "sv",
            "children-TOTAL_FORMS": "3", "children-INITIAL_FORMS": "0", field: value}
    response = staff.post("/cases/new/", data, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_each_answer_is_stored_at_once_and_a_reload_resumes_there(staff, actor):
    code = open_case(staff)
    first = intake_flow.next_question({}, {"age_group": "adult"})
    staff.post(f"/cases/{code}/intake/answer/", post_data(first, ["social_services"]))
    stored = answers_of(actor, code)()
    assert stored == {first.id: ["social_services"]}
    second = intake_flow.next_question(stored, {"age_group": "adult", "children_accompanying": 1})
    page = staff.get(f"/cases/{code}/intake/").content.decode()
    assert intake_flow.question_text(second, "sv") in page
    assert "Fråga 2" in page  # progress: the second question


@pytest.mark.parametrize("lang, expected", [("sv", "Svar krävs."), ("en", "An answer is required.")])
def test_an_empty_answer_gets_a_clear_message_in_the_users_language(staff, lang, expected):
    code = open_case(staff)
    first = intake_flow.next_question({}, {"age_group": "adult"})
    response = staff.post(f"/cases/{code}/intake/answer/", {"question_id": first.id, "value": ""},
                          HTTP_ACCEPT_LANGUAGE=lang, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert expected in body
    assert 'role="alert"' in body


def test_a_date_in_the_wrong_format_is_refused_with_the_expected_format(staff, actor):
    code = open_case(staff)
    document = example("01")["answers"]
    script = script_for(document)
    facts = None
    with tenant_context(actor):
        facts = case_facts(Case.objects.get(code=code))
    read = answers_of(actor, code)
    # Answer up to the application date, then give it in a Swedish short format.
    while True:
        question = intake_flow.next_question(read(), facts)
        if question.id == "application_date":
            break
        from tests.intake.intake_helpers import assessment_fallback
        staff.post(f"/cases/{code}/intake/answer/", post_data(question, script.get(question.id, assessment_fallback(question))))
    response = staff.post(f"/cases/{code}/intake/answer/", {"question_id": "application_date", "value": "1/3 2025"},
                          HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true")
    assert "YYYY-MM-DD" in response.content.decode()
    assert "application_date" not in read()


def test_changing_an_earlier_answer_drops_what_no_longer_applies_and_says_so(staff, actor):
    code = open_case(staff)
    first = intake_flow.next_question({}, {"age_group": "adult"})
    staff.post(f"/cases/{code}/intake/answer/", post_data(first, ["social_services", "police"]))
    read = answers_of(actor, code)
    bank = intake_flow.load_questions()
    police_question = bank.get("authority.police.asked_for")
    for _ in range(8):
        question = intake_flow.next_question(read(), {"age_group": "adult", "children_accompanying": 1})
        if question.id.startswith("authority.police"):
            break
        raw = {"choice": question.choices[0].value if question.choices else "", "yes_no": "no"}.get(question.kind, "")
        staff.post(f"/cases/{code}/intake/answer/", post_data(question, raw or question.allowed_values[0]))
    staff.post(f"/cases/{code}/intake/answer/", post_data(police_question, "reflection_permit"))
    assert "authority.police.asked_for" in read()
    response = staff.post(f"/cases/{code}/intake/answer/", post_data(first, ["social_services"]),
                          HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "No longer applies and was removed" in body
    assert intake_flow.question_text(police_question, "en") in body
    assert not any(key.startswith("authority.police") for key in read())
    with tenant_context(actor):
        dropped = AnswerEvent.objects.filter(conversation__case__code=code, kind="dropped")
        assert dropped.filter(question_id="authority.police.asked_for").exists()


def test_a_whole_intake_recommends_applies_and_the_decision_comes_back(staff, actor, client_at, demo_users,
                                                                      django_capture_on_commit_callbacks):
    document = example("01")["answers"]  # 2025 asylum seeker with a baby, Migrationsverket refused
    document["authorities"][0]["reason"] = "Boendet var fullt enligt handläggaren"  # the actor's own words
    code = open_case(staff, initials="C.D.")
    with tenant_context(actor):
        facts = case_facts(Case.objects.get(code=code))
    posted = answer_all(staff, Case(code=code), facts, script_for(document), answers_of=answers_of(actor, code))
    assert posted > 30
    response = staff.post(f"/cases/{code}/recommendation/")
    assert response.status_code == 302
    page = staff.get(f"/cases/{code}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "programmet kan betala" in page
    assert "54\xa0600\xa0kr" in page  # 30 × 1 320 + 30 × 500, Swedish money format (whole kronor)
    assert "complementarity.refused" in page
    with tenant_context(actor):
        recommendation = Recommendation.objects.get(case__code=code)
        assert recommendation.ruleset_version.startswith("2025")
        assert "complementarity.refused" in recommendation.rules_fired
        assert recommendation.answers["residence_status"] == "asylum_seeker"

    draft = staff.post(f"/cases/{code}/recommendation/{recommendation.pk}/apply/")
    application_url = draft["Location"]
    assert staff.get(application_url).status_code == 200
    staff.post(f"/cases/{code}/lawful-basis/", {"basis": "consent", "note": "Tolk på arabiska."})
    staff.post(application_url)
    with tenant_context(actor):
        local = CaseApplication.objects.get(case__code=code)
        assert local.status == "submitted"
    with schema_context("public"):
        copy = Application.objects.get(actor=actor, local_id=local.pk)
        assert copy.case_code == code and copy.total == 54600
        assert copy.complementarity[0] == {"authority": "migration_agency", "asked_for": "relocation",
                                           "outcome": "refused", "written_decision": True,
                                           # the quick intake's answer to "why not obtained"
                                           "reason_category": "other"}
        flattened = repr(copy.__dict__)
        free_text = [entry["reason"] for entry in document["authorities"] if entry.get("reason")]
        assert free_text and "C.D." not in flattened
        assert not any(text in flattened for text in free_text)  # the actor's own words stay with the actor

    coordinator = client_at(PUBLIC_HOST, demo_users["samordnare"])
    inbox = coordinator.get("/programme/applications/?actor=lindskyddet").content.decode()
    assert code in inbox
    refused = coordinator.post(f"/programme/applications/{copy.pk}/", {"kind": "partly_granted", "motivation": " "})
    assert refused.status_code == 200  # no motivation: the form comes back
    with django_capture_on_commit_callbacks(execute=True):
        decided = coordinator.post(f"/programme/applications/{copy.pk}/", {
            "kind": "partly_granted", "motivation": "Beviljas för 20 dygn; därefter prövas LMA.",
            "days_0": "20", "days_1": "20"})
    assert decided.status_code == 302
    with schema_context("public"):
        assert Decision.objects.get(application=copy).granted_total == 20 * 1320 + 20 * 500
    with tenant_context(actor):
        local.refresh_from_db()
        assert local.status == "partly_granted" and local.granted_total == 36400
        assert Notification.objects.filter(user=demo_users[f"{ACTOR}.staff"], kind="decision").exists()
        assert CaseAuditEntry.objects.filter(case__code=code, action="decision_received").exists()
    case_page = staff.get(f"/cases/{code}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Beviljas för 20 dygn" in case_page and "Beviljad delvis" in case_page


@pytest.mark.parametrize("username", ["region.syd", "lindskyddet.admin"])
def test_only_the_coordinator_sees_the_inbox(client_at, demo_users, username):
    assert client_at(PUBLIC_HOST, demo_users[username]).get("/programme/applications/").status_code == 403


def test_staff_adjustment_needs_a_reason_and_is_kept(staff, actor):
    document = example("05")["answers"]
    code = open_case(staff, **{"children-0-where": "", "children-0-birth_year": ""})
    with tenant_context(actor):
        facts = case_facts(Case.objects.get(code=code))
    answer_all(staff, Case(code=code), facts, script_for(document), answers_of=answers_of(actor, code))
    staff.post(f"/cases/{code}/recommendation/")
    with tenant_context(actor):
        recommendation = Recommendation.objects.get(case__code=code)
    url = f"/cases/{code}/recommendation/{recommendation.pk}/adjust/"
    staff.post(url, {"days_0": "20", "reason": ""})
    recommendation.refresh_from_db()
    assert recommendation.adjusted_interventions is None
    staff.post(url, {"days_0": "20", "reason": "Personen flyttar till kommunens boende den 20:e."})
    with tenant_context(actor):
        recommendation.refresh_from_db()
        assert recommendation.adjusted_interventions[0]["days"] == 20
        assert recommendation.adjusted_interventions[0]["amount"] == 20 * 1320
        assert recommendation.adjusted_by.username == f"{ACTOR}.staff"
        assert recommendation.total == 26400

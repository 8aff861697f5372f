"""People understand every screen, and implausible facts are refused (issue 8, items 7, 9, 10)."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import Conversation
from intake.selectors import case_facts
from intake.services import (
    application_draft, application_submit, case_open, lawful_basis_record, recommendation_make,
)
from tenants.models import Application
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.intake.intake_helpers import assessment_fallback, example

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"


@pytest.fixture
def staff(client_at, demo_users):
    return client_at(host_of_actor(ACTOR), demo_users[f"{ACTOR}.staff"])


@pytest.fixture
def coordinator(client_at, demo_users):
    return client_at(PUBLIC_HOST, demo_users["samordnare"])


@pytest.fixture
def submitted(demo_actors, demo_users):
    staff_user = demo_users[f"{ACTOR}.staff"]
    with tenant_context(demo_actors[ACTOR]):
        case = case_open(user=staff_user, initials="N.G.", birth_year=1990, nationality="NG", gender="woman",
                         children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
        answers = intake_flow.fill(script_from_rule_answers(example("01")["answers"]), case_facts(case),
                                   today=date(2025, 3, 1), fallback=assessment_fallback)
        Conversation.objects.filter(case=case).update(answers=answers)
        recommendation = recommendation_make(case=case, user=staff_user)
        lawful_basis_record(case=case, user=staff_user, basis="consent")  # nothing leaves without it
        programme_copy = application_submit(application=application_draft(recommendation=recommendation,
                                                                          user=staff_user), user=staff_user)
    return case, recommendation, programme_copy


# --- 9. Plausible facts --------------------------------------------------------------------------

BASE = {"initials": "B.K.", "birth_year": "1993", "nationality": "NG", "gender": "woman", "person_language": "sv",
        "children-TOTAL_FORMS": "3", "children-INITIAL_FORMS": "0"}


@pytest.mark.parametrize("lang, changes, field, message", [
    ("sv", {"children-0-where": "accompanying", "children-0-birth_year": "1980"}, "children-0-birth_year",
     "född 1980"),
    ("en", {"children-0-where": "accompanying", "children-0-birth_year": "1980"}, "children-0-birth_year",
     "born in 1980"),
    ("en", {"children-0-where": "accompanying", "children-0-birth_year": "-5"}, "children-0-birth_year",
     "greater than or equal to 1900"),
    ("en", {"birth_year": "1890"}, "birth_year", "more than 100 years old"),
    ("sv", {"birth_year": "1" * 5000}, "birth_year", "heltal"),
])
def test_implausible_facts_are_refused_with_a_reason(staff, lang, changes, field, message):
    response = staff.post("/cases/new/", {**BASE, **changes}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html or f'id_{field}' in html
    assert message in html


# --- 10. No internal codes on screen ----------------------------------------------------------------


def test_the_case_page_names_the_country_and_the_rules_in_words(staff, submitted):
    case, _recommendation, _copy = submitted
    html = staff.get(f"/cases/{case.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nigeria" in html and ">NG<" not in html
    assert "Reflection period" in html
    assert "complementarity.refused" in html  # only as a secondary detail, after the reason in words
    reason_line = next(line for line in html.splitlines() if "complementarity.refused" in line)
    assert reason_line.index("complementarity.refused") > 20


def test_the_inbox_names_interventions_and_lists_each_once(coordinator, submitted):
    html = coordinator.get("/programme/applications/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    select = html.split('name="intervention"')[1].split("</select>")[0]
    assert "Reflektionsperiod" in select and ">reflection<" not in select
    options = [part.split(">")[1].split("<")[0] for part in select.split("<option")[2:]]
    assert len(options) == len(set(options))
    rows = html.split("<tbody>")[1]
    assert "Reflektionsperiod" in rows and ">reflection<" not in rows and "extended_reflection" not in rows


def test_the_coordinator_reads_reasons_and_rules_in_words(coordinator, submitted):
    _case, _recommendation, programme_copy = submitted
    html = coordinator.get(f"/programme/applications/{programme_copy.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The Migration Agency" in html and "relocation" in html
    assert "Rules: complementarity.refused" not in html
    reasons = html.split("Why the rules recommend this")[1].split("</ul>")[0]
    assert "complementarity.refused" not in reasons and "39,600" in reasons.replace("\xa0", " ")


def test_the_adjust_form_names_the_interventions(staff, demo_actors, demo_users, submitted):
    case, _recommendation, _copy = submitted
    with tenant_context(demo_actors[ACTOR]):
        recommendation_make(case=case, user=demo_users[f"{ACTOR}.staff"])  # a fresh one, not applied for yet
    html = staff.get(f"/cases/{case.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reflection period: days" in html and "Days: reflection" not in html


def test_reasons_read_in_the_readers_language_without_judging_again(staff, submitted):
    case, recommendation, _copy = submitted
    swedish = staff.get(f"/cases/{case.code}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    english = staff.get(f"/cases/{case.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "39\xa0600\xa0kr" in swedish and "SEK39,600" in english
    assert all("text" not in reason or reason["text"] for reason in recommendation.result["reasons"])


# --- 7. Bad addresses, and logs without case text ----------------------------------------------------------


@pytest.mark.parametrize("path", ["/cases/NSP%00/", "/cases/?q=%00", "/cases/NSP001/intake/?edit=%00x"])
def test_a_nul_in_the_address_is_a_clear_page_not_a_server_error(staff, path):
    response = staff.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_error_logs_keep_the_traceback_but_never_the_message(caplog):
    from portal.logging import RedactExceptionMessages

    logger = logging.getLogger("django.request")
    logger.addFilter(RedactExceptionMessages())
    secret = "Personen heter Anna och bor på Storgatan 5"
    try:
        try:
            raise KeyError(secret)
        except KeyError as inner:
            raise ValueError(f"could not save {secret}") from inner
    except ValueError:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            logger.error("Internal Server Error: /cases/NSP001/intake/answer/", exc_info=True)
    text = caplog.text + "".join(record.exc_text or "" for record in caplog.records)
    assert "Internal Server Error" in text and "ValueError" in text and "KeyError" in text
    assert secret not in text and "Anna" not in text

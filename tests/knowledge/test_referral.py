"""The referral check answers as the rules engine does, for every residence status; its
guidance corrections are vectors (referral_vectors.json); nothing is chosen in advance,
and a submit with missing answers shows one page with an error summary."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.utils import timezone

from intake.rules import recommend
from intake.rules.vocabulary import RESIDENCE_STATUSES
from knowledge import interventions
from knowledge.referral import RESIDENCE_CHOICES
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.knowledge.support import find

pytestmark = pytest.mark.django_db

SCENARIOS = {
    # Not asked, not acute: the authority should act first.
    "ask_first": (
        dict(police_report="none", person="adult", need="shelter", social_services="not_asked",
             migration_agency="not_asked"),
        dict(police_report="none", person={"age_group": "adult", "children_accompanying": 0},
             need="shelter", authorities=[], acute=False),
    ),
    # Refused by social services, police investigation ongoing, a child along.
    "refused_with_child": (
        dict(police_report="investigation_ongoing", person="adult", with_children="on",
             need="shelter", social_services="refused", migration_agency="not_asked"),
        dict(police_report="investigation_ongoing",
             person={"age_group": "adult", "children_accompanying": 1}, need="shelter",
             authorities=[{"authority": "social_services", "asked_for": "shelter",
                           "outcome": "refused"}], acute=False),
    ),
    # Acute, nobody asked yet, no police report.
    "acute_bridge": (
        dict(police_report="none", person="adult", need="shelter", social_services="pending",
             migration_agency="not_asked", acute="on"),
        dict(police_report="none", person={"age_group": "adult", "children_accompanying": 0},
             need="shelter", authorities=[{"authority": "social_services", "asked_for": "shelter",
                                           "outcome": "pending"}], acute=True),
    ),
    # Migrationsverket refused relocation; only counts for asylum seekers / temporary protection.
    "migration_agency_refused": (
        dict(police_report="unknown", person="adult", need="shelter", social_services="not_asked",
             migration_agency="refused"),
        dict(police_report="unknown", person={"age_group": "adult", "children_accompanying": 0},
             need="shelter", authorities=[{"authority": "migration_agency",
                                           "asked_for": "relocation", "outcome": "refused"}],
             acute=False),
    ),
    "integration": (
        dict(police_report="investigation_closed", person="adult", need="integration",
             social_services="not_asked", migration_agency="not_asked"),
        dict(police_report="investigation_closed",
             person={"age_group": "adult", "children_accompanying": 0}, need="integration",
             authorities=[], acute=False),
    ),
    "child_alone": (
        dict(police_report="none", person="child_alone", need="shelter", social_services="not_asked",
             migration_agency="not_asked"),
        dict(police_report="none",
             person={"age_group": "child", "with_guardian": False, "children_accompanying": 0},
             need="shelter", authorities=[], acute=False),
    ),
}


def engine_answer(status: str, expected: dict) -> dict:
    """What the rules engine says for the same situation, built here independently."""
    document = {"exploitation": {"assessment": "possible"}, "residence_status": status,
                "fear_of_authorities": False, **expected}
    ruleset = interventions.current_ruleset()
    return recommend(document, rulesets={ruleset.year: ruleset}, year=ruleset.year, lang="en",
                     today=timezone.localdate())


def test_the_check_offers_every_residence_status_of_the_engine():
    assert sorted(code for code, _label in RESIDENCE_CHOICES) == sorted(RESIDENCE_STATUSES)


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("status", RESIDENCE_STATUSES)
def test_the_answer_agrees_with_the_rules_engine(client_at, status, scenario):
    form, expected = SCENARIOS[scenario]
    client = client_at(PUBLIC_HOST)
    response = client.get("/kb/referral/", {"residence_status": status, **form},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    engine = engine_answer(status, expected)
    result = find(html, "section", id="referral-result")[0]
    assert result["data-outcome"] == engine["outcome"]
    shown_refer = {attrs["data-refer"] for attrs in find(html, "li", data_refer=None)}
    assert shown_refer == {f"{r['authority']}:{r['ask_for']}" for r in engine["refer_to"]}
    shown_paid = [attrs["data-intervention"] for attrs in find(html, "li", data_intervention=None)]
    assert shown_paid == [item["code"] for item in engine["interventions"]]
    shown_rules = [attrs["data-rule"] for attrs in find(html, "li", data_rule=None)]
    assert shown_rules == [reason["rule"] for reason in engine["reasons"]]
    text = unescape(html)
    for reason in engine["reasons"]:
        assert reason["text"] in text


def test_reflection_permit_guidance_for_social_services(client_at):
    html = client_at(PUBLIC_HOST).get("/kb/referral/", {
        "residence_status": "undocumented", "police_report": "none", "person": "adult",
        "need": "shelter", "social_services": "refused", "migration_agency": "not_asked",
    }, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert find(html, "li", data_refer="social_services:reflection_permit")
    assert "Social services may apply to Migrationsverket for a reflection-period residence permit" in html
    assert find(html, "li", data_responsible="social_services")
    assert 'href="/kb/en/reflection-period/"' in html


def test_responsibility_includes_migrationsverket_for_asylum_seekers_only(client_at):
    client = client_at(PUBLIC_HOST)
    base = {"police_report": "none", "person": "adult", "need": "shelter",
            "social_services": "not_asked", "migration_agency": "not_asked"}
    asylum = client.get("/kb/referral/", {"residence_status": "asylum_seeker", **base}).content.decode()
    citizen = client.get("/kb/referral/", {"residence_status": "eu_citizen", **base}).content.decode()
    assert find(asylum, "li", data_responsible="migration_agency")
    assert not find(citizen, "li", data_responsible="migration_agency")
    assert find(citizen, "li", data_responsible="social_services")


def test_without_answers_only_the_form(client_at):
    html = client_at(PUBLIC_HOST).get("/kb/referral/").content.decode()
    assert find(html, "form", method="get", action="/kb/referral/")
    assert not find(html, "section", data_outcome=None)


def test_a_single_cost_needs_an_item(client_at):
    client = client_at(PUBLIC_HOST)
    base = {"residence_status": "resident", "police_report": "none", "person": "adult",
            "need": "specific", "social_services": "not_asked", "migration_agency": "not_asked"}
    html = client.get("/kb/referral/", base).content.decode()
    assert not find(html, "section", data_outcome=None)
    assert 'class="field-error"' in html
    html = client.get("/kb/referral/", {**base, "items": ["interpreter", "legal_advice"]}).content.decode()
    assert find(html, "section", data_outcome="recommend")
    assert len(find(html, "li", data_intervention="point")) == 2


ANSWERED = {"residence_status": "undocumented", "police_report": "none", "person": "adult",
            "need": "shelter", "social_services": "not_asked", "migration_agency": "not_asked"}


def test_htmx_gets_the_form_and_its_answer_never_the_page(client_at):
    html = client_at(PUBLIC_HOST).get("/kb/referral/", ANSWERED, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "site-header" not in html and "<main" not in html
    assert html.strip().startswith('<div class="kb-referral" id="referral-check">')
    assert find(html, "section", id="referral-result", data_outcome="refer")
    assert find(html, "form", hx_target="#referral-check", hx_swap="outerHTML")


def test_htmx_history_restore_gets_the_whole_page(client_at):
    html = client_at(PUBLIC_HOST).get("/kb/referral/", ANSWERED, HTTP_HX_REQUEST="true",
                                      HTTP_HX_HISTORY_RESTORE_REQUEST="true").content.decode()
    assert html.count('<header class="site-header"') == 1 and html.count("<main") == 1


def test_nothing_is_chosen_in_advance(client_at):
    html = client_at(PUBLIC_HOST).get("/kb/referral/").content.decode()
    assert not find(html, "input", checked=None)
    for name in ("social_services", "migration_agency"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        options = find(select, "option")
        assert options[0]["value"] == "" and not any("selected" in o for o in options[1:]), name


@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_submit_shows_one_page_with_an_error_summary(client_at, htmx):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_at(PUBLIC_HOST).get("/kb/referral/", {"check": "1"},
                                          HTTP_ACCEPT_LANGUAGE="en", **extra)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    if htmx:
        assert "<header" not in html and "<main" not in html
    else:
        assert html.count('<header class="site-header"') == 1 and html.count("<main") == 1
    summary = find(html, "div", data_error_summary=None)
    assert summary and summary[0]["role"] == "alert" and summary[0]["tabindex"] == "-1"
    links = [attrs["href"] for attrs in find(html, "a") if attrs.get("href", "").startswith("#id_")]
    # Each required question once, linked to its first input, in the order asked.
    assert links == ["#id_residence_status_0", "#id_police_report_0", "#id_person_0",
                     "#id_need_0", "#id_social_services"]
    for href in links:
        assert find(html, None, id=href[1:]), href
    assert "Choose the person's residence status." in html
    assert not find(html, "section", data_outcome=None)


def test_a_submit_with_some_answers_keeps_them(client_at):
    html = client_at(PUBLIC_HOST).get("/kb/referral/", {"check": "1", "police_report": "unknown",
                                                        "need": "integration"}).content.decode()
    assert find(html, "input", name="police_report", value="unknown", checked=None)
    assert find(html, "input", name="need", value="integration", checked=None)
    assert find(html, "div", data_error_summary=None)


VECTORS = json.loads((Path(__file__).with_name("referral_vectors.json")).read_text())


def _responsible(html: str) -> dict[str, str]:
    found = re.findall(r'<li data-responsible="([a-z_]+)"><strong>[^<]*</strong> \(([^)]*)\)', html)
    return dict(found)


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["id"] for vector in VECTORS])
def test_guidance_vector(client_at, vector):
    """One vector per guidance correction (issue 13), run through the page itself."""
    response = client_at(PUBLIC_HOST).get("/kb/referral/", vector["query"], HTTP_ACCEPT_LANGUAGE="en")
    html = unescape(response.content.decode())
    expected = vector["expected"]
    label = f"{vector['id']}: {vector['description']}"
    result = find(html, "section", id="referral-result")[0]
    assert result.get("data-outcome") == expected["outcome"], label
    refer = {attrs["data-refer"] for attrs in find(html, "li", data_refer=None)}
    assert refer == set(expected["refer"]), label
    notes = {attrs["data-note"] for attrs in find(html, "li", data_note=None)}
    assert set(expected.get("notes", [])) <= notes, label
    assert not set(expected.get("notes_absent", [])) & notes, label
    rules = {attrs["data-rule"] for attrs in find(html, "li", data_rule=None)}
    assert set(expected.get("rules", [])) <= rules, label
    if "responsible" in expected:
        assert _responsible(html) == expected["responsible"], label
    for text in expected.get("texts", []):
        assert text in html, (label, text)


def test_migrationsverket_is_never_named_for_protected_housing(client_at):
    client = client_at(PUBLIC_HOST)
    for status in ("asylum_seeker", "temporary_protection"):
        html = unescape(client.get("/kb/referral/", {**ANSWERED, "residence_status": status},
                                   HTTP_ACCEPT_LANGUAGE="en").content.decode())
        assert _responsible(html)["migration_agency"] == "relocation"
        steps = " ".join(re.findall(r'<li data-refer="[^"]*">([^<]*)</li>', html))
        assert "does not include protected housing" in html
        assert "Migrationsverket is responsible for housing" not in steps


def test_available_on_actor_hosts_without_login(client_at):
    response = client_at(host_of_actor("norrbro")).get("/kb/referral/", {
        "residence_status": "eu_citizen", "police_report": "none", "person": "adult",
        "need": "shelter", "social_services": "refused", "migration_agency": "not_asked"})
    assert response.status_code == 200
    assert find(response.content.decode(), "section", data_outcome="recommend")


def test_a_stand_in_year_is_said_never_silent(client_at, demo_users):
    """With this year's rules not in effect, the check says which year's rules it follows."""
    from tenants.years import services as years
    from tenants.years.models import ProgrammeYear, ProgrammeYearStatus
    from tenants.years.rulesets import clear_cache

    this_year = timezone.localdate().year
    stored = ProgrammeYear.objects.filter(year=this_year).first() or years.programme_year_derive(
        base_year=2025, year=this_year, user=demo_users["samordnare"])
    query = {"residence_status": "undocumented", "police_report": "none", "person": "adult", "need": "shelter",
             "social_services": "refused", "migration_agency": "not_asked"}
    ProgrammeYear.objects.filter(pk=stored.pk).update(status=ProgrammeYearStatus.DRAFT)
    clear_cache()
    try:
        html = client_at(PUBLIC_HOST).get("/kb/referral/", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'data-testid="stand-in-year"' in html and f"rules for {this_year} are not in effect" in html
        ProgrammeYear.objects.filter(pk=stored.pk).update(status=ProgrammeYearStatus.ACTIVE)
        clear_cache()
        html = client_at(PUBLIC_HOST).get("/kb/referral/", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'data-testid="stand-in-year"' not in html
    finally:
        clear_cache()

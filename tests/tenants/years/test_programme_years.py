"""Programme years in the portal: readable pages, a new year from an old one, changes
checked by the rules engine, activation, history, and the rules recommendations use."""

from __future__ import annotations

import io
import json
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from intake.rules import RuleSetError, builtin_rulesets
from portal.formatting import sek
from tenants.years import rulesets as rulesets_module
from tenants.years import services as years
from tenants.models import ProgrammeYear, ProgrammeYearChange, ProgrammeYearStatus
from tenants.years.rulesets import active_rulesets
from tests.helpers import PUBLIC_HOST

pytestmark = pytest.mark.django_db

YEARS = "/programme/years/"

ANSWERS_2026 = {
    "period_start": "2026-02-01", "application_date": "2026-02-01",
    "person": {"age_group": "adult", "gender": "woman", "children_accompanying": 0},
    "exploitation": {"assessment": "probable", "forms": ["sexual"], "countries": ["SE"]},
    "police_report": "none", "residence_status": "resident", "ongoing_process_in_sweden": False,
    "authorities": [{"authority": "social_services", "asked_for": "shelter", "outcome": "refused",
                     "written_decision": True}],
    "acute": True, "fear_of_authorities": False, "need": "shelter", "in_nsp_shelter": False,
    "days_used": {"reflection": 0, "extended": 0, "integration": 0},
}


@pytest.fixture
def coordinator(demo_users):
    return demo_users["samordnare"]


def client_in(client_at, user, lang: str = "en"):
    client = client_at(PUBLIC_HOST, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


@pytest.fixture
def as_coordinator(client_at, coordinator):
    return client_in(client_at, coordinator, "en")


@pytest.fixture(autouse=True)
def demo_2026_as_a_draft():
    """The demo puts 2026 into effect; these tests edit it as the draft it was before
    (rolled back after each test)."""
    ProgrammeYear.objects.filter(year=2026).update(status=ProgrammeYearStatus.DRAFT, activated_at=None)
    rulesets_module.clear_cache()
    yield
    rulesets_module.clear_cache()


@pytest.fixture
def no_2026():
    """The demo keeps a 2026 draft; these tests start 2026 themselves (rolled back after)."""
    ProgrammeYear.objects.filter(year=2026).delete()


def form_values(client, year: int) -> dict:
    """The edit form as the browser would post it unchanged (from the form's initial values)."""
    response = client.get(f"{YEARS}{year}/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    values = {}
    for name, field in form.fields.items():
        initial = form.get_initial_for_field(field, name)
        if isinstance(initial, list):
            values[name] = initial
        elif initial is not None:
            values[name] = str(initial)
    return values


def recommend_cli(answers: dict, *args: str) -> dict:
    out = io.StringIO()
    stdin = io.StringIO(json.dumps(answers))
    saved, sys.stdin = sys.stdin, stdin
    try:
        call_command("recommend", "-", *args, stdout=out)
    finally:
        sys.stdin = saved
    return json.loads(out.getvalue())


# --- the readable pages ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_list_shows_builtin_and_stored_years(client_at, coordinator, lang):
    response = client_in(client_at, coordinator, lang).get(YEARS)
    assert response.status_code == 200
    html = response.content.decode()
    for year in (2016, 2022, 2025, 2026):
        assert f'data-year="{year}"' in html
    assert "2025.1" in html and "intake/rules/years/2025.json" in html
    assert "2026.1" in html  # the demo's draft


def test_year_page_in_swedish_reads_the_engines_swedish_and_swedish_money(client_at, coordinator):
    response = client_in(client_at, coordinator, "sv").get(f"{YEARS}2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1\xa0320\xa0kr" in html  # Babel, Swedish: no-break spaces, whole kronor
    assert sek(1320, "sv") in html
    ruleset = builtin_rulesets()[2025]
    assert ruleset.interventions["extended_reflection"].name_sv in html
    assert ruleset.rules["sweden_not_responsible"].description_sv in html
    assert '<html lang="sv"' in html


def test_year_page_in_english(client_at, coordinator):
    html = client_in(client_at, coordinator, "en").get(f"{YEARS}2025/").content.decode()
    assert sek(1320, "en") in html and "1\xa0320,00" not in html
    ruleset = builtin_rulesets()[2025]
    assert ruleset.interventions["extended_reflection"].name_en in html
    assert "Sources" in html and "Every rule in plain words" in html


@pytest.mark.parametrize("year", [2016, 2022, 2025])
def test_year_page_names_every_rule_with_its_source(as_coordinator, year):
    html = as_coordinator.get(f"{YEARS}{year}/").content.decode()
    ruleset = builtin_rulesets()[year]
    for rule in ruleset.rules.values():
        assert f'id="rule-{rule.id}"' in html
    for source in ruleset.section("sources"):
        assert source["citation"] in html
    for item in ruleset.interventions.values():
        assert item.name_en in html


def test_year_page_shows_limits_steps_supplements_and_deductions(as_coordinator):
    html = as_coordinator.get(f"{YEARS}2022/").content.decode()
    assert "Deducted per day from" in html  # 2022 deducts the Migration Agency's allowance
    assert "Child supplements" in html
    assert "granted 90 days at a time" in html  # deepened support, reduced: step of 90
    html_2016 = as_coordinator.get(f"{YEARS}2016/").content.decode()
    assert "At most " + sek(5000, "en") + " per item." in html_2016


def test_an_unknown_year_is_404(as_coordinator):
    assert as_coordinator.get(f"{YEARS}1999/").status_code == 404


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["region.syd", "lindskyddet.staff", "lindskyddet.admin"])
@pytest.mark.parametrize("method, path", [
    ("get", YEARS), ("get", f"{YEARS}2025/"), ("get", f"{YEARS}2026/edit/"),
    ("post", f"{YEARS}2025/derive/"), ("post", f"{YEARS}2026/edit/"), ("post", f"{YEARS}2026/activate/"),
])
def test_only_the_coordinator_sees_or_changes_years(client_at, demo_users, username, method, path):
    client = client_at(PUBLIC_HOST, demo_users[username])
    response = getattr(client, method)(path, {"year": "2031"} if method == "post" else None)
    assert response.status_code == 403
    assert not ProgrammeYear.objects.filter(year=2031).exists()
    assert ProgrammeYear.objects.get(year=2026).status == ProgrammeYearStatus.DRAFT


def test_anonymous_is_sent_to_log_in(client_at):
    response = client_at(PUBLIC_HOST).get(YEARS)
    assert response.status_code == 302 and "login" in response["Location"]


# --- a new year, changed without code, put into effect ---------------------------------------


def test_derive_2026_change_a_rate_activate_and_recommend_uses_it(as_coordinator, coordinator, no_2026):
    with pytest.raises(CommandError, match="'period_start': there are no programme rules for the year 2026"):
        recommend_cli(ANSWERS_2026, "--lang", "en")  # no rules for 2026 yet
    response = as_coordinator.post(f"{YEARS}2025/derive/", {"year": "2026", "note": "Budget 2026"})
    assert response.status_code == 302 and response["Location"] == f"{YEARS}2026/edit/"
    stored = ProgrammeYear.objects.get(year=2026)
    assert (stored.status, stored.version, stored.based_on, stored.based_on_version) == (
        "draft", "2026.1", 2025, "2025.1")
    assert stored.created_by == coordinator
    assert 2026 not in active_rulesets()  # a draft is not used

    values = form_values(as_coordinator, 2026)
    values.update({"iv__reflection__rate": "1400", "note": "Regeringsbeslut 2026"})
    response = as_coordinator.post(f"{YEARS}2026/edit/", values)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert 2026 not in active_rulesets()

    response = as_coordinator.post(f"{YEARS}2026/activate/", {"note": "Decided"})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == "active" and stored.activated_at is not None

    ruleset = active_rulesets()[2026]
    assert ruleset.interventions["reflection"].rate == 1400
    assert ruleset.source == "programme year 2026 (database)"
    result = recommend_cli(ANSWERS_2026, "--lang", "en")
    assert (result["year"], result["ruleset_version"]) == (2026, "2026.1")
    reflection = next(item for item in result["interventions"] if item["code"] == "reflection")
    assert (reflection["days"], reflection["rate"], reflection["amount"]) == (30, 1400, 42000)

    # A change to a year in effect applies at once, as a new version.
    values = form_values(as_coordinator, 2026)
    values["iv__reflection__rate"] = "1450"
    assert as_coordinator.post(f"{YEARS}2026/edit/", values).status_code == 302
    result = recommend_cli(ANSWERS_2026)
    assert result["ruleset_version"] == "2026.2"
    assert result["interventions"][0]["amount"] == 30 * 1450


def test_the_history_keeps_who_changed_what(as_coordinator, coordinator, no_2026):
    as_coordinator.post(f"{YEARS}2025/derive/", {"year": "2026"})
    values = form_values(as_coordinator, 2026)
    values.update({"iv__extended_reflection__max_days": "150", "item__interpreter__max_cost": "3000",
                   "note": "Nya gränser"})
    assert as_coordinator.post(f"{YEARS}2026/edit/", values).status_code == 302
    stored = ProgrammeYear.objects.get(year=2026)
    change = stored.changes.filter(kind="updated").get()
    assert change.changed_by == coordinator and change.note == "Nya gränser"
    assert {"path": "interventions.extended_reflection.max_days", "kind": "changed", "before": 180,
            "after": 150} in change.changes
    assert {"path": "point_items.items.interpreter.max_cost", "kind": "changed", "before": None,
            "after": 3000} in change.changes
    # The first cap brings the rule that explains it, with the engine's year-neutral words.
    added = next(c for c in change.changes if c["path"] == "rules.point.capped")
    assert added["kind"] == "added" and added["after"]["id"] == "point.capped"
    assert len(change.changes) == 3
    assert change.previous_data["interventions"][2]["max_days"] == 180
    assert [c.kind for c in stored.changes.all()] == ["updated", "derived"]
    html = as_coordinator.get(f"{YEARS}2026/").content.decode()
    assert "interventions.extended_reflection.max_days" in html and "Nya gränser" in html
    assert coordinator.get_full_name() in html


def test_an_editable_copy_of_a_builtin_year_replaces_the_file_once_active(as_coordinator):
    response = as_coordinator.post(f"{YEARS}2025/derive/", {"year": "2025"})
    assert response.status_code == 302
    stored = ProgrammeYear.objects.get(year=2025)
    assert (stored.version, stored.status) == ("2025.2", "draft")
    assert active_rulesets()[2025].version == "2025.1"
    as_coordinator.post(f"{YEARS}2025/activate/")
    assert active_rulesets()[2025].version == "2025.2"
    assert active_rulesets()[2025].source == "programme year 2025 (database)"
    html = as_coordinator.get(f"{YEARS}2025/?source=builtin").content.decode()
    assert "Built-in file (replaced)" in html


def test_deriving_a_year_that_exists_is_refused_naming_the_year(as_coordinator):
    response = as_coordinator.post(f"{YEARS}2025/derive/", {"year": "2026"})  # the demo's draft
    assert response.status_code == 400
    assert "The year 2026 already exists" in response.content.decode()
    assert ProgrammeYear.objects.filter(year=2026).count() == 1


def test_switching_on_a_deduction_in_a_year_without_one(as_coordinator, no_2026):
    as_coordinator.post(f"{YEARS}2025/derive/", {"year": "2026"})
    values = form_values(as_coordinator, 2026)
    assert values["deduction__allowance"] == []
    values["deduction__allowance"] = ["reflection", "extended_reflection"]
    assert as_coordinator.post(f"{YEARS}2026/edit/", values).status_code == 302
    as_coordinator.post(f"{YEARS}2026/activate/")
    answers = dict(ANSWERS_2026, residence_status="asylum_seeker", daily_allowance_from_migration_agency=61)
    result = recommend_cli(answers)
    assert result["interventions"][0]["amount"] == 30 * (1320 - 61)
    assert "deduction.daily_allowance" in result["rules_fired"]
    values = form_values(as_coordinator, 2026)
    values["deduction__allowance"] = []
    assert as_coordinator.post(f"{YEARS}2026/edit/", values).status_code == 302
    assert active_rulesets()[2026].deductions == ()
    assert "deduction.daily_allowance" not in active_rulesets()[2026].rules


# --- invalid changes: refused next to the field, nothing saved -------------------------------------


@pytest.mark.parametrize("field, value, message", [
    ("iv__reflection__rate", "-5", "Must be at least 0 (you entered -5)."),
    ("iv__reflection__max_days", "0", "Must be at least 1 (you entered 0)."),
    ("iv__reflection__max_days", "", "This period needs a maximum number of days"),
    ("iv__reflection__rate", "", "A daily intervention needs a rate in SEK per day."),
    ("iv__extended_reflection__step_days", "200", "The days per step (200) cannot be more than the maximum days (180)."),
    ("item__interpreter__max_cost", "-1", "Must be at least 0 (you entered -1)."),
    ("point__cap_per_item", "-100", "Must be at least 0 (you entered -100)."),
    ("iv__reflection__rate", "12.5", "Enter a whole number."),
])
def test_an_invalid_change_is_refused_next_to_its_field(as_coordinator, field, value, message):
    stored = ProgrammeYear.objects.get(year=2026)
    before = (stored.data, stored.version, stored.updated_at, stored.changes.count())
    values = form_values(as_coordinator, 2026)
    values[field] = value
    response = as_coordinator.post(f"{YEARS}2026/edit/", values)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message.split(" (")[0] in html
    label = form.full_labels[field]
    assert f'href="#id_{field}">{label}</a>' in html.replace("&#x27;", "'")
    stored.refresh_from_db()
    assert (stored.data, stored.version, stored.updated_at, stored.changes.count()) == before


def test_a_field_error_names_the_intervention_in_swedish_too(client_at, coordinator):
    client = client_in(client_at, coordinator, "sv")
    values = form_values(client, 2026)
    values["iv__reflection__rate"] = "-5"
    html = client.post(f"{YEARS}2026/edit/", values).content.decode()
    assert "Reflektionsperiod" in html and 'id="id_iv__reflection__rate_error"' in html


def test_an_invalid_update_through_the_service_saves_nothing(coordinator):
    stored = ProgrammeYear.objects.get(year=2026)
    data = json.loads(json.dumps(stored.data))
    data["interventions"][0]["rate"] = -1
    with pytest.raises(RuleSetError) as caught:
        years.programme_year_update(programme_year=stored, data=data, user=coordinator)
    assert caught.value.path == "interventions[0].rate" and caught.value.code == "minimum"
    assert ProgrammeYear.objects.get(year=2026).data["interventions"][0]["rate"] == 1320
    assert not ProgrammeYearChange.objects.filter(programme_year=stored, kind="updated").exists()


def test_a_stale_form_is_refused(as_coordinator):
    values = form_values(as_coordinator, 2026)
    stored = ProgrammeYear.objects.get(year=2026)
    ProgrammeYear.objects.filter(pk=stored.pk).update(updated_at=stored.updated_at + timedelta(seconds=1))
    values["iv__reflection__rate"] = "1500"
    response = as_coordinator.post(f"{YEARS}2026/edit/", values)
    assert response.status_code == 400 and "Someone else changed this year" in response.content.decode()
    assert ProgrammeYear.objects.get(year=2026).data["interventions"][0]["rate"] == 1320


def test_an_unchanged_form_records_no_change(as_coordinator):
    values = form_values(as_coordinator, 2026)
    assert as_coordinator.post(f"{YEARS}2026/edit/", values).status_code == 302
    assert not ProgrammeYear.objects.get(year=2026).changes.filter(kind="updated").exists()


def test_activating_twice_is_refused(coordinator):
    stored = ProgrammeYear.objects.get(year=2026)
    years.programme_year_activate(programme_year=stored, user=coordinator)
    with pytest.raises(years.ProgrammeYearInvalid) as caught:
        years.programme_year_activate(programme_year=stored, user=coordinator)
    assert caught.value.code == "already_active"


def test_a_builtin_year_has_no_edit_form_until_copied(as_coordinator):
    assert as_coordinator.get(f"{YEARS}2022/edit/").status_code == 404
    assert "Make an editable copy of 2022" in as_coordinator.get(f"{YEARS}2022/").content.decode()


# --- active_rulesets(): cheap, fresh, and the same from an actor's schema ----------------------------


def test_active_rulesets_are_cached_until_a_stored_year_changes(coordinator, django_assert_num_queries):
    stored = ProgrammeYear.objects.get(year=2026)
    years.programme_year_activate(programme_year=stored, user=coordinator)
    first = active_rulesets()[2026]
    with django_assert_num_queries(1):
        assert active_rulesets()[2026] is first
    data = json.loads(json.dumps(stored.data))
    data["interventions"][0]["rate"] = 1399
    years.programme_year_update(programme_year=stored, data=data, user=coordinator)
    assert active_rulesets()[2026].interventions["reflection"].rate == 1399
    ProgrammeYear.objects.filter(pk=stored.pk).update(status=ProgrammeYearStatus.DRAFT)
    assert 2026 not in active_rulesets()


def test_stored_years_are_seen_from_an_actors_schema(coordinator, demo_actors):
    years.programme_year_activate(programme_year=ProgrammeYear.objects.get(year=2026), user=coordinator)
    rulesets_module.clear_cache()
    with tenant_context(demo_actors["lindskyddet"]):
        assert active_rulesets()[2026].version == "2026.1"


def test_the_demo_loader_keeps_one_year_in_effect(no_2026):
    from tenants.years import demo as demo_years

    demo_years.load()
    demo_years.load()
    assert ProgrammeYear.objects.filter(year=2026).count() == 1
    stored = ProgrammeYear.objects.get(year=2026)
    assert stored.status == ProgrammeYearStatus.ACTIVE
    assert [change.kind for change in stored.changes.order_by("changed_at", "pk")] == ["derived", "activated"]


def test_clearing_every_cap_drops_the_rule_that_explained_it(as_coordinator):
    response = as_coordinator.post(f"{YEARS}2016/derive/", {"year": "2016"})
    assert response.status_code == 302
    values = form_values(as_coordinator, 2016)
    for name in list(values):
        if name.startswith("item__") or name == "point__cap_per_item":
            values[name] = ""
    response = as_coordinator.post(f"{YEARS}2016/edit/", values)
    assert response.status_code == 302, response.context["form"].errors
    stored = ProgrammeYear.objects.get(year=2016)
    assert "point.capped" not in {rule["id"] for rule in stored.data["rules"]}
    change = stored.changes.get(kind="updated")
    assert {"path": "rules.point.capped", "kind": "removed"}.items() <= next(
        c for c in change.changes if c["path"] == "rules.point.capped").items()


def test_data_changes_names_entries_by_their_code():
    before = builtin_rulesets()[2025].to_dict()
    after = json.loads(json.dumps(before))
    after["interventions"][0]["rate"] = 1400
    after["deductions"] = [{"rule": "x", "answer": "y", "per": "day", "applies_to": ["reflection"]}]
    assert years.data_changes(before, after) == [
        {"path": "interventions.reflection.rate", "kind": "changed", "before": 1320, "after": 1400},
        {"path": "deductions.x", "kind": "added", "before": None, "after": after["deductions"][0]},
    ]


def test_every_refused_field_is_named_at_once(as_coordinator):
    values = form_values(as_coordinator, 2026)
    values.update({"iv__reflection__rate": "-5", "iv__extended_reflection__max_days": "0",
                   "item__interpreter__max_cost": "-2"})
    response = as_coordinator.post(f"{YEARS}2026/edit/", values)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"iv__reflection__rate", "iv__extended_reflection__max_days", "item__interpreter__max_cost"} <= set(errors)


def test_step_days_are_offered_only_where_the_engine_reads_them(as_coordinator):
    form = as_coordinator.get(f"{YEARS}2026/edit/").context["form"]
    assert "iv__extended_reflection__step_days" in form.fields
    assert "iv__integration_support__step_days" in form.fields
    assert "iv__reflection_child__step_days" not in form.fields

"""Year data: the shipped years load; broken data fails naming source, field and problem."""

from __future__ import annotations

import json

import pytest

from portal.formatting import sek
from intake.rules import (
    RuleSetError,
    builtin_rulesets,
    derive_ruleset,
    explain_ruleset,
    load_ruleset,
    load_ruleset_file,
    recommend,
)
from intake.rules.ruleset import YEARS_DIR

SOURCE = "broken-2025.json"


@pytest.fixture
def year_2025() -> dict:
    return builtin_rulesets()[2025].to_dict()


def load_error(data: dict) -> str:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(data, source=SOURCE)
    return str(caught.value)


# --- the shipped years ------------------------------------------------------------------


def test_builtin_years_load():
    rulesets = builtin_rulesets()
    assert sorted(rulesets) == [2016, 2022, 2025]
    for year, ruleset in rulesets.items():
        assert ruleset.year == year
        assert ruleset.version.startswith(str(year))
        assert ruleset.source.endswith(f"years/{year}.json")


def test_builtin_rulesets_are_cached_but_the_dict_is_the_callers():
    first, second = builtin_rulesets(), builtin_rulesets()
    assert first is not second and first[2025] is second[2025]
    first.pop(2025)
    assert 2025 in builtin_rulesets()


@pytest.mark.parametrize("year", [2016, 2022, 2025])
def test_to_dict_gives_back_the_file(year):
    on_disk = json.loads((YEARS_DIR / f"{year}.json").read_text(encoding="utf-8"))
    assert builtin_rulesets()[year].to_dict() == on_disk


def test_to_dict_is_a_copy(year_2025):
    year_2025["interventions"][0]["rate"] = 1
    assert builtin_rulesets()[2025].interventions["reflection"].rate == 1320
    assert builtin_rulesets()[2025].to_dict()["interventions"][0]["rate"] == 1320


def test_loading_does_not_keep_a_reference_to_the_callers_dict(year_2025):
    ruleset = load_ruleset(year_2025, source="db:2025")
    year_2025["interventions"][0]["rate"] = 1
    assert ruleset.interventions["reflection"].rate == 1320


# --- broken data: the message names the source, the field and the problem -------------------


def test_missing_field(year_2025):
    del year_2025["interventions"][2]["rate"]
    message = load_error(year_2025)
    assert message == f"{SOURCE}: interventions[2].rate: is missing (required)"


def test_missing_section(year_2025):
    del year_2025["rules"]
    assert load_error(year_2025) == f"{SOURCE}: rules: is missing (required)"


def test_negative_rate(year_2025):
    year_2025["interventions"][2]["rate"] = -5
    message = load_error(year_2025)
    assert message.startswith(f"{SOURCE}: interventions[2].rate: ")
    assert "at least 0" in message and "-5" in message


def test_rate_of_the_wrong_type(year_2025):
    year_2025["interventions"][2]["rate"] = "1320"
    assert "interventions[2].rate: must be of type integer" in load_error(year_2025)


def test_unknown_code_reference(year_2025):
    year_2025["interventions"][0]["child_supplement"] = "no_such_code"
    message = load_error(year_2025)
    assert message.startswith(f"{SOURCE}: interventions[0].child_supplement: ")
    assert "unknown intervention code 'no_such_code'" in message


def test_unknown_shelter_period_code(year_2025):
    year_2025["shelter"]["periods"][1]["intervention"] = "extended"
    assert "shelter.periods[1].intervention: unknown intervention code 'extended'" in (
        load_error(year_2025))


def test_misspelt_field(year_2025):
    year_2025["interventions"][1]["rat"] = 500
    assert load_error(year_2025) == (
        f"{SOURCE}: interventions[1].rat: is not a known field (misspelt?)")


def test_duplicate_intervention_code(year_2025):
    year_2025["interventions"][3]["code"] = "reflection"
    assert "interventions[3].code: duplicate code 'reflection'" in load_error(year_2025)


def test_duplicate_rule_id(year_2025):
    year_2025["rules"][1]["id"] = "target_group"
    assert "rules[1].id: duplicate id 'target_group'" in load_error(year_2025)


def test_referenced_rule_must_exist(year_2025):
    year_2025["rules"] = [r for r in year_2025["rules"] if r["id"] != "sweden_not_responsible"]
    assert ("interventions[2].conditions[0].otherwise.rule: unknown rule id "
            "'sweden_not_responsible'") in load_error(year_2025)


def test_rule_the_engine_needs_must_exist(year_2025):
    year_2025["rules"] = [r for r in year_2025["rules"] if r["id"] != "supplement.child"]
    assert "rule 'supplement.child' is needed" in load_error(year_2025)


def test_a_rule_that_can_never_fire_is_refused(year_2025):
    year_2025["rules"].append(dict(year_2025["rules"][0], id="spare.rule"))
    assert "'spare.rule' can never fire" in load_error(year_2025)


def test_predicate_with_unknown_field(year_2025):
    year_2025["predicates"]["sweden_responsible"]["test"]["any"][0]["field"] = "residency"
    message = load_error(year_2025)
    assert "predicates.sweden_responsible.test.any[0].field: unknown answer field" in message


def test_predicate_with_misspelt_value(year_2025):
    year_2025["predicates"]["sweden_responsible"]["test"]["any"][0]["in"] = ["swedish_citizn"]
    message = load_error(year_2025)
    assert "'swedish_citizn' is not a value of residence_status" in message


def test_condition_with_unknown_predicate_name(year_2025):
    year_2025["interventions"][2]["conditions"][0]["require"] = "sweden_resp"
    assert "interventions[2].conditions[0].require: unknown predicate name 'sweden_resp'" in (
        load_error(year_2025))


def test_self_referring_predicate(year_2025):
    year_2025["predicates"]["loop"] = {"description_sv": "x", "description_en": "x",
                                       "test": "loop"}
    assert "refers to itself" in load_error(year_2025)


@pytest.mark.parametrize("template, problem", [
    ("Hello {person}", "unknown placeholder {person}"),
    ("{days:d} days", "must not carry a format"),
    ("{days", "is not a valid template"),
])
def test_bad_reason_template(year_2025, template, problem):
    year_2025["rules"][0]["text_sv"] = template
    message = load_error(year_2025)
    assert message.startswith(f"{SOURCE}: rules[0].text_sv: ") and problem in message


def test_unknown_document(year_2025):
    year_2025["interventions"][2]["documents_required"] = ["plan_x"]
    assert "interventions[2].documents_required[0]: unknown document code 'plan_x'" in (
        load_error(year_2025))


@pytest.mark.parametrize("change, path, problem", [
    ({"valid_from": "2025-02-01", "valid_to": "2025-01-01"}, "valid_to", "before valid_from"),
    ({"valid_to": "2026-01-01"}, "valid_to", "not in the year 2025"),
    ({"valid_to": "2025-02-30"}, "valid_to", "not a real date"),
    ({"valid_to": "31/12/2025"}, "valid_to", "YYYY-MM-DD"),
    ({"version": "v1"}, "version", "e.g. 2025.1"),
])
def test_bad_dates_and_version(year_2025, change, path, problem):
    year_2025.update(change)
    message = load_error(year_2025)
    assert message.startswith(f"{SOURCE}: {path}: ") and problem in message


def test_referral_behind_a_null_flag(year_2025):
    year_2025["flags"]["social_services_may_apply_reflection_permit_from"] = None
    assert "complementarity.referrals[1].from_flag" in load_error(year_2025)


def test_shelter_period_must_be_daily(year_2025):
    year_2025["shelter"]["periods"][0]["intervention"] = "point"
    assert "must have unit 'day'" in load_error(year_2025)


def test_root_must_be_an_object():
    with pytest.raises(RuleSetError) as caught:
        load_ruleset([1, 2], source="list.json")
    assert str(caught.value) == "list.json: (root): a year's data must be a JSON object"


def test_a_file_that_is_not_json_names_the_file(tmp_path):
    path = tmp_path / "2030.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_ruleset_file(path)
    assert "2030.json" in str(caught.value) and "cannot be read as JSON" in str(caught.value)


def test_rule_set_error_carries_its_parts(year_2025):
    year_2025["interventions"][2]["rate"] = -1
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(year_2025, source=SOURCE)
    assert (caught.value.source, caught.value.path) == (SOURCE, "interventions[2].rate")
    assert isinstance(caught.value, ValueError)


# --- a coordinator's new year, without code ------------------------------------------------


def test_derive_a_new_year_and_change_a_rate():
    data = derive_ruleset(builtin_rulesets()[2025], year=2026, version="2026.1")
    assert (data["year"], data["version"], data["derived_from"]) == (2026, "2026.1", "2025.1")
    assert (data["valid_from"], data["valid_to"]) == ("2026-01-01", "2026-12-31")
    assert data["title_en"] == "National Support Programme 2026"
    data["interventions"][0]["rate"] = 1400
    rulesets = {**builtin_rulesets(), 2026: load_ruleset(data, source="db:2026")}
    answers = {
        "period_start": "2026-02-01", "person": {"age_group": "adult"},
        "exploitation": {"assessment": "probable"}, "residence_status": "resident",
        "need": "shelter", "acute": True,
    }
    result = recommend(answers, rulesets=rulesets)
    assert (result["year"], result["ruleset_version"]) == (2026, "2026.1")
    assert result["interventions"][0] == {
        "code": "reflection", "days": 30, "rate": 1400, "amount": 42000,
        "start": "2026-02-01", "end": "2026-03-02",
    }


def test_derive_refuses_a_bad_version():
    with pytest.raises(RuleSetError) as caught:
        derive_ruleset(builtin_rulesets()[2025], year=2026, version="next")
    assert "version" in str(caught.value)


def test_a_loaded_copy_from_the_database_judges_like_the_file(year_2025):
    stored = json.loads(json.dumps(year_2025))  # as a JSONField would hand it back
    rulesets = {2025: load_ruleset(stored, source="db:programme_year/7")}
    answers = {
        "period_start": "2025-03-01", "person": {"age_group": "adult"},
        "exploitation": {"assessment": "probable"}, "residence_status": "resident",
        "need": "shelter", "authorities": [
            {"authority": "social_services", "asked_for": "shelter", "outcome": "refused"}],
    }
    assert recommend(answers, rulesets=rulesets) == recommend(answers)


# --- the coordinator's page ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("year", [2016, 2022, 2025])
def test_explain_ruleset(year, lang):
    ruleset = builtin_rulesets()[year]
    page = explain_ruleset(ruleset, lang)
    json.dumps(page)  # plain data, ready for a template or an API
    assert (page["year"], page["version"]) == (year, ruleset.version)
    assert {item["code"] for item in page["interventions"]} == set(ruleset.interventions)
    assert all(item["name"] for item in page["interventions"])
    assert {rule["id"] for rule in page["rules"]} == set(ruleset.rules)
    assert all(rule["description"] and rule["source"] for rule in page["rules"])
    assert page["shelter_periods"][0]["code"] == "reflection"


def test_explain_shows_conditions_in_words():
    page = explain_ruleset(builtin_rulesets()[2025], "en")
    extended = next(i for i in page["interventions"] if i["code"] == "extended_reflection")
    assert extended["conditions"][0]["requirement"].startswith("Sweden is responsible")
    assert extended["step_days"] == 30 and extended["max_days"] == 180
    assert extended["documents_required"] == [
        {"code": "implementation_plan", "name": "Implementation plan"}]
    page_2022 = explain_ruleset(builtin_rulesets()[2022], "sv")
    assert [p["from_day"] for p in page_2022["shelter_periods"]] == [1, 1, 91]
    assert [p["to_day"] for p in page_2022["shelter_periods"]] == [30, 90, 270]



def test_a_rule_set_survives_pickle_and_deepcopy():
    import copy
    import pickle

    ruleset = builtin_rulesets()[2022]
    for clone in (pickle.loads(pickle.dumps(ruleset)), copy.deepcopy(ruleset)):
        assert clone.to_dict() == ruleset.to_dict() and clone.source == ruleset.source
    assert "2022.1" in repr(ruleset) and len(repr(ruleset)) < 300


def test_explain_refuses_an_unknown_language():
    with pytest.raises(ValueError):
        explain_ruleset(builtin_rulesets()[2025], "de")


# --- the same problems for a program: code and params (the coordinator's edit form) ------------


@pytest.mark.parametrize("change, path, code, params", [
    (lambda d: d["interventions"][2].update(rate=-5), "interventions[2].rate", "minimum",
     {"minimum": 0, "value": -5}),
    (lambda d: d["interventions"][2].update(max_days=0), "interventions[2].max_days", "minimum",
     {"minimum": 1, "value": 0}),
    (lambda d: d["interventions"][2].update(step_days=200), "interventions[2].step_days",
     "step_larger_than_max", {"value": 200, "maximum": 180}),
    (lambda d: d["interventions"][0].update(max_days=None), "interventions[0].max_days",
     "needs_max_days", {"code": "reflection"}),
    (lambda d: d["interventions"][6].update(max_days=None), "interventions[6].max_days",
     "needs_max_days", {"code": "integration_support"}),
    (lambda d: d["interventions"][0].update(rate=None), "interventions[0].rate", "needs_rate", {}),
    (lambda d: d["interventions"][0].update(rate="1320"), "interventions[0].rate", "type",
     {"expected": "integer", "value": "1320"}),
    (lambda d: d["point_items"].update(cap_per_item=-1), "point_items.cap_per_item", "minimum",
     {"minimum": 0, "value": -1}),
    (lambda d: d["interventions"][0].pop("rate"), "interventions[0].rate", "required", {}),
])
def test_rule_set_error_has_a_code_and_params(year_2025, change, path, code, params):
    change(year_2025)
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(year_2025, source=SOURCE)
    assert (caught.value.path, caught.value.code, caught.value.params) == (path, code, params)


def test_an_unexplained_problem_has_the_code_invalid(year_2025):
    year_2025["interventions"][0]["child_supplement"] = "no_such_code"
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(year_2025, source=SOURCE)
    assert caught.value.code == "invalid" and caught.value.params == {}


# --- year-neutral rule wording for rules a changed value switches on -------------------------------


def test_rule_templates_switch_on_a_cap_in_a_year_without_one(year_2025):
    from intake.rules import rule_template

    year_2025["point_items"]["items"][0]["max_cost"] = 1000  # interpreter
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(year_2025, source=SOURCE)
    assert (caught.value.code, caught.value.params) == ("rule_missing", {"rule": "point.capped"})
    year_2025["rules"].append(rule_template("point.capped"))
    rulesets = {2025: load_ruleset(year_2025, source=SOURCE)}
    answers = {"period_start": "2025-05-01", "person": {"age_group": "adult"},
               "exploitation": {"assessment": "probable"}, "residence_status": "resident",
               "need": "specific", "specific_items": [{"item": "interpreter", "cost": 1500}]}
    for lang in ("sv", "en"):
        result = recommend(answers, rulesets=rulesets, lang=lang)
        assert result["interventions"][0]["amount"] == 1000
        capped = next(r["text"] for r in result["reasons"] if r["rule"] == "point.capped")
        assert "{" not in capped and sek(1000, lang) in capped and sek(1500, lang) in capped


def test_rule_templates_are_valid_and_a_copy():
    from intake.rules import rule_template

    first = rule_template("deduction.daily_allowance")
    first["text_en"] = "changed"
    assert rule_template("deduction.daily_allowance")["text_en"] != "changed"
    assert rule_template("no.such.rule") is None
    year_2022 = builtin_rulesets()[2022].to_dict()
    year_2022["rules"] = [rule_template(r["id"]) or r for r in year_2022["rules"]]
    load_ruleset(year_2022, source="2022 with template wording")


def test_a_rule_that_can_no_longer_fire_has_a_code(year_2025):
    year_2025["rules"].append(dict(year_2025["rules"][0], id="point.capped"))
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(year_2025, source=SOURCE)
    assert (caught.value.code, caught.value.params) == ("rule_unused", {"rule": "point.capped"})


def test_schema_problems_lists_every_refused_field(year_2025):
    from intake.rules import schema_problems

    year_2025["interventions"][0]["rate"] = -5
    year_2025["interventions"][2]["max_days"] = 0
    year_2025["point_items"]["cap_per_item"] = "many"
    problems = schema_problems(year_2025, source=SOURCE)
    assert [(p.path, p.code) for p in problems] == [
        ("interventions[0].rate", "minimum"), ("interventions[2].max_days", "minimum"),
        ("point_items.cap_per_item", "type")]
    assert schema_problems(builtin_rulesets()[2025].to_dict(), source=SOURCE) == []

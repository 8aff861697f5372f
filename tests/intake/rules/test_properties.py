"""Whatever JSON comes in, recommend() answers or raises AnswersError, and its sums add up."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.rules import AnswersError, builtin_rulesets, recommend
from intake.rules import vocabulary as v

TODAY = date(2025, 6, 1)
SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- strategies -----------------------------------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=12) | st.sampled_from(["2025-03-01", "2016-02-29", "shelter",
                                                     "child", "granted", "9999-12-31"]))
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)

TOP_KEYS = ["application_date", "period_start", "person", "exploitation", "police_report",
            "residence_status", "ongoing_process_in_sweden", "authorities", "acute",
            "fear_of_authorities", "need", "specific_items", "in_nsp_shelter", "days_used",
            "daily_allowance_from_migration_agency"]

# The contract's keys, each holding anything at all.
contract_shaped = st.fixed_dictionaries({}, optional={key: json_values for key in TOP_KEYS})

years_with_rules = st.sampled_from([2016, 2022, 2025])


@st.composite
def a_date(draw) -> str:
    year = draw(years_with_rules)
    return draw(st.dates(date(year, 1, 1), date(year, 12, 31))).isoformat()


@st.composite
def authority(draw) -> dict:
    outcome = draw(st.sampled_from(v.AUTHORITY_OUTCOMES))
    entry = {"authority": draw(st.sampled_from(v.AUTHORITIES)),
             "asked_for": draw(st.sampled_from(v.ASKED_FOR)), "outcome": outcome}
    if draw(st.booleans()):
        entry["written_decision"] = outcome != "not_asked" and draw(st.booleans())
    if draw(st.booleans()):
        entry["reason"] = draw(st.text(max_size=20))
    return entry


@st.composite
def specific_item(draw) -> dict:
    item = {"item": draw(st.sampled_from(["interpreter", "therapy", "legal_advice", "basic_needs",
                                          "food", "healthcare", "mobile_phone", "other",
                                          "parking_fee", "hygiene"])),
            "cost": draw(st.integers(0, 20_000))}
    if draw(st.booleans()):
        item["quantity"] = draw(st.integers(1, 10))
    if draw(st.booleans()):
        item["for_child"] = draw(st.booleans())
    return item


@st.composite
def valid_answers(draw) -> dict:
    """A document that respects the contract, so it must always be judged."""
    age_group = draw(st.sampled_from(v.AGE_GROUPS))
    person: dict = {"age_group": age_group,
                    "children_accompanying": draw(st.integers(0, 4))}
    if age_group == "child" or draw(st.booleans()):
        person["with_guardian"] = draw(st.booleans())
    if draw(st.booleans()):
        person["gender"] = draw(st.sampled_from(v.GENDERS))
    need = draw(st.sampled_from(v.NEEDS))
    status = draw(st.sampled_from(v.RESIDENCE_STATUSES))
    doc = {
        "person": person,
        "exploitation": {"assessment": draw(st.sampled_from(v.ASSESSMENTS)),
                         "forms": draw(st.lists(st.sampled_from(v.EXPLOITATION_FORMS),
                                                max_size=3)),
                         "countries": draw(st.lists(st.sampled_from(["SE", "IT", "NG", "RO"]),
                                                    max_size=2))},
        "police_report": draw(st.sampled_from(v.POLICE_REPORTS)),
        "residence_status": status,
        "ongoing_process_in_sweden": draw(st.booleans()),
        "authorities": draw(st.lists(authority(), max_size=3)),
        "acute": draw(st.booleans()),
        "fear_of_authorities": draw(st.booleans()),
        "need": need,
        "in_nsp_shelter": draw(st.booleans()),
        "days_used": {counter: draw(st.integers(0, 300)) for counter in v.DAYS_USED_COUNTERS},
        "daily_allowance_from_migration_agency": (
            0 if status == "swedish_citizen" else draw(st.integers(0, 2000))),
    }
    if need == "specific" or draw(st.booleans()):
        doc["specific_items"] = draw(st.lists(specific_item(), min_size=1, max_size=4))
    dates = draw(st.sampled_from(["both", "period_start", "application_date"]))
    if dates in ("both", "period_start"):
        doc["period_start"] = draw(a_date())
    if dates in ("both", "application_date"):
        doc["application_date"] = draw(a_date())
    return doc


def _paths(value, prefix=()):
    """Every path into a JSON document, so a perturbation can hit any of them."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


@st.composite
def perturbed_answers(draw) -> dict:
    """A valid document with one to three answers deleted or replaced by anything."""
    doc = draw(valid_answers())
    for _ in range(draw(st.integers(1, 3))):
        paths = [path for path in _paths(doc) if path]
        if not paths:
            break
        *parents, last = draw(st.sampled_from(paths))
        target = doc
        for part in parents:
            target = target[part]
        if draw(st.booleans()) and isinstance(target, dict):
            del target[last]
        else:
            target[last] = draw(json_values | st.sampled_from(
                [*v.NEEDS, *v.RESIDENCE_STATUSES, *v.AUTHORITY_OUTCOMES, -1, 0, 31, 180, 10**12,
                 "2025-12-31", "2022-08-01", "2022-07-31", "2019-01-01"]))
    return doc


# --- what must always hold ---------------------------------------------------------------------


def check_recommendation(result: dict) -> None:
    json.dumps(result)
    ruleset = builtin_rulesets()[result["year"]]
    assert result["outcome"] in v.OUTCOMES
    assert result["ruleset_version"] == ruleset.version
    amounts = [item["amount"] for item in result["interventions"]]
    assert all(isinstance(amount, int) and amount >= 0 for amount in amounts)
    assert result["total"] == sum(amounts) >= 0
    if result["outcome"] != "recommend":
        assert result["interventions"] == [] and result["documents_required"] == []
    for item in result["interventions"]:
        intervention = ruleset.interventions[item["code"]]
        if item["days"] is not None:
            assert 1 <= item["days"] <= (intervention.max_days or item["days"])
            start, end = date.fromisoformat(item["start"]), date.fromisoformat(item["end"])
            assert (end - start).days + 1 == item["days"]
            assert end <= date(start.year, 12, 31)
            assert item["amount"] <= item["days"] * item["rate"]
    for entry in result["refer_to"]:
        assert entry["authority"] in v.AUTHORITIES and entry["ask_for"] in v.ASKED_FOR
    for reason in result["reasons"]:
        assert reason["rule"] in result["rules_fired"] and reason["rule"] in ruleset.rules
        assert reason["text"] and "{" not in reason["text"]
    assert result["reasons"], "every recommendation says why"


def judge(answers, lang: str = "en") -> None:
    try:
        result = recommend(answers, lang=lang, today=TODAY)
    except AnswersError as error:
        assert error.field and error.code
        assert f"'{error.field}'" in error.message("sv")
        assert f"'{error.field}'" in error.message("en")
        return
    check_recommendation(result)


@SETTINGS
@given(json_values)
def test_any_json_value(answers):
    judge(answers)


@SETTINGS
@given(contract_shaped)
def test_contract_keys_with_any_values(answers):
    judge(answers)


@SETTINGS
@given(perturbed_answers(), st.sampled_from(v.LANGUAGES))
def test_perturbed_valid_answers(answers, lang):
    judge(answers, lang)


@settings(max_examples=500, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(valid_answers(), st.sampled_from(v.LANGUAGES))
def test_valid_answers_are_always_judged(answers, lang):
    check_recommendation(recommend(answers, lang=lang, today=TODAY))


@SETTINGS
@given(valid_answers())
def test_the_language_changes_only_the_texts(answers):
    english = recommend(answers, lang="en", today=TODAY)
    swedish = recommend(answers, lang="sv", today=TODAY)
    assert {**english, "reasons": None} == {**swedish, "reasons": None}


@SETTINGS
@given(valid_answers())
def test_recommend_does_not_change_the_answers(answers):
    before = json.dumps(answers, sort_keys=True)
    recommend(answers, today=TODAY)
    assert json.dumps(answers, sort_keys=True) == before

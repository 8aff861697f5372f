"""The year files and the guided intake speak one vocabulary of point items.

The intake's question `specific_items` records item codes; a year's point-item list is
keyed by the same codes, so an item asked for is found on the list (its cap, its name).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.rules import builtin_rulesets

QUESTIONS = Path(__file__).resolve().parents[3] / "intake" / "flow" / "questions.json"


def _intake_item_codes() -> set[str]:
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    entries = questions if isinstance(questions, list) else questions.get("questions", [])
    for question in entries:
        if question.get("id") == "specific_items":
            return {choice["value"] for choice in question["choices"]}
    raise AssertionError("intake/flow/questions.json has no question 'specific_items'")


@pytest.mark.parametrize("year", sorted(builtin_rulesets()))
def test_point_item_keys_are_intake_codes(year):
    ruleset = builtin_rulesets()[year]
    unknown = set(ruleset.point_items) - _intake_item_codes()
    assert not unknown, f"{year}: point items the intake cannot record: {sorted(unknown)}"


@pytest.mark.parametrize("year", sorted(builtin_rulesets()))
def test_items_covered_by_daily_compensation_are_intake_codes(year):
    covered = set(builtin_rulesets()[year].section("point_items")["covered_by_daily_compensation"])
    assert covered <= _intake_item_codes()

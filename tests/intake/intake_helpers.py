"""Driving the guided intake in tests: from a worked example to posted chat answers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "domain" / "examples"
LOCAL_EXAMPLES = Path(__file__).resolve().parent / "rules" / "vectors" / "examples"


def example(number: str) -> dict:
    for folder in (EXAMPLES, LOCAL_EXAMPLES):
        path = folder / f"{number}.json"
        if path.exists():
            return json.loads(path.read_text())
    raise FileNotFoundError(number)


def assessment_fallback(question) -> Any:
    """Questions a worked example does not answer: "no", zero or skipped, as a quick intake would."""
    if question.kind in ("yes_no", "yes_no_unknown"):
        return {"value": "no", "note": ""} if question.note else "no"
    if question.kind == "multi_choice":
        return [question.choices[-1].value]
    if question.kind == "choice":
        # Who referred the person, why support was not obtained: "other" (the last choice).
        return question.choices[-1].value
    if question.kind == "integer":
        return question.min or 0
    return None


def script_for(document: dict) -> dict:
    return script_from_rule_answers(document)


def post_data(question, raw: Any) -> dict:
    """The form fields the chat posts for this raw answer (as a browser would)."""
    data: dict[str, Any] = {"question_id": question.id}
    note = ""
    if isinstance(raw, dict) and question.note and set(raw) == {"value", "note"}:
        raw, note = raw["value"], raw["note"]
        data["note"] = note
    if raw is None:
        data["skip"] = "1"
    elif question.kind == "items":
        for index, row in enumerate(raw):
            data[f"item_{index}"] = row["item"]
            data[f"cost_{index}"] = str(row["cost"])
    elif question.kind == "days_used":
        for part, value in raw.items():
            data[f"days_{part}"] = str(value)
    elif isinstance(raw, (list, tuple)):
        data["value"] = list(raw)
    elif isinstance(raw, bool):
        data["value"] = "yes" if raw else "no"
    else:
        data["value"] = str(raw)
    return data


def answer_all(client, case, facts: dict, script: dict, *, answers_of) -> int:
    """Post every question the flow asks, until the intake is complete. Returns the count."""
    posted = 0
    for _ in range(500):
        question = intake_flow.next_question(answers_of(), facts)
        if question is None:
            return posted
        raw = script[question.id] if question.id in script else assessment_fallback(question)
        response = client.post(f"/cases/{case.code}/intake/answer/", post_data(question, raw))
        assert response.status_code == 302, response.content[:500]
        posted += 1
    raise AssertionError("the intake never completed")


TODAY = date(2025, 3, 1)

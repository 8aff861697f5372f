"""The rates table of the knowledge base, generated from the rules engine's year data.

Articles carry the marker line `[[interventions:current]]`; at render time it becomes a
table of the current programme year's interventions and rates, so the numbers are
typed once (in intake/rules/years/<year>.json) and never copied into prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from intake.rules import RuleSet, builtin_rulesets, explain_ruleset
from knowledge import languages
from knowledge.article_labels import label

MARKER = "[[interventions:current]]"


def rulesets() -> dict[int, RuleSet]:
    """The programme years in force: the coordinator's stored years where the portal has
    them (tenants.years.rulesets, the same the intake judges by), else the built-in year files."""
    try:
        from tenants.years.rulesets import active_rulesets
    except ModuleNotFoundError as error:  # the programme-years module is optional
        if error.name != "tenants.years.rulesets":
            raise
        return builtin_rulesets()
    return active_rulesets()


def current_ruleset(today: date | None = None) -> RuleSet | None:
    """This year's rules; else the latest year before it; else the earliest there is."""
    today = today or timezone.localdate()
    available = rulesets()
    if not available:
        return None
    past = [year for year in available if year <= today.year]
    return available[max(past) if past else min(available)]


def _engine_lang(lang: str) -> str:
    # The engine names interventions in Swedish and English only.
    return "sv" if lang == "sv" else "en"


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    name_lang: str
    swedish_name: str | None   # the official name beside a translated one
    per_day: str | None
    longest: str | None
    step: str | None
    child: str | None
    actual_cost: bool


def table_context(lang: str, today: date | None = None) -> dict[str, Any] | None:
    today = today or timezone.localdate()
    ruleset = current_ruleset(today)
    if ruleset is None:
        return None
    engine_lang = _engine_lang(lang)
    explained = explain_ruleset(ruleset, engine_lang)
    swedish = {item["code"]: item["name"] for item in explain_ruleset(ruleset, "sv")["interventions"]}
    by_code = {item["code"]: item for item in explained["interventions"]}
    supplements = {item["child_supplement"]["code"] for item in explained["interventions"]
                   if item["child_supplement"]}
    rows = []
    for item in explained["interventions"]:
        if item["code"] in supplements:
            continue  # shown in its parent's row
        child = by_code.get((item["child_supplement"] or {}).get("code"))
        per_day = item["unit"] == "day" and item["rate"] is not None
        rows.append(Row(
            code=item["code"],
            name=item["name"],
            name_lang=engine_lang,
            swedish_name=None if engine_lang == "sv" else swedish[item["code"]],
            per_day=languages.money(item["rate"], lang) if per_day else None,
            longest=(label(lang, "days", n=languages.number(item["max_days"], lang))
                     if item["max_days"] else None),
            step=(label(lang, "step", n=languages.number(item["step_days"], lang))
                  if item["step_days"] else None),
            child=(languages.money(child["rate"], lang)
                   if child and child["rate"] is not None else None),
            actual_cost=item["unit"] == "item",
        ))
    return {
        "lang": lang,
        "year": ruleset.year,
        "version": ruleset.version,
        "rows": rows,
        "caption": label(lang, "table_caption", year=ruleset.year),
        "fallback_note": (label(lang, "fallback_year", year=today.year, ruleset_year=ruleset.year)
                          if ruleset.year != today.year else ""),
        "valid": label(lang, "valid", start=languages.day(ruleset.valid_from, lang),
                       end=languages.day(ruleset.valid_to, lang)),
        "labels": {key: label(lang, key) for key in (
            "col_intervention", "col_per_day", "col_longest", "col_child", "actual_cost")},
    }


def table_html(lang: str, today: date | None = None) -> str:
    context = table_context(lang, today)
    if context is None:
        return ""
    return render_to_string("knowledge/_interventions_table.html", context)

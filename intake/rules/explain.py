"""A year's rules in words, for the coordinator's page: what is paid, when, and why."""

from __future__ import annotations

from typing import Any

from . import predicates
from .ruleset import Intervention, RuleSet
from .vocabulary import ASKED_FOR_LABELS, AUTHORITY_LABELS, LANGUAGES, label


def _document(ruleset: RuleSet, code: str, lang: str) -> dict[str, str]:
    for document in ruleset.section("documents"):
        if document["code"] == code:
            return {"code": code, "name": document[f"name_{lang}"]}
    return {"code": code, "name": code}


def _intervention(ruleset: RuleSet, item: Intervention, lang: str) -> dict[str, Any]:
    named = ruleset.named_predicates
    child = ruleset.interventions.get(item.child_supplement or "")
    return {
        "code": item.code,
        "name": item.name(lang),
        "unit": item.unit,
        "rate": item.rate,
        "max_days": item.max_days,
        "step_days": item.step_days,
        "child_supplement": None if child is None else {"code": child.code,
                                                        "name": child.name(lang)},
        "conditions": [
            {"requirement": predicates.describe(condition.require, named, lang),
             "otherwise": condition.outcome, "rule": condition.rule}
            for condition in item.conditions
        ],
        "documents_required": [_document(ruleset, code, lang)
                               for code in item.documents_required],
        "source": item.source,
    }


def _shelter_periods(ruleset: RuleSet, lang: str) -> list[dict[str, Any]]:
    periods = []
    for step in ruleset.shelter_steps:
        item = ruleset.interventions[step.intervention]
        periods.append({
            "code": item.code, "name": item.name(lang), "counter": step.counter,
            "from_day": step.offset + 1, "to_day": step.offset + item.max_days,
            "rule": step.rule,
        })
    return periods


def _refer_to(entries: Any, lang: str) -> list[dict[str, str]]:
    return [{"authority": label(AUTHORITY_LABELS, entry["authority"], lang),
             "ask_for": label(ASKED_FOR_LABELS, entry["ask_for"], lang)} for entry in entries]


def explain_ruleset(ruleset: RuleSet, lang: str = "en") -> dict[str, Any]:
    """Interventions with names, rates and limits, and rules with descriptions and sources."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    named = ruleset.named_predicates
    integration = ruleset.section("integration")
    points = ruleset.section("point_items")
    complementarity = ruleset.section("complementarity")
    return {
        "year": ruleset.year,
        "version": ruleset.version,
        "title": ruleset.section(f"title_{lang}"),
        "valid_from": ruleset.valid_from.isoformat(),
        "valid_to": ruleset.valid_to.isoformat(),
        "source": ruleset.source,
        "sources": [dict(source) for source in ruleset.section("sources")],
        "flags": {key: (list(value) if isinstance(value, tuple) else value)
                  for key, value in ruleset.flags.items()},
        "interventions": [_intervention(ruleset, item, lang)
                          for item in ruleset.interventions.values()],
        "shelter_periods": _shelter_periods(ruleset, lang),
        "integration": {
            "support": ruleset.interventions[integration["support_code"]].name(lang),
            "residential": (None if integration["residential_code"] is None else
                            ruleset.interventions[integration["residential_code"]].name(lang)),
            "residential_when": (predicates.describe(integration["residential_when"], named, lang)
                                 if "residential_when" in integration else None),
        },
        "complementarity": {
            "needs": list(complementarity["needs"]),
            "bridge_when": predicates.describe(complementarity["bridge_when"], named, lang),
            "refer_to_when_undecided": _refer_to(complementarity["refer_to_when_undecided"],
                                                 lang),
            "referrals": [{"rule": referral["rule"],
                           "when": predicates.describe(referral["when"], named, lang),
                           "refer_to": _refer_to([referral["refer_to"]], lang)[0]}
                          for referral in complementarity["referrals"]],
        },
        "point_items": {
            "list_required": points["list_required"],
            "cap_per_item": points["cap_per_item"],
            "covered_by_daily_compensation": list(points["covered_by_daily_compensation"]),
            "items": [{"key": item.key, "name": item.name(lang), "max_cost": item.max_cost,
                       "per": item.per} for item in ruleset.point_items.values()],
        },
        "deductions": [{"rule": deduction.rule, "answer": deduction.answer,
                        "applies_to": sorted(deduction.applies_to)}
                       for deduction in ruleset.deductions],
        "predicates": [{"name": name, "description": definition[f"description_{lang}"]}
                       for name, definition in named.items()],
        "rules": [{"id": rule.id, "description": rule.description(lang),
                   "text": rule.text(lang), "source": rule.source}
                  for rule in ruleset.rules.values()],
    }

"""How the programme's facts read on screen, in the reader's language, for both sides.

Intervention names come from the programme years, evidence labels from the answers
contract's one label table per vocabulary (intake.rules.vocabulary), reasons from the
recommendation's rule ids and parameters. The actors' pages use these too, so a case page
and the coordinator's application read the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from intake.rules import vocabulary
from intake.rules.render import reasons_in
from tenants.years.rulesets import active_rulesets


def intervention_names(lang: str) -> dict[str, str]:
    """Every intervention code of every year with its name in `lang` (the latest year's name)."""
    names: dict[str, str] = {}
    for _year, ruleset in sorted(active_rulesets().items()):
        for code, intervention in ruleset.interventions.items():
            names[code] = intervention.name(lang if lang in vocabulary.LANGUAGES else "en")
    return names


def intervention_name(code: str, lang: str, year: int | None = None) -> str:
    rulesets = active_rulesets()
    ruleset = rulesets.get(year) if year is not None else None
    if ruleset is not None and code in ruleset.interventions:
        return ruleset.interventions[code].name(lang if lang in vocabulary.LANGUAGES else "en")
    return intervention_names(lang).get(code, code)


def interventions_named(items: Iterable[dict] | None, year: int, lang: str) -> list[dict]:
    names = None
    named = []
    for item in items or []:
        if names is None:
            names = _year_names(year, lang)
        named.append({**item, "name": names.get(item["code"]) or intervention_name(item["code"], lang)})
    return named


def _year_names(year: int, lang: str) -> dict[str, str]:
    ruleset = active_rulesets().get(year)
    if ruleset is None:
        return {}
    return {code: item.name(lang if lang in vocabulary.LANGUAGES else "en")
            for code, item in ruleset.interventions.items()}


def evidence_rows(evidence: Iterable[Mapping[str, Any]], lang: str) -> list[dict]:
    """Which authority was asked for what, what it answered and why, in words."""
    reason_labels = getattr(vocabulary, "REASON_CATEGORY_LABELS", {})
    rows = []
    for row in evidence:
        category = row.get("reason_category")
        rows.append({
            "authority": vocabulary.label(vocabulary.AUTHORITY_LABELS, row.get("authority", ""), lang),
            "asked_for": vocabulary.label(vocabulary.ASKED_FOR_LABELS, row.get("asked_for") or "", lang),
            "outcome": vocabulary.label(vocabulary.OUTCOME_LABELS, row.get("outcome") or "", lang),
            "written_decision": row.get("written_decision"),
            "reason_category": vocabulary.label(reason_labels, category, lang) if category else "",
        })
    return rows


def reasons(explanation: Mapping[str, Any], lang: str) -> list[dict]:
    """The recommendation's reasons as sentences, each with its rule's id and description."""
    lang = lang if lang in vocabulary.LANGUAGES else "en"
    return reasons_in(explanation, lang)


def rule_descriptions(rule_ids: Iterable[str], year: int, lang: str) -> list[dict]:
    """What each rule says in words (for the coordinator), the id as a secondary detail."""
    ruleset = active_rulesets().get(year)
    lang = lang if lang in vocabulary.LANGUAGES else "en"
    rows = []
    for rule_id in rule_ids:
        rule = ruleset.rules.get(rule_id) if ruleset else None
        rows.append({"id": rule_id, "description": rule.description(lang) if rule else rule_id})
    return rows

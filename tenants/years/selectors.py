"""Programme years, reads: every year there is (built-in files and stored years), one
year with its history, and a year's rules in words for the coordinator's page.

A year is either a built-in file of the rules engine (intake/rules/years/<year>.json) or
a ProgrammeYear stored in the public schema; an active stored year wins over the file of
the same year (tenants.years.rulesets.active_rulesets).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from intake.rules import RuleSet, RuleSetError, builtin_rulesets, load_ruleset
from tenants.years.models import ProgrammeYear, ProgrammeYearChange
from tenants.years.rulesets import stored_source

@dataclass
class YearEntry:
    """One programme year as the coordinator sees it: its file, its stored copy, or both."""

    year: int
    builtin: RuleSet | None = None
    stored: ProgrammeYear | None = None
    stored_rules: RuleSet | None = None
    stored_error: RuleSetError | None = None
    history: list[ProgrammeYearChange] = field(default_factory=list)

    @property
    def in_effect_is_stored(self) -> bool:
        return self.stored is not None and self.stored.is_active and self.stored_rules is not None

    @property
    def in_effect(self) -> RuleSet | None:
        """What recommendations for this year are judged by now (None: nothing)."""
        return self.stored_rules if self.in_effect_is_stored else self.builtin

    @property
    def shown(self) -> RuleSet | None:
        """What the year's page shows first: the stored year (a draft too), else the file."""
        return self.stored_rules or self.builtin

    def _load_stored(self) -> None:
        if self.stored is None:
            return
        try:
            self.stored_rules = stored_ruleset(self.stored)
        except RuleSetError as error:
            self.stored_error = error


def programme_years() -> list[YearEntry]:
    """Every year there is, newest first: built-in files and stored years (one query)."""
    entries: dict[int, YearEntry] = {year: YearEntry(year, builtin=ruleset)
                                     for year, ruleset in builtin_rulesets().items()}
    for stored in ProgrammeYear.objects.select_related("created_by", "updated_by"):
        entry = entries.setdefault(stored.year, YearEntry(stored.year))
        entry.stored = stored
        entry._load_stored()
    return sorted(entries.values(), key=lambda entry: entry.year, reverse=True)


def programme_year_entry(year: int) -> YearEntry | None:
    """One year with its history, or None when there is no such year."""
    entry = YearEntry(year, builtin=builtin_rulesets().get(year))
    entry.stored = (ProgrammeYear.objects.select_related("created_by", "updated_by")
                    .filter(year=year).first())
    if entry.builtin is None and entry.stored is None:
        return None
    if entry.stored is not None:
        entry._load_stored()
        entry.history = list(entry.stored.changes.select_related("changed_by"))
        for change in entry.history:
            change.rows = [{**row, "before": _shown(row.get("before")), "after": _shown(row.get("after"))}
                           for row in change.changes]
    return entry


def _shown(value: Any) -> str:
    """A changed value as the history lists it."""
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "–"
    return str(value)


def latest_year() -> int:
    """The last year there are rules for, built-in or stored."""
    stored = ProgrammeYear.objects.order_by("-year").values_list("year", flat=True).first()
    return max([*builtin_rulesets(), *([stored] if stored else [])])


def stored_ruleset(stored: ProgrammeYear) -> RuleSet:
    """The stored year checked by the engine (raises RuleSetError if it no longer loads)."""
    return load_ruleset(stored.data, source=stored_source(stored.year))





def intake_item_label(key: str, lang: str) -> str:
    """How the guided intake names a point item (its question `specific_items`): the
    years' item keys are the intake's codes, so an item a year does not list still has a
    name."""
    from intake.flow import load_questions

    try:
        choice = load_questions().get("specific_items").choice(key)
    except (KeyError, LookupError, AttributeError):
        choice = None
    if choice is None:
        return key
    return choice.label_sv if lang == "sv" else choice.label_en


def explain_for_page(ruleset: RuleSet, lang: str) -> dict[str, Any]:
    """explain_ruleset(), with the codes it leaves as codes given their names in `lang`."""
    from intake.rules import explain_ruleset

    lang = lang if lang in ("sv", "en") else "en"
    page = explain_ruleset(ruleset, lang)

    def intervention_name(code: str) -> str:
        item = ruleset.interventions.get(code)
        return item.name(lang) if item else code

    def item_name(key: str) -> str:
        item = ruleset.point_items.get(key)
        return item.name(lang) if item else intake_item_label(key, lang)

    rules = {rule["id"]: rule for rule in page["rules"]}
    for deduction in page["deductions"]:
        deduction["applies_to_names"] = [intervention_name(code) for code in deduction["applies_to"]]
        deduction["description"] = rules.get(deduction["rule"], {}).get("description", "")
    points = page["point_items"]
    points["covered_names"] = [item_name(key) for key in points["covered_by_daily_compensation"]]
    page["day_interventions"] = [item for item in page["interventions"] if item["unit"] == "day"]
    page["item_interventions"] = [item for item in page["interventions"] if item["unit"] == "item"]
    page["supplements"] = [
        {"parent": item["name"], "parent_code": item["code"], **item["child_supplement"],
         "rate": ruleset.interventions[item["child_supplement"]["code"]].rate,
         "max_days": ruleset.interventions[item["child_supplement"]["code"]].max_days}
        for item in page["interventions"] if item["child_supplement"]
    ]
    page["extension_steps"] = [
        {**period, "step_days": ruleset.interventions[period["code"]].step_days,
         "rate": ruleset.interventions[period["code"]].rate}
        for period in page["shelter_periods"]
    ]
    page["retroactive_exempt_names"] = [intervention_name(code)
                                        for code in page["flags"]["retroactive_exempt"]]
    try:
        page["derived_from"] = ruleset.section("derived_from")
    except KeyError:
        page["derived_from"] = None
    return page


def year_without_rules(today) -> int | None:
    """This year, when no rules are in effect for it (recommendations are impossible), else None."""
    from tenants.years.rulesets import active_rulesets

    return None if today.year in active_rulesets() else today.year

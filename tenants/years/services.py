"""Programme years, writes: start a year from another, change its values, put it into effect.

Every write checks the whole year with the engine's own loader first, so nothing invalid
is ever stored, and leaves a ProgrammeYearChange saying who changed what.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from intake.rules import RuleSet, RuleSetError, builtin_rulesets, derive_ruleset, load_ruleset, rule_template
from tenants.years.models import ProgrammeYear, ProgrammeYearChange, ProgrammeYearChangeKind, ProgrammeYearStatus
from tenants.years.rulesets import stored_source
from tenants.years.selectors import stored_ruleset

# The deduction a year may switch on in the edit form, and the rule that explains it.
ALLOWANCE_ANSWER = "daily_allowance_from_migration_agency"
ALLOWANCE_RULE = "deduction.daily_allowance"


class ProgrammeYearInvalid(ValueError):
    """A write that cannot be done; `field` names the form field, `code` the reason."""

    def __init__(self, field: str, code: str, **params: Any):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code
        self.params = params


# --- what changed ---------------------------------------------------------------------------

# Lists whose entries have a natural key, so a change reads "interventions.reflection.rate"
# rather than "interventions[0].rate" (and stays right when entries move).
_LIST_KEYS = ("code", "key", "id", "rule")


def _key_of(items: Any) -> str | None:
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return None
    return next((name for name in _LIST_KEYS if all(name in item for item in items)), None)


def _diff(before: Any, after: Any, path: str, out: list[dict[str, Any]]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in list(before) + [key for key in after if key not in before]:
            _diff(before.get(key, _ABSENT), after.get(key, _ABSENT), f"{path}.{key}" if path else key, out)
        return
    both_lists = isinstance(before, list) and isinstance(after, list)
    key_name = (_key_of(before) or _key_of(after)) if both_lists else None
    if key_name and (not before or not after or _key_of(before) == _key_of(after)):
        old = {item[key_name]: item for item in before}
        new = {item[key_name]: item for item in after}
        for key in list(old) + [key for key in new if key not in old]:
            _diff(old.get(key, _ABSENT), new.get(key, _ABSENT), f"{path}.{key}", out)
        return
    if before == after:
        return
    kind = "added" if before is _ABSENT else "removed" if after is _ABSENT else "changed"
    out.append({"path": path, "kind": kind, "before": None if before is _ABSENT else before,
                "after": None if after is _ABSENT else after})


_ABSENT = object()


def data_changes(before: dict, after: dict) -> list[dict[str, Any]]:
    """Each value that differs: {"path", "kind" (changed, added, removed), "before",
    "after"}; an entry added to or removed from a list (a rule) is one change."""
    out: list[dict[str, Any]] = []
    _diff(before, after, "", out)
    return out


# --- services ---------------------------------------------------------------------------------


def _next_version(version: str) -> str:
    match = re.fullmatch(r"(\d{4})\.(\d+)", version)
    if not match:
        raise ProgrammeYearInvalid("version", "bad_version", version=version)
    return f"{match.group(1)}.{int(match.group(2)) + 1}"


def _base_ruleset(year: int) -> RuleSet:
    """What a new year is copied from: the stored year if there is one (a draft included,
    so 2027 can start from a 2026 still in draft), else the built-in file."""
    stored = ProgrammeYear.objects.filter(year=year).first()
    if stored is not None:
        return stored_ruleset(stored)
    builtin = builtin_rulesets().get(year)
    if builtin is None:
        raise ProgrammeYearInvalid("base_year", "unknown_year", year=year)
    return builtin


@transaction.atomic
def programme_year_derive(*, base_year: int, year: int, user, note: str = "") -> ProgrammeYear:
    """Start `year` as a draft copy of `base_year`: same interventions, rates and rules.

    `year == base_year` makes an editable copy of a built-in year (version + 1), which
    replaces the file once activated.
    """
    base = _base_ruleset(base_year)
    if ProgrammeYear.objects.filter(year=year).exists():
        raise ProgrammeYearInvalid("year", "exists", year=year)
    version = _next_version(base.version) if year == base.year else f"{year:04d}.1"
    try:
        data = derive_ruleset(base, year=year, version=version)
    except RuleSetError as error:
        raise ProgrammeYearInvalid("year", "invalid_year", year=year, problem=error.problem) from error
    stored = ProgrammeYear.objects.create(
        year=year, version=version, data=data, status=ProgrammeYearStatus.DRAFT,
        based_on=base.year, based_on_version=base.version, created_by=user, updated_by=user,
    )
    ProgrammeYearChange.objects.create(
        programme_year=stored, kind=ProgrammeYearChangeKind.DERIVED, changed_by=user,
        version_before="", version_after=version, note=note.strip(),
        changes=[{"path": "derived_from", "before": None, "after": base.version}],
    )
    return stored


@transaction.atomic
def programme_year_update(*, programme_year: ProgrammeYear, data: dict, user, note: str = "",
                          expected_updated_at: datetime | None = None) -> ProgrammeYear:
    """Replace a stored year's data after the engine has checked it.

    Raises RuleSetError (its `path` names the field) and saves nothing when the new data
    is invalid. An active year gets a new version, because recommendations already made
    name the version they were judged by; a draft keeps its version until it is used.
    """
    stored = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    if expected_updated_at is not None and stored.updated_at != expected_updated_at:
        raise ProgrammeYearInvalid("__all__", "changed_meanwhile")
    data = copy.deepcopy(data)
    if data.get("year") != stored.year:
        raise ProgrammeYearInvalid("year", "year_fixed", year=stored.year)
    data["version"] = _next_version(stored.version) if stored.is_active else stored.version
    data = complete_rules(data, source=stored_source(stored.year))  # raises RuleSetError
    before = stored.data
    changes = [change for change in data_changes(before, data) if change["path"] != "version"]
    if not changes:
        return stored
    version_before = stored.version
    stored.data = data
    stored.version = data["version"]
    stored.updated_by = user
    stored.save()
    ProgrammeYearChange.objects.create(
        programme_year=stored, kind=ProgrammeYearChangeKind.UPDATED, changed_by=user,
        version_before=version_before, version_after=stored.version, changes=changes,
        note=note.strip(), previous_data=before,
    )
    return stored


@transaction.atomic
def programme_year_activate(*, programme_year: ProgrammeYear, user, note: str = "") -> ProgrammeYear:
    """Put a draft into effect: from now on recommendations for its year use it."""
    stored = ProgrammeYear.objects.select_for_update().get(pk=programme_year.pk)
    if stored.is_active:
        raise ProgrammeYearInvalid("__all__", "already_active")
    load_ruleset(stored.data, source=stored_source(stored.year))  # the engine may have changed
    stored.status = ProgrammeYearStatus.ACTIVE
    stored.activated_at = timezone.now()
    stored.updated_by = user
    stored.save()
    ProgrammeYearChange.objects.create(
        programme_year=stored, kind=ProgrammeYearChangeKind.ACTIVATED, changed_by=user,
        version_before=stored.version, version_after=stored.version, note=note.strip(),
        changes=[{"path": "status", "before": ProgrammeYearStatus.DRAFT, "after": ProgrammeYearStatus.ACTIVE}],
    )
    return stored


# --- the edit form's document changes (pure: data in, data out) ---------------------------------


def set_allowance_deduction(data: dict, applies_to: list[str]) -> dict:
    """Deduct the Migration Agency's daily allowance from these day interventions (none:
    no deduction). The rule that explains it follows in complete_rules()."""
    data = copy.deepcopy(data)
    others = [d for d in data["deductions"] if d["answer"] != ALLOWANCE_ANSWER]
    existing = next((d for d in data["deductions"] if d["answer"] == ALLOWANCE_ANSWER), None)
    if not applies_to:
        data["deductions"] = others
    elif existing is not None:
        data["deductions"] = [dict(d, applies_to=list(applies_to)) if d["answer"] == ALLOWANCE_ANSWER
                              else d for d in data["deductions"]]
    else:
        data["deductions"] = others + [{"rule": ALLOWANCE_RULE, "answer": ALLOWANCE_ANSWER,
                                        "per": "day", "applies_to": list(applies_to)}]
    return data


def complete_rules(data: dict, *, source: str) -> dict:
    """Bring the year's rules in line with a change of its values.

    A value can switch a rule on (the first maximum cost on a point item needs
    point.capped; a deduction needs its rule) or off (no cap left: point.capped can never
    fire, and the engine refuses a rule that cannot fire). Rules switched on get the
    engine's year-neutral wording (intake.rules.rule_template); rules switched off are
    dropped. Anything else wrong is left for load_ruleset to report.
    """
    data = copy.deepcopy(data)
    for _attempt in range(20):
        try:
            load_ruleset(data, source=source)
            return data
        except RuleSetError as error:
            rule_id = error.params.get("rule")
            if error.code in ("rule_missing", "unknown_rule") and rule_template(rule_id):
                data["rules"].append(rule_template(rule_id))
            elif error.code == "rule_unused" and rule_template(rule_id):
                data["rules"] = [rule for rule in data["rules"] if rule["id"] != rule_id]
            else:
                raise
    return data

"""Load, check and copy the rule data of a programme year.

A year is a JSON document (years/<year>.json, or a copy stored in the database). It is
checked against schema/year.schema.json, then for what a schema cannot say: unique
codes, references between sections, predicate fields, template placeholders.
"""

from __future__ import annotations

import copy
import functools
import json
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from . import predicates
from .errors import RuleSetError

PACKAGE_DIR = Path(__file__).resolve().parent
YEARS_DIR = PACKAGE_DIR / "years"
SCHEMA_PATH = PACKAGE_DIR / "schema" / "year.schema.json"
RULE_TEMPLATES_PATH = PACKAGE_DIR / "rule_templates.json"

# Rules whose id the engine itself fires (RULES.md fixes these ids); a year must define
# the ones its data switches on, see _engine_rule_ids.
ENGINE_RULES = {
    "target_group", "child_protection", "child_in_guardian_case", "covered_by_authority",
    "complementarity.refused", "complementarity.acute_bridge", "complementarity.ask_first",
    "period.cut_at_year_end", "supplement.child", "retroactive", "retroactive.exempt",
    "point.granted", "point.not_on_list", "point.capped", "point.covered_by_daily_compensation",
}

# Placeholders a reason template may use; the engine fills the ones that apply.
TEMPLATE_FIELDS = frozenset({
    "name", "code", "days", "rate", "amount", "start", "end", "limit", "used", "item", "cost",
    "allowance", "deduction", "authority", "asked_for", "outcome", "year", "children",
    "application_date",
})


@dataclass(frozen=True)
class Rule:
    """A rule with a stable id, a coordinator's description and a reason template."""

    id: str
    description_sv: str
    description_en: str
    text_sv: str
    text_en: str
    source: str

    def description(self, lang: str) -> str:
        return self.description_sv if lang == "sv" else self.description_en

    def text(self, lang: str) -> str:
        return self.text_sv if lang == "sv" else self.text_en


@dataclass(frozen=True)
class Condition:
    """What must hold for an intervention, and the decision when it does not."""

    require: Any
    outcome: str
    rule: str
    refer_to: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Intervention:
    """A payable intervention of the year: a daily rate with limits, or an item."""

    code: str
    name_sv: str
    name_en: str
    unit: str
    rate: int | None
    max_days: int | None
    step_days: int | None
    child_supplement: str | None
    conditions: tuple[Condition, ...]
    documents_required: tuple[str, ...]
    source: str

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_en


@dataclass(frozen=True)
class ShelterStep:
    """One period of the shelter sequence; `offset` is where it starts on its counter."""

    intervention: str
    counter: str
    rule: str
    offset: int


@dataclass(frozen=True)
class PointItem:
    key: str
    name_sv: str
    name_en: str
    max_cost: int | None
    per: str

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_en


@dataclass(frozen=True)
class Deduction:
    rule: str
    answer: str
    applies_to: frozenset[str]


@dataclass(frozen=True, eq=False)
class RuleSet:
    """The checked rule data of one programme year. Build it with load_ruleset()."""

    year: int
    version: str
    source: str
    valid_from: date
    valid_to: date
    interventions: Mapping[str, Intervention] = field(repr=False)
    rules: Mapping[str, Rule] = field(repr=False)
    shelter_steps: tuple[ShelterStep, ...] = field(repr=False)
    point_items: Mapping[str, PointItem] = field(repr=False)
    deductions: tuple[Deduction, ...] = field(repr=False)
    _data: Mapping[str, Any] = field(repr=False)

    def __reduce__(self):
        # Read-only views cannot be pickled; rebuild from the data (for caches, deepcopy).
        return (_restore, (self.to_dict(), self.source))

    def to_dict(self) -> dict:
        """The year's data as loaded (a deep copy: changing it does not change the set)."""
        return _thaw(self._data)

    def section(self, name: str) -> Any:
        """A read-only view of one top-level section of the data."""
        return self._data[name]

    @property
    def flags(self) -> Mapping[str, Any]:
        return self._data["flags"]

    @property
    def named_predicates(self) -> Mapping[str, Any]:
        return self._data["predicates"]

    def reflection_permit_date(self) -> date | None:
        value = self.flags["social_services_may_apply_reflection_permit_from"]
        return None if value is None else date.fromisoformat(value)


# --- schema ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def format_path(parts: Any) -> str:
    """["interventions", 2, "rate"] -> "interventions[2].rate"."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf [X, null], report why X failed, not that the value is not null."""
    while error.context:
        candidates = [e for e in error.context if not (
            e.validator == "type" and e.validator_value == "null")]
        if not candidates:
            break
        error = jsonschema.exceptions.best_match(candidates)
    return error


_PATTERN_HINTS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date, YYYY-MM-DD",
    "^[0-9]{4}\\.[0-9]+$": "year.number, e.g. 2025.1",
    "^[a-z][a-z0-9_]*$": "lower-case letters, digits and _, e.g. extended_reflection",
    "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$": "dotted lower-case words, e.g. point.capped",
}


def _explain(error: jsonschema.ValidationError) -> tuple[str, str, str, dict[str, Any]]:
    """(field path, problem, code, params): words a coordinator can act on, and the same
    for a program (see RuleSetError)."""
    error = _deepest(error)
    path = list(error.absolute_path)
    value = {"value": error.instance}
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return format_path(path + missing[:1]), "is missing (required)", "required", {}
    if error.validator in ("minimum", "maximum"):
        word = "at least" if error.validator == "minimum" else "at most"
        return format_path(path), (f"must be {word} {error.validator_value}, "
                                   f"got {error.instance!r}"), error.validator, {
                                       error.validator: error.validator_value, **value}
    if error.validator == "type":
        return format_path(path), (f"must be of type {error.validator_value}, "
                                   f"got {error.instance!r}"), "type", {
                                       "expected": error.validator_value, **value}
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return format_path(path), f"{error.instance!r} is not one of: {allowed}", "enum", {
            "allowed": list(error.validator_value), **value}
    if error.validator == "pattern":
        hint = _PATTERN_HINTS.get(error.validator_value, f"match {error.validator_value}")
        return format_path(path), (f"{error.instance!r} does not have the expected form "
                                   f"({hint})"), "pattern", {"hint": hint, **value}
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return (format_path(path + unknown[:1]), "is not a known field (misspelt?)",
                "unknown_field", {})
    if error.validator == "minItems":
        return format_path(path), f"must have at least {error.validator_value} entries", (
            "min_items"), {"minimum": error.validator_value}
    return format_path(path), error.message, "invalid", {}


def schema_problems(data: Any, *, source: str) -> list[RuleSetError]:
    """Every field the schema refuses, one error each, in document order (load_ruleset
    stops at the first; a form wants them all). The cross-field checks are not run."""
    found: dict[str, RuleSetError] = {}
    errors = sorted(_validator().iter_errors(data),
                    key=lambda error: [str(part).zfill(6) for part in error.absolute_path])
    for error in errors:
        path, problem, code, params = _explain(error)
        found.setdefault(path, RuleSetError(source, path, problem, code=code, params=params))
    return list(found.values())


def _check_schema(data: Any, source: str) -> None:
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        path, problem, code, params = _explain(error)
        raise RuleSetError(source, path, problem, code=code, params=params)


# --- checks a schema cannot make ------------------------------------------------------


def _codes(items: list, key: str, path: str) -> dict[str, int]:
    """Map code -> index, failing on a duplicate."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item[key] in seen:
            raise _Problem(f"{path}[{index}].{key}", f"duplicate {key} {item[key]!r} "
                                                     f"(also at {path}[{seen[item[key]]}])")
        seen[item[key]] = index
    return seen


class _Problem(Exception):
    def __init__(self, path: str, problem: str, *, code: str = "invalid",
                 params: dict[str, Any] | None = None):
        self.path, self.problem = path, problem
        self.code, self.params = code, params or {}


def _check_template(template: str, path: str) -> None:
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as error:
        raise _Problem(path, f"is not a valid template: {error}") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion:
            # Values arrive already formatted as text, so a spec like {days:d} would fail.
            raise _Problem(path, f"placeholder {{{name}}} must not carry a format or "
                                 f"conversion; write just {{{name}}}")
        if name not in TEMPLATE_FIELDS:
            raise _Problem(path, f"unknown placeholder {{{name}}}; "
                                 f"allowed: {', '.join(sorted(TEMPLATE_FIELDS))}")


class _Checker:
    """Cross-field checks; each failure raises _Problem(path, problem)."""

    def __init__(self, data: dict):
        self.data = data
        self.intervention_index = _codes(data["interventions"], "code", "interventions")
        self.rule_index = _codes(data["rules"], "id", "rules")
        self.document_codes = set(_codes(data["documents"], "code", "documents"))
        self.item_keys = set(_codes(data["point_items"]["items"], "key", "point_items.items"))
        _codes(data["sources"], "id", "sources")
        self.used_rules: set[str] = set()

    def run(self) -> None:
        self._check_dates()
        self._check_predicates()
        self._check_interventions()
        self._check_complementarity()
        self._check_routes()
        self._check_shelter()
        self._check_integration()
        self._check_point_items()
        self._check_deductions()
        self._check_flags()
        self._check_rules()

    # references

    def intervention(self, code: str, path: str, *, unit: str | None = None) -> dict:
        if code not in self.intervention_index:
            raise _Problem(path, f"unknown intervention code {code!r}; "
                                 f"known: {', '.join(self.intervention_index)}")
        found = self.data["interventions"][self.intervention_index[code]]
        if unit and found["unit"] != unit:
            raise _Problem(path, f"intervention {code!r} must have unit {unit!r}")
        return found

    def intervention_path(self, code: str, key: str) -> str:
        return f"interventions[{self.intervention_index[code]}].{key}"

    def rule(self, rule_id: str, path: str) -> None:
        if rule_id not in self.rule_index:
            raise _Problem(path, f"unknown rule id {rule_id!r}: add it to rules",
                           code="unknown_rule", params={"rule": rule_id})
        self.used_rules.add(rule_id)

    def predicate(self, predicate: Any, path: str) -> None:
        found = predicates.problems(predicate, path, self.data["predicates"])
        if found:
            raise _Problem(*found[0])

    # sections

    def _check_dates(self) -> None:
        data = self.data
        for key in ("valid_from", "valid_to"):
            try:
                value = date.fromisoformat(data[key])
            except ValueError:
                raise _Problem(key, f"{data[key]!r} is not a real date") from None
            if value.year != data["year"]:
                raise _Problem(key, f"{data[key]} is not in the year {data['year']}")
        if data["valid_from"] > data["valid_to"]:
            raise _Problem("valid_to", "is before valid_from")

    def _check_predicates(self) -> None:
        for name, definition in self.data["predicates"].items():
            self.predicate(definition["test"], f"predicates.{name}.test")

    def _check_interventions(self) -> None:
        for index, item in enumerate(self.data["interventions"]):
            path = f"interventions[{index}]"
            if item["unit"] == "day" and item["rate"] is None:
                raise _Problem(f"{path}.rate", "a daily intervention needs a rate (SEK per day)",
                               code="needs_rate")
            if item["rate"] is not None and item["rate"] < 0:  # the schema says so too
                raise _Problem(f"{path}.rate", "must not be negative", code="minimum",
                               params={"minimum": 0, "value": item["rate"]})
            if item["step_days"] and item["max_days"] and item["step_days"] > item["max_days"]:
                raise _Problem(f"{path}.step_days", "is larger than max_days",
                               code="step_larger_than_max",
                               params={"value": item["step_days"], "maximum": item["max_days"]})
            if item["child_supplement"] is not None:
                child = self.intervention(item["child_supplement"], f"{path}.child_supplement",
                                          unit=item["unit"])
                if child["child_supplement"] is not None:
                    raise _Problem(f"{path}.child_supplement",
                                   f"{child['code']!r} has a child supplement of its own")
            for number, condition in enumerate(item["conditions"]):
                cpath = f"{path}.conditions[{number}]"
                self.predicate(condition["require"], f"{cpath}.require")
                self.rule(condition["otherwise"]["rule"], f"{cpath}.otherwise.rule")
            for number, document in enumerate(item["documents_required"]):
                if document not in self.document_codes:
                    raise _Problem(f"{path}.documents_required[{number}]",
                                   f"unknown document code {document!r}: add it to documents")

    def _check_complementarity(self) -> None:
        section = self.data["complementarity"]
        for index, entry in enumerate(section["responsible"]):
            if "when" in entry:
                self.predicate(entry["when"], f"complementarity.responsible[{index}].when")
        self.predicate(section["bridge_when"], "complementarity.bridge_when")
        for index, referral in enumerate(section["referrals"]):
            path = f"complementarity.referrals[{index}]"
            self.predicate(referral["when"], f"{path}.when")
            self.rule(referral["rule"], f"{path}.rule")

    def _check_routes(self) -> None:
        routes = set(self.data["needs"].values())
        if self.data["complementarity"]["needs"]:
            self.used_rules |= {"covered_by_authority", "complementarity.refused",
                                "complementarity.acute_bridge", "complementarity.ask_first"}
        self.used_rules |= {"target_group", "child_protection", "child_in_guardian_case"}
        if "point_items" in routes:
            self.used_rules.add("point.granted")

    def _check_shelter(self) -> None:
        offsets: dict[str, int] = {}
        for index, step in enumerate(self.data["shelter"]["periods"]):
            path = f"shelter.periods[{index}]"
            item = self.intervention(step["intervention"], f"{path}.intervention", unit="day")
            if item["max_days"] is None:
                # Named at the intervention's max_days: that is the value to fill in.
                raise _Problem(self.intervention_path(item["code"], "max_days"),
                               f"{item['code']!r} needs max_days to be a shelter period "
                               f"({path})", code="needs_max_days", params={"code": item["code"]})
            offsets[step["counter"]] = offsets.get(step["counter"], 0) + item["max_days"]
            self.rule(step["rule"], f"{path}.rule")
            self._note_day_intervention(item)
        self.rule(self.data["shelter"]["exhausted_rule"], "shelter.exhausted_rule")

    def _check_integration(self) -> None:
        section = self.data["integration"]
        for key in ("support_code", "residential_code"):
            if section[key] is not None:
                item = self.intervention(section[key], f"integration.{key}", unit="day")
                if item["max_days"] is None:
                    raise _Problem(self.intervention_path(item["code"], "max_days"),
                                   f"{item['code']!r} needs max_days (integration.{key})",
                                   code="needs_max_days", params={"code": item["code"]})
                self._note_day_intervention(item)
        if section["residential_code"] is not None and "residential_when" not in section:
            raise _Problem("integration.residential_when",
                           "is missing (required when there is a residential_code)")
        if "residential_when" in section:
            self.predicate(section["residential_when"], "integration.residential_when")
        self.rule(section["rule"], "integration.rule")
        self.rule(section["exhausted_rule"], "integration.exhausted_rule")

    def _note_day_intervention(self, item: dict) -> None:
        self.used_rules.add("period.cut_at_year_end")
        if item["child_supplement"] is not None:
            self.used_rules.add("supplement.child")

    def _check_point_items(self) -> None:
        section = self.data["point_items"]
        self.intervention(section["adult_code"], "point_items.adult_code", unit="item")
        if section["child_code"] is not None:
            self.intervention(section["child_code"], "point_items.child_code", unit="item")
        if "point_items" not in set(self.data["needs"].values()):
            return
        if section["list_required"]:
            self.used_rules.add("point.not_on_list")
        if section["covered_by_daily_compensation"]:
            self.used_rules.add("point.covered_by_daily_compensation")
        capped = section["cap_per_item"] is not None or any(
            item["max_cost"] is not None for item in section["items"])
        if capped:
            self.used_rules.add("point.capped")

    def _check_deductions(self) -> None:
        for index, deduction in enumerate(self.data["deductions"]):
            path = f"deductions[{index}]"
            self.rule(deduction["rule"], f"{path}.rule")
            for number, code in enumerate(deduction["applies_to"]):
                self.intervention(code, f"{path}.applies_to[{number}]", unit="day")

    def _check_flags(self) -> None:
        flags = self.data["flags"]
        reflection_date = flags["social_services_may_apply_reflection_permit_from"]
        if reflection_date is not None:
            try:
                date.fromisoformat(reflection_date)
            except ValueError:
                raise _Problem("flags.social_services_may_apply_reflection_permit_from",
                               f"{reflection_date!r} is not a real date") from None
        for index, referral in enumerate(self.data["complementarity"]["referrals"]):
            if "from_flag" in referral and flags[referral["from_flag"]] is None:
                raise _Problem(f"complementarity.referrals[{index}].from_flag",
                               f"flags.{referral['from_flag']} is null, so this referral "
                               "could never apply: remove it or set the flag")
        for index, code in enumerate(flags["retroactive_exempt"]):
            self.intervention(code, f"flags.retroactive_exempt[{index}]")
        if flags["retroactive_refused"]:
            self.used_rules.add("retroactive")
            if flags["retroactive_exempt"]:
                self.used_rules.add("retroactive.exempt")
        elif flags["retroactive_exempt"]:
            raise _Problem("flags.retroactive_exempt",
                           "exemptions make no sense while retroactive_refused is false")

    def _check_rules(self) -> None:
        for index, rule in enumerate(self.data["rules"]):
            for key in ("text_sv", "text_en"):
                _check_template(rule[key], f"rules[{index}].{key}")
        for rule_id in sorted(self.used_rules & ENGINE_RULES):
            if rule_id not in self.rule_index:
                raise _Problem("rules", f"rule {rule_id!r} is needed by this year's data but "
                                        "missing: add it to rules",
                               code="rule_missing", params={"rule": rule_id})
        for index, rule in enumerate(self.data["rules"]):
            if rule["id"] not in self.used_rules:
                raise _Problem(f"rules[{index}].id",
                               f"rule {rule['id']!r} can never fire with this year's data: "
                               "remove it or refer to it",
                               code="rule_unused", params={"rule": rule["id"]})


# --- building the RuleSet ---------------------------------------------------------------


def _condition(data: dict) -> Condition:
    otherwise = data["otherwise"]
    return Condition(
        require=data["require"], outcome=otherwise["outcome"], rule=otherwise["rule"],
        refer_to=tuple((r["authority"], r["ask_for"]) for r in otherwise.get("refer_to", [])),
    )


def _intervention(data: dict) -> Intervention:
    return Intervention(
        code=data["code"], name_sv=data["name_sv"], name_en=data["name_en"], unit=data["unit"],
        rate=data["rate"], max_days=data["max_days"], step_days=data["step_days"],
        child_supplement=data["child_supplement"],
        conditions=tuple(_condition(c) for c in data["conditions"]),
        documents_required=tuple(data["documents_required"]), source=data["source"],
    )


def _shelter_steps(data: dict, interventions: Mapping[str, Intervention]) -> tuple:
    steps, offsets = [], {}
    for step in data["shelter"]["periods"]:
        offset = offsets.get(step["counter"], 0)
        steps.append(ShelterStep(step["intervention"], step["counter"], step["rule"], offset))
        offsets[step["counter"]] = offset + interventions[step["intervention"]].max_days
    return tuple(steps)


def _freeze(value: Any) -> Any:
    """Read-only views all the way down, so a shared RuleSet cannot be changed by accident."""
    if isinstance(value, dict):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thaw(item) for item in value]
    return value


def load_ruleset(data: dict, *, source: str) -> RuleSet:
    """Check a year's data and build its RuleSet; raise RuleSetError naming source and field."""
    if not isinstance(data, dict):
        raise RuleSetError(source, "(root)", "a year's data must be a JSON object")
    data = copy.deepcopy(data)
    _check_schema(data, source)
    try:
        _Checker(data).run()
    except _Problem as problem:
        raise RuleSetError(source, problem.path, problem.problem, code=problem.code,
                           params=problem.params) from None
    interventions = {item["code"]: _intervention(item) for item in data["interventions"]}
    return RuleSet(
        year=data["year"],
        version=data["version"],
        source=source,
        valid_from=date.fromisoformat(data["valid_from"]),
        valid_to=date.fromisoformat(data["valid_to"]),
        interventions=MappingProxyType(interventions),
        rules=MappingProxyType({rule["id"]: Rule(**rule) for rule in data["rules"]}),
        shelter_steps=_shelter_steps(data, interventions),
        point_items=MappingProxyType({
            item["key"]: PointItem(item["key"], item["name_sv"], item["name_en"],
                                   item["max_cost"], item["per"])
            for item in data["point_items"]["items"]}),
        deductions=tuple(Deduction(d["rule"], d["answer"], frozenset(d["applies_to"]))
                         for d in data["deductions"]),
        _data=_freeze(data),
    )


def _restore(data: dict, source: str) -> RuleSet:
    return load_ruleset(data, source=source)


def load_ruleset_file(path: Path | str) -> RuleSet:
    """Load one year file; the error message names the file."""
    path = Path(path)
    label = _display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RuleSetError(label, "(root)", f"cannot be read as JSON: {error}") from None
    return load_ruleset(data, source=label)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PACKAGE_DIR.parent.parent))
    except ValueError:
        return str(path)


@functools.lru_cache(maxsize=1)
def _builtin() -> Mapping[int, RuleSet]:
    rulesets: dict[int, RuleSet] = {}
    for path in sorted(YEARS_DIR.glob("[0-9][0-9][0-9][0-9].json")):
        ruleset = load_ruleset_file(path)
        if str(ruleset.year) != path.stem:
            raise RuleSetError(_display_path(path), "year",
                               f"is {ruleset.year}, but the file is named {path.name}")
        rulesets[ruleset.year] = ruleset
    return MappingProxyType(rulesets)


def builtin_rulesets() -> dict[int, RuleSet]:
    """The years shipped with the package (years/*.json), loaded once and cached."""
    return dict(_builtin())


@functools.lru_cache(maxsize=1)
def _rule_templates() -> Mapping[str, Any]:
    data = json.loads(RULE_TEMPLATES_PATH.read_text(encoding="utf-8"))
    return _freeze({rule["id"]: rule for rule in data["rules"]})


def rule_template(rule_id: str) -> dict | None:
    """Year-neutral wording of a rule that a change of rates or limits can switch on (a
    cap on point items, a deduction), for a year that did not need it before; None when
    there is none. A copy: the caller adds it to a year's rules."""
    template = _rule_templates().get(rule_id)
    return None if template is None else _thaw(template)


def derive_ruleset(base: RuleSet, *, year: int, version: str) -> dict:
    """A copy of base's data as the start of a new year: same rates and rules, new dates.

    The result is checked (a RuleSetError means the new year or version is invalid) and
    returned as a plain dict for a coordinator to edit and store.
    """
    data = base.to_dict()
    data["year"] = year
    data["version"] = version
    data["valid_from"] = f"{year:04d}-01-01" if isinstance(year, int) else year
    data["valid_to"] = f"{year:04d}-12-31" if isinstance(year, int) else year
    data["derived_from"] = base.version
    for key in ("title_sv", "title_en"):
        data[key] = data[key].replace(str(base.year), str(year))
    load_ruleset(data, source=f"{year} (derived from {base.version})")
    return data

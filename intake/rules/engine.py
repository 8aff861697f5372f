"""From answers to a recommendation, by interpreting one programme year's rule data.

The steps follow RULES.md ("Apply in this order; the first rule that ends the judgement
wins"). Nothing here knows a year: rates, limits, period sequences, conditions and the
reason texts all come from the RuleSet. See READING.md for choices RULES.md leaves open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from . import predicates, render
from .answers import Answers, AuthorityAnswer, read_answers
from .errors import AnswersError
from .ruleset import Intervention, RuleSet, builtin_rulesets
from .vocabulary import LANGUAGES


@dataclass
class _Granted:
    """One intervention of the recommendation, before it is written out as JSON."""

    code: str
    days: int | None
    rate: int | None
    amount: int
    start: date | None
    end: date | None
    item: str | None = None
    parent: str | None = None  # the period a child supplement belongs to

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code, "days": self.days, "rate": self.rate, "amount": self.amount,
            "start": render.day(self.start) or None, "end": render.day(self.end) or None,
        }
        if self.item is not None:
            out["item"] = self.item
        if self.parent is not None:
            out["parent"] = self.parent
        return out


@dataclass
class _Judgement:
    """The judgement in progress: what has been decided so far, and why."""

    ruleset: RuleSet
    answers: Answers
    lang: str
    start: date
    outcome: str | None = None
    granted: list[_Granted] = field(default_factory=list)
    refer_to: list[dict[str, str]] = field(default_factory=list)
    reasons: list[dict[str, str]] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    # The wording the reasons are rendered with, in every language: rules, names.
    texts: dict[str, dict] = field(default_factory=lambda: {"rules": {}, "interventions": {}, "items": {}})

    # reading the rule data

    def holds(self, predicate: Any) -> bool:
        return predicates.evaluate(predicate, self.answers.value, self.ruleset.named_predicates)

    def name(self, intervention: Intervention) -> dict[str, str]:
        self.texts["interventions"][intervention.code] = {
            lang: intervention.name(lang) for lang in LANGUAGES}
        return {"intervention": intervention.code}

    # writing the judgement

    def fire(self, rule_id: str, /, **params: Any) -> None:
        """Add the rule's reason: its id and language-neutral parameters (render.py)."""
        rule = self.ruleset.rules[rule_id]
        self.texts["rules"][rule_id] = {lang: rule.text(lang) for lang in LANGUAGES}
        self.reasons.append({"rule": rule_id, "params": params})
        if rule_id not in self.fired:
            self.fired.append(rule_id)

    def refer(self, authority: str, ask_for: str) -> None:
        entry = {"authority": authority, "ask_for": ask_for}
        if entry not in self.refer_to:
            self.refer_to.append(entry)

    def grant(self, granted: _Granted, documents: tuple[str, ...] = ()) -> None:
        self.granted.append(granted)
        for document in documents:
            if document not in self.documents:
                self.documents.append(document)

    def stop(self, outcome: str, rule_id: str, /, **values: Any) -> bool:
        """End the judgement: nothing is paid when the outcome is refer or not_eligible."""
        self.outcome = outcome
        self.granted.clear()
        self.documents.clear()
        self.fire(rule_id, **values)
        return True

    def result(self) -> dict[str, Any]:
        outcome = self.outcome or ("recommend" if self.granted else "not_eligible")
        interventions = [granted.as_json() for granted in self.granted]
        return {
            "year": self.ruleset.year,
            "ruleset_version": self.ruleset.version,
            "outcome": outcome,
            "interventions": interventions,
            "total": sum(item["amount"] for item in interventions),
            "refer_to": list(self.refer_to),
            "reasons": [{**reason, "text": render.reason_text(reason, self.texts, self.lang)}
                        for reason in self.reasons],
            "texts": self.texts,
            "documents_required": list(self.documents),
            "rules_fired": list(self.fired),
        }


# --- 1-4: who, and whether an authority should act first ---------------------------------


def _check_target_group(j: _Judgement) -> bool:
    if j.answers.assessment in j.ruleset.section("target_group")["excluded_assessments"]:
        return j.stop("not_eligible", "target_group")
    return False


def _check_children(j: _Judgement) -> bool:
    if j.answers.age_group != "child":
        return False
    if j.answers.with_guardian:
        return j.stop("not_eligible", "child_in_guardian_case")
    for entry in j.ruleset.section("children")["refer_to"]:
        j.refer(entry["authority"], entry["ask_for"])
    return j.stop("refer", "child_protection")


def _responsible_answers(j: _Judgement) -> list[AuthorityAnswer]:
    """The answers of the authorities responsible for the need (RULES.md rule 4)."""
    responsible = j.ruleset.section("complementarity")["responsible"]
    return [
        answer for answer in j.answers.authorities
        if any(answer.authority == entry["authority"] and answer.asked_for in entry["asked_for"]
               and ("when" not in entry or j.holds(entry["when"])) for entry in responsible)
    ]


def _authority_values(j: _Judgement, answer: AuthorityAnswer) -> dict[str, dict[str, str]]:
    return {
        "authority": {"authority": answer.authority},
        "asked_for": {"asked_for": answer.asked_for},
        "outcome": {"outcome": answer.outcome},
    }


def _check_already_provided(j: _Judgement) -> bool:
    section = j.ruleset.section("complementarity")
    if j.answers.need not in section["needs"]:
        return False
    for answer in _responsible_answers(j):
        if answer.outcome in section["granted_outcomes"]:
            return j.stop("not_eligible", "covered_by_authority", **_authority_values(j, answer))
    return False


def _add_permit_referrals(j: _Judgement, section: Mapping[str, Any]) -> None:
    """Who should apply for a reflection-period permit, whatever else is decided."""
    for referral in section["referrals"]:
        if "from_flag" in referral:
            since = j.ruleset.flags[referral["from_flag"]]
            if since is None or j.start < date.fromisoformat(since):
                continue
        if j.holds(referral["when"]):
            j.refer(referral["refer_to"]["authority"], referral["refer_to"]["ask_for"])
            j.fire(referral["rule"])


def _check_complementarity(j: _Judgement) -> bool:
    section = j.ruleset.section("complementarity")
    if j.answers.need not in section["needs"]:
        return False
    refusal = next((answer for answer in _responsible_answers(j)
                    if answer.outcome in section["refusal_outcomes"]), None)
    if refusal is not None:
        j.fire("complementarity.refused", **_authority_values(j, refusal))
    else:
        # Nobody has refused yet: the responsible authority must be asked in any case.
        for entry in section["refer_to_when_undecided"]:
            j.refer(entry["authority"], entry["ask_for"])
    bridged = refusal is None and j.holds(section["bridge_when"])
    if bridged:
        j.fire("complementarity.acute_bridge")
    _add_permit_referrals(j, section)
    if refusal is None and not bridged:
        return j.stop("refer", "complementarity.ask_first")
    return False


# --- 5-7: which intervention, how many days, how much ------------------------------------


def _conditions_fail(j: _Judgement, intervention: Intervention) -> bool:
    """Stop with the condition's own decision when one of the intervention's fails."""
    for condition in intervention.conditions:
        if not j.holds(condition.require):
            for authority, ask_for in condition.refer_to:
                j.refer(authority, ask_for)
            return j.stop(condition.outcome, condition.rule, name=j.name(intervention))
    return False


def _last_day(j: _Judgement) -> date:
    """Periods end with the programme year (RULES.md rule 7, example 07)."""
    if j.start <= j.ruleset.valid_to:
        return j.ruleset.valid_to
    return date(j.start.year, 12, 31)


def _grant_days(j: _Judgement, intervention: Intervention, days: int, rule_id: str) -> None:
    room = (_last_day(j) - j.start).days + 1
    cut = days > room
    days = min(days, room)
    end = j.start + timedelta(days=days - 1)
    gross = days * intervention.rate
    amount, deducted = _apply_deductions(j, intervention, days, gross)
    j.grant(_Granted(intervention.code, days, intervention.rate, amount, j.start, end),
            intervention.documents_required)
    j.fire(rule_id, name=j.name(intervention), days=days, rate=render.money(intervention.rate),
           amount=render.money(gross), start=render.day_param(j.start), end=render.day_param(end))
    for deduction_rule, per_day, taken, left in deducted:
        j.fire(deduction_rule, name=j.name(intervention), allowance=render.money(per_day),
               deduction=render.money(taken), amount=render.money(left))
    if cut:
        j.fire("period.cut_at_year_end", end=render.day_param(end), days=days)
    _grant_child_supplement(j, intervention, days)


def _apply_deductions(j: _Judgement, intervention: Intervention, days: int,
                      gross: int) -> tuple[int, list[tuple[str, int, int, int]]]:
    """Per-day deductions from the adult rate; an amount never goes below zero.

    Returns the net amount and, per deduction applied, (rule, per day, taken, net after).
    """
    amount, deducted = gross, []
    for deduction in j.ruleset.deductions:
        per_day = getattr(j.answers, deduction.answer)
        if intervention.code not in deduction.applies_to or per_day <= 0:
            continue
        taken = min(amount, per_day * days)
        amount -= taken
        deducted.append((deduction.rule, per_day, taken, amount))
    return amount, deducted


def _grant_child_supplement(j: _Judgement, parent: Intervention, days: int) -> None:
    children = j.answers.children_accompanying
    if parent.child_supplement is None or children <= 0:
        return
    child = j.ruleset.interventions[parent.child_supplement]
    child_days = min(days, child.max_days or days)
    amount = child_days * child.rate
    end = j.start + timedelta(days=child_days - 1)
    j.grant(_Granted(child.code, child_days, child.rate, amount, j.start, end,
                     parent=parent.code), child.documents_required)
    j.fire("supplement.child", name=j.name(child), children=children, days=child_days,
           rate=render.money(child.rate), amount=render.money(amount))


def _choose_shelter_period(j: _Judgement) -> bool:
    """The first period of the year's sequence with days left on its counter."""
    steps = j.ruleset.shelter_steps
    for step in steps:
        intervention = j.ruleset.interventions[step.intervention]
        used = j.answers.days_used[step.counter]
        range_end = step.offset + intervention.max_days
        if used >= range_end:
            continue
        if _conditions_fail(j, intervention):
            return True
        remaining = range_end - max(used, step.offset)
        _grant_days(j, intervention, min(remaining, intervention.step_days or remaining),
                    step.rule)
        return False
    last = j.ruleset.interventions[steps[-1].intervention]
    return j.stop("not_eligible", j.ruleset.section("shelter")["exhausted_rule"],
                  name=j.name(last), limit=last.max_days)


def _choose_integration(j: _Judgement) -> bool:
    section = j.ruleset.section("integration")
    code = section["support_code"]
    if section["residential_code"] is not None and j.holds(section["residential_when"]):
        code = section["residential_code"]
    intervention = j.ruleset.interventions[code]
    used = j.answers.days_used[section["counter"]]
    if used >= intervention.max_days:
        return j.stop("not_eligible", section["exhausted_rule"], name=j.name(intervention),
                      limit=intervention.max_days)
    if _conditions_fail(j, intervention):
        return True
    remaining = intervention.max_days - used
    _grant_days(j, intervention, min(remaining, intervention.step_days or remaining),
                section["rule"])
    return False


def _item_name(j: _Judgement, key: str) -> dict[str, str]:
    listed = j.ruleset.point_items.get(key)
    if listed is not None:
        j.texts["items"][key] = {lang: listed.name(lang) for lang in LANGUAGES}
    return {"item": key}


def _item_limit(j: _Judgement, key: str, quantity: int) -> int | None:
    """The most that can be paid for an item: list maximum per unit, and the cap."""
    limits = []
    listed = j.ruleset.point_items.get(key)
    if listed is not None and listed.max_cost is not None:
        limits.append(listed.max_cost * quantity)
    cap = j.ruleset.section("point_items")["cap_per_item"]
    if cap is not None:
        limits.append(cap)
    return min(limits) if limits else None


def _choose_point_items(j: _Judgement) -> bool:
    section = j.ruleset.section("point_items")
    for item in j.answers.specific_items:
        name = _item_name(j, item.item)
        if j.answers.in_nsp_shelter and item.item in section["covered_by_daily_compensation"]:
            j.fire("point.covered_by_daily_compensation", item=name)
            continue
        if section["list_required"] and item.item not in j.ruleset.point_items:
            j.fire("point.not_on_list", item=name)
            continue
        limit = _item_limit(j, item.item, item.quantity)
        amount = item.cost if limit is None else min(item.cost, limit)
        if amount < item.cost:
            j.fire("point.capped", item=name, cost=render.money(item.cost), limit=render.money(amount))
        code = section["child_code"] if item.for_child and section["child_code"] else (
            section["adult_code"])
        intervention = j.ruleset.interventions[code]
        j.grant(_Granted(code, None, None, amount, None, None, item=item.item),
                intervention.documents_required)
        j.fire("point.granted", item=name, amount=render.money(amount))
    return False


_ROUTES: dict[str, Callable[[_Judgement], bool]] = {
    "shelter": _choose_shelter_period,
    "integration": _choose_integration,
    "point_items": _choose_point_items,
}


def _route_need(j: _Judgement) -> bool:
    return _ROUTES[j.ruleset.section("needs")[j.answers.need]](j)


def _check_retroactive(j: _Judgement) -> bool:
    """Years that refuse applications dated after the period they ask for (2016, NSP006)."""
    flags = j.ruleset.flags
    applied = j.answers.application_date
    if not flags["retroactive_refused"] or applied is None:
        return False
    for granted in [g for g in j.granted if g.parent is None and g.end is not None]:
        if applied <= granted.end:
            continue
        values = {"application_date": render.day_param(applied), "end": render.day_param(granted.end)}
        if granted.code in flags["retroactive_exempt"]:
            j.fire("retroactive.exempt", **values)
            continue
        return j.stop("not_eligible", "retroactive", **values)
    return False


_STEPS: tuple[Callable[[_Judgement], bool], ...] = (
    _check_target_group,
    _check_children,
    _check_already_provided,
    _check_complementarity,
    _route_need,
    _check_retroactive,
)


# --- the public entry point ----------------------------------------------------------------


def _choose_ruleset(answers: Answers, rulesets: Mapping[int, RuleSet], year: Any,
                    start: date) -> RuleSet:
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            raise AnswersError("year", "type", value=year, expected="whole number")
        chosen, field_name = year, "year"
    else:
        chosen = start.year
        field_name = "application_date" if (
            answers.period_start is None and answers.application_date is not None
        ) else "period_start"
    if chosen not in rulesets:
        raise AnswersError(field_name, "no_ruleset", value=chosen, year=chosen,
                           years=sorted(rulesets))
    return rulesets[chosen]


def recommend(
    answers: dict,
    *,
    rulesets: Mapping[int, RuleSet] | None = None,
    year: int | None = None,
    lang: str = "en",
    today: date | None = None,
) -> dict:
    """Judge answers by the rules of their programme year; see RULES.md for both shapes.

    The year is that of period_start, else application_date, else today; `year=` overrides.
    Raises AnswersError (a ValueError naming the field) for answers that cannot be judged.
    """
    if lang not in LANGUAGES:
        raise AnswersError("lang", "enum", value=lang, allowed=LANGUAGES)
    parsed = read_answers(answers)
    if isinstance(today, datetime):
        today = today.date()
    elif today is not None and not isinstance(today, date):
        raise TypeError("today must be a datetime.date")
    start = parsed.period_start or parsed.application_date or today or date.today()
    ruleset = _choose_ruleset(parsed, builtin_rulesets() if rulesets is None else rulesets,
                              year, start)
    judgement = _Judgement(ruleset=ruleset, answers=parsed, lang=lang, start=start)
    for step in _STEPS:
        if step(judgement):
            break
    return judgement.result()

"""The annual report's tables from granted applications: pure Python, rows in, tables out.

The rules the annual reports count by (seed 000 "Insatsernas finansiella fördelning",
seed 002 section 2 "Om stödsökande"):

- an intervention belongs to the year its period starts in (a point intervention, which
  has no period, to the application's year);
- a child supplement (or the daily extra supplement) is summed into the period it
  accompanies in the same application, same start and end, and not counted on its own;
- a point intervention counts one per item;
- a person is one case (actor and case code) with at least one granted intervention in
  the year; the person's facts are those of their latest decision in the year;
- primary recipients are adults by gender, and children with their own intervention
  (a case with age group child, or a child marked `own_plan`) as girls and boys;
  children living with the person are secondary recipients; children in the home country
  or with someone else are counted apart; persons = adults + all those children.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

GRANTED_STATUSES = ("granted", "partly_granted")
ADULT_GENDERS = ("woman", "man", "trans_woman", "trans_man", "non_binary", "unknown")
PRIMARY_KEYS = ADULT_GENDERS + ("girl", "boy")
CHILD_GENDERS = ("girl", "boy", "unknown")
REFERRERS = ("regional_coordinator", "other_civil_society", "self", "social_services", "police",
             "migration_agency", "other")
# The extra daily supplement (2022) follows its period like the child supplement does.
ALWAYS_SUPPLEMENTS = frozenset({"extra_supplement"})


@dataclass
class Row:
    """One granted application as the statistics read it (public schema only)."""

    actor_id: int
    case_code: str
    year: int
    granted_interventions: list[dict]
    statistics: Mapping[str, Any]
    region: str = ""
    decided_at: Any = None
    imported: bool = False


@dataclass
class _Person:
    statistics: Mapping[str, Any] = field(default_factory=dict)
    region: str = ""
    latest: Any = None
    codes: set[str] = field(default_factory=set)


def _start_year(item: Mapping[str, Any], fallback: int) -> int:
    start = item.get("start")
    if isinstance(start, str) and len(start) >= 4 and start[:4].isdigit():
        return int(start[:4])
    if isinstance(start, date):
        return start.year
    return fallback


def counted_interventions(items: Iterable[Mapping[str, Any]], supplements: frozenset[str] | set[str]
                          ) -> list[dict]:
    """The application's interventions as the report counts them: supplements merged into
    the period with the same start and end (kept on their own when there is none)."""
    items = [dict(item) for item in items or [] if isinstance(item, Mapping) and item.get("code")]
    periods = [item for item in items if item["code"] not in supplements]
    merged: list[dict] = []
    for item in items:
        if item["code"] in supplements:
            host = next((p for p in periods if p.get("start") and p.get("start") == item.get("start")
                         and p.get("end") == item.get("end")), None)
            if host is not None:
                host["amount"] = int(host.get("amount") or 0) + int(item.get("amount") or 0)
                continue
        merged.append(item)
    return merged


def tables(rows: Iterable[Row], *, year: int, supplements: frozenset[str] | set[str] = frozenset(),
           order: list[str] | None = None, labels: Mapping[str, str] | None = None) -> dict:
    """Every table of the annual report for `year`, as the command's JSON has them."""
    supplements = frozenset(supplements) | ALWAYS_SUPPLEMENTS
    labels = labels or {}
    counts: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    persons: dict[tuple[int, str], _Person] = {}
    for row in rows:
        in_year = [item for item in counted_interventions(row.granted_interventions, supplements)
                   if _start_year(item, row.year) == year]
        if not in_year:
            continue
        person = persons.setdefault((row.actor_id, row.case_code), _Person())
        for item in in_year:
            counts[item["code"]] += 1
            amounts[item["code"]] += int(item.get("amount") or 0)
            person.codes.add(item["code"])
        latest = row.decided_at
        if not person.statistics or (latest is not None and (person.latest is None or latest >= person.latest)):
            person.statistics = row.statistics or {}
            person.region = row.region
            person.latest = latest if latest is not None else person.latest
    codes = [code for code in (order or []) if code in counts] + sorted(c for c in counts if c not in (order or []))
    interventions = [{"code": code, "label": labels.get(code, code), "count": counts[code],
                      "amount": amounts[code]} for code in codes]
    result = {
        "year": year,
        "interventions": interventions,
        "total": {"count": sum(counts.values()), "amount": sum(amounts.values())},
    }
    result.update(_persons(persons.values(), codes))
    return result


def _child_gender(value: Any) -> str:
    if value in ("girl", "woman", "trans_woman"):
        return "girl"
    if value in ("boy", "man", "trans_man"):
        return "boy"
    return "unknown"


def _children(statistics: Mapping[str, Any]) -> list[dict]:
    """The case's children: listed one by one (gender, where), or, in older rows, only counted."""
    listed = statistics.get("children")
    if isinstance(listed, list):
        return [child for child in listed if isinstance(child, Mapping)]
    children = [{"gender": "unknown", "where": "with_person"}] * int(statistics.get("children_accompanying") or 0)
    children += [{"gender": "unknown", "where": "elsewhere"}] * int(statistics.get("children_elsewhere") or 0)
    return children


def _persons(people: Iterable[_Person], codes: list[str]) -> dict:
    primary = Counter({key: 0 for key in PRIMARY_KEYS})
    primary_child_unknown = 0
    secondary = Counter({key: 0 for key in CHILD_GENDERS})
    elsewhere = Counter({key: 0 for key in CHILD_GENDERS})
    referred: dict[str, Counter[str]] = defaultdict(Counter)
    forms: Counter[str] = Counter()
    nationalities: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    residence: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for person in people:
        stats = person.statistics
        if stats.get("age_group") == "child":
            gender = _child_gender(stats.get("gender"))
            if gender == "unknown":
                primary_child_unknown += 1
            else:
                primary[gender] += 1
        else:
            gender = stats.get("gender")
            primary[gender if gender in ADULT_GENDERS else "unknown"] += 1
        for child in _children(stats):
            gender = _child_gender(child.get("gender"))
            if child.get("own_plan"):
                if gender == "unknown":
                    primary_child_unknown += 1
                else:
                    primary[gender] += 1
            elif child.get("where") in ("with_person", "accompanying"):
                secondary[gender] += 1
            else:
                elsewhere[gender] += 1
        referrer = stats.get("referred_by") or "unknown"
        referred["all"][referrer] += 1
        for code in person.codes:
            referred[code][referrer] += 1
        for form in stats.get("exploitation_forms") or []:
            forms[form] += 1
        nationalities[stats.get("nationality") or "unknown"] += 1
        regions[person.region or "unknown"] += 1
        residence[stats.get("residence_status") or "unknown"] += 1
        for reason in stats.get("not_obtained_reasons") or []:
            reasons[reason] += 1
    children_primary = primary["girl"] + primary["boy"] + primary_child_unknown
    adults = sum(primary[key] for key in ADULT_GENDERS)
    primary_out = dict(primary)
    primary_out["total"] = adults + children_primary
    secondary_out = dict(secondary, total=sum(secondary.values()))
    elsewhere_out = dict(elsewhere, total=sum(elsewhere.values()))
    children = children_primary + secondary_out["total"] + elsewhere_out["total"]
    return {
        "persons": {"total": adults + children, "adults": adults, "children": children},
        "primary_recipients": primary_out,
        "secondary_children": secondary_out,
        "children_elsewhere": elsewhere_out,
        "referred_by": {key: _ordered(counter, REFERRERS)
                        for key, counter in sorted(referred.items(), key=lambda kv: _code_rank(kv[0], codes))},
        "exploitation_forms": _by_count(forms),
        "nationalities": _by_count(nationalities),
        "regions": _by_count(regions),
        "residence_statuses": _by_count(residence),
        "not_obtained_reasons": _by_count(reasons),
    }


def _code_rank(key: str, codes: list[str]) -> tuple[int, str]:
    if key == "all":
        return (-1, key)
    return (codes.index(key) if key in codes else len(codes), key)


def _ordered(counter: Counter[str], keys: tuple[str, ...]) -> dict[str, int]:
    out = {key: counter.get(key, 0) for key in keys}
    for key in sorted(counter):
        if key not in out:
            out[key] = counter[key]
    return out


def _by_count(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))

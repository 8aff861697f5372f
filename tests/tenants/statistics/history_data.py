"""Historical lines (import_history's JSON lines) that rebuild the annual reports' tables:
seed 000's 2022 "Insatsernas finansiella fördelning" and seed 002's 2025 persons tables."""

from __future__ import annotations

import json
from datetime import date, timedelta

# Seed 000, "Insatsernas finansiella fördelning": code, count, sum.
TABLE_2022 = [
    ("reflection", 5, 188330),
    ("deepened_support", 12, 875198),
    ("deepened_support_reduced", 19, 1280121),
    ("integration_support", 10, 246000),
    ("point", 16, 86971),
]
TOTAL_2022 = (62, 2676620)

# Seed 002, section 2.
PRIMARY_2025 = {"man": 33, "woman": 48, "trans_woman": 1, "girl": 4, "boy": 3}
SECONDARY_2025 = {"boy": 4, "girl": 3, "unknown": 7}
ELSEWHERE_2025 = {"boy": 10, "girl": 13, "unknown": 24}


def _split(total: int, parts: int) -> list[int]:
    each = total // parts
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def _line(actor: str, year: int, code: str, number: int, granted: list[dict], *, decision: str = "granted",
          person: dict | None = None, children: list[dict] | None = None, referred_by: str = "regional_coordinator",
          decided_at: str | None = None) -> dict:
    return {
        "year": year, "actor": actor, "case_code": f"H{year}-{code}",
        "person": person or {"age_group": "adult", "gender": "woman", "nationality": "RO"},
        "children": children or [], "exploitation_forms": ["sexual"], "referred_by": referred_by,
        "decision": decision, "decided_at": decided_at or f"{year}-03-02", "granted_interventions": granted,
    }


def lines_2022(actor: str) -> list[dict]:
    """62 interventions as the report counts them, with the traps the counting rules name:
    a child supplement with its period (not counted on its own), three point interventions
    in one application (three), a period starting in 2021 and a refusal (neither counts)."""
    lines = []
    start = date(2022, 1, 10)
    number = 0
    points = []
    for code, count, total in TABLE_2022:
        for amount in _split(total, count):
            number += 1
            if code == "point":
                points.append({"code": "point", "amount": amount, "item": "interpreter"})
                continue
            first = start + timedelta(days=number * 3)
            end = first + timedelta(days=29)
            items = [{"code": code, "days": 30, "start": first.isoformat(), "end": end.isoformat(), "amount": amount}]
            if number % 4 == 0 and code != "integration_support":
                # Part of the amount is the child supplement of the same period.
                items = [{**items[0], "amount": amount - 15000},
                         {"code": "child_supplement", "days": 30, "start": first.isoformat(),
                          "end": end.isoformat(), "amount": 15000}]
            lines.append(_line(actor, 2022, f"{number:03d}", number, items))
    # Points: three in one application, the rest one by one.
    lines.append(_line(actor, 2022, "P01", 0, points[:3]))
    for index, item in enumerate(points[3:]):
        lines.append(_line(actor, 2022, f"P{index + 2:02d}", 0, [item]))
    # Neither of these counts in 2022.
    lines.append(_line(actor, 2021, "OLD", 0, [{"code": "reflection", "days": 30, "start": "2021-12-01",
                                                "end": "2021-12-30", "amount": 36000}], decided_at="2021-12-01"))
    lines.append(_line(actor, 2022, "REF", 0, [], decision="refused"))
    return lines


def lines_2025(actor: str) -> list[dict]:
    """Seed 002's persons: 82 adults, 7 children with their own intervention, 14 children
    living with a parent, 47 in the home country or with someone else. One woman has two
    applications (counted once); one refused person does not count."""
    period = [{"code": "reflection", "days": 30, "start": "2025-02-01", "end": "2025-03-02", "amount": 39600}]
    adults = [g for gender, n in PRIMARY_2025.items() if gender in ("man", "woman", "trans_woman") for g in [gender] * n]
    secondary = [g for gender, n in SECONDARY_2025.items() for g in [gender] * n]
    elsewhere = [g for gender, n in ELSEWHERE_2025.items() for g in [gender] * n]
    wheres = ["home_country", "elsewhere"]
    lines = []
    for index, gender in enumerate(adults):
        children = []
        if index < len(secondary):
            children.append({"gender": secondary[index], "where": "with_person"})
        for extra in range(index * len(elsewhere) // len(adults), (index + 1) * len(elsewhere) // len(adults)):
            children.append({"gender": elsewhere[extra], "where": wheres[extra % 2]})
        lines.append(_line(actor, 2025, f"{index:03d}", index, period,
                           person={"age_group": "adult", "gender": gender, "nationality": "NG"}, children=children))
    # Children with their own intervention: an imported record with age group child.
    for index, gender in enumerate(["woman"] * PRIMARY_2025["girl"] + ["man"] * PRIMARY_2025["boy"]):
        lines.append(_line(actor, 2025, f"C{index:02d}", 0, period,
                           person={"age_group": "child", "gender": gender, "nationality": "NG"}))
    # The first woman's second application: the same person.
    first_woman = next(line for line in lines if line["person"]["gender"] == "woman")
    lines.append({**first_woman, "decided_at": "2025-04-01", "granted_interventions": [
        {"code": "extended_reflection", "days": 30, "start": "2025-03-03", "end": "2025-04-01", "amount": 39600}]})
    lines.append(_line(actor, 2025, "REF", 0, [], decision="refused",
                       person={"age_group": "adult", "gender": "man", "nationality": "UA"}))
    return lines


def jsonl(lines: list[dict]) -> str:
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"

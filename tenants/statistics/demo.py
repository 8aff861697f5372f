"""Demo history: a year of decisions (2025) and this year's so far, imported as the
programme's earlier decisions are, so the statistics, budget and start page are not empty.
Invented people: codes, genders and countries only. Idempotent (import_history is)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from django.utils import timezone

from tenants.models import Actor
from tenants.statistics.history import history_import

NATIONALITIES = ["NG", "RO", "UA", "VN", "TH", "BR", "UG", "KE", "CM", "MA", "PE", "PL", "SE", "CO", "VE"]
FORMS = ["sexual", "sexual", "sexual", "labour", "crime", "forced_marriage", "begging"]
REFERRERS = ["regional_coordinator", "regional_coordinator", "other_civil_society", "self", "social_services",
             "police", "migration_agency"]
GENDERS = ["woman"] * 6 + ["man"] * 3 + ["trans_woman"]


def _period(code: str, start: date, days: int, rate: int) -> dict:
    return {"code": code, "days": days, "start": start.isoformat(),
            "end": (start + timedelta(days=days - 1)).isoformat(), "amount": days * rate}


def lines(year: int, slugs: list[str], *, until: date | None = None, count: int = 60) -> list[dict]:
    rng = random.Random(year)
    found = []
    for n in range(count):
        start = date(year, 1, 5) + timedelta(days=rng.randrange(0, 350))
        if until is not None and start > until:
            continue
        gender = rng.choice(GENDERS)
        child_case = n % 23 == 7
        children = [{"gender": rng.choice(["girl", "boy", "unknown"]),
                     "where": rng.choice(["with_person", "home_country", "home_country", "elsewhere"])}
                    for _ in range(rng.choice([0, 0, 0, 1, 2]))]
        kind = rng.random()
        if kind < 0.3:
            granted = [_period("reflection", start, 30, 1320)]
        elif kind < 0.75:
            granted = [_period("extended_reflection", start, 30, 1320)]
        elif kind < 0.85:
            granted = [_period("integration_support", start, 45, 500)]
        else:
            granted = [{"code": "point", "amount": rng.choice([600, 1200, 2500, 4800]), "item": "interpreter"}
                       for _ in range(rng.choice([1, 2]))]
        if any(c["where"] == "with_person" for c in children) and granted[0].get("start"):
            first = granted[0]
            # The child supplement of the same period (2025: one per kind of period).
            granted.append({**first, "code": first["code"] + "_child", "amount": first["days"] * 500})
        decided = min(start, until or start)
        found.append({
            "year": year, "actor": slugs[n % len(slugs)], "case_code": f"D{year}-{n:03d}",
            "person": {"age_group": "child" if child_case else "adult",
                       "gender": "woman" if child_case else gender, "nationality": rng.choice(NATIONALITIES)},
            "children": [] if child_case else children,
            "exploitation_forms": sorted({rng.choice(FORMS) for _ in range(rng.choice([1, 1, 2]))}),
            "referred_by": rng.choice(REFERRERS),
            "decision": "refused" if n % 17 == 5 else ("partly_granted" if n % 11 == 3 else "granted"),
            "decided_at": decided.isoformat(),
            "granted_interventions": [] if n % 17 == 5 else granted,
        })
    return found


def load() -> None:
    slugs = list(Actor.objects.exclude(schema_name="public").order_by("name").values_list("slug", flat=True))
    if not slugs:
        return
    today = timezone.localdate()
    history = lines(today.year - 1, slugs) + lines(today.year, slugs, until=today - timedelta(days=1), count=45)
    text = "\n".join(json.dumps(line) for line in history)
    history_import(text=text, source="demo-history.jsonl")

"""Earlier years' decisions from the programme's spreadsheet (JSON lines), into the
programme's own rows: one application per line, decided as it was, marked as imported.

Every line is checked before anything is written; one bad line and nothing is imported.
The error names the line and the field. A line imported before (same fingerprint) is left
as it is, so importing the same file twice changes nothing. No case is created at any
actor: the person's facts are only the statistics dimensions.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from psycopg.types.range import Range

from intake.rules import vocabulary
from tenants.models import Actor, Application
from tenants.statistics.compute import REFERRERS
from tenants.statistics.models import ImportedDecision

DECISIONS = ("granted", "partly_granted", "refused")
CHILD_WHERE = ("with_person", "home_country", "elsewhere")
CHILD_GENDERS = ("girl", "boy", "unknown")
FIRST_YEAR = 2015
MAX_AMOUNT = 10_000_000
MAX_LINE = 100_000  # characters: a line longer than this is not one application
CASE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,15}$")
NATIONALITY = re.compile(r"^[A-Z]{2}$")


class HistoryError(ValueError):
    def __init__(self, line: int, field: str, message: str):
        super().__init__(f"line {line}, {field}: {message}")
        self.line = line
        self.field = field
        self.message = message


@dataclass
class HistoryLine:
    line: int
    actor: Actor
    data: dict
    fingerprint: str


def _fail(line: int, field: str, message: str):
    raise HistoryError(line, field, message)


def _choice(line: int, field: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        _fail(line, field, f"must be one of {', '.join(allowed)}")
    return value


def _int(line: int, field: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        _fail(line, field, f"must be a whole number from {low} to {high}")
    return value


def _date(line: int, field: str, value: Any) -> date:
    try:
        found = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        found = None
    if found is None:
        _fail(line, field, "must be a date written YYYY-MM-DD")
    if not FIRST_YEAR <= found.year <= timezone.localdate().year + 1:
        _fail(line, field, f"must be a date from {FIRST_YEAR} to next year")
    return found


def _check(line: int, raw: Any, actors: dict[str, Actor], codes: set[str]) -> dict:
    if not isinstance(raw, dict):
        _fail(line, "line", "must be one JSON object")
    year = _int(line, "year", raw.get("year"), FIRST_YEAR, timezone.localdate().year + 1)
    slug = raw.get("actor")
    if not isinstance(slug, str) or slug not in actors:
        _fail(line, "actor", "no actor has this short name")
    case_code = raw.get("case_code")
    if not isinstance(case_code, str) or not CASE_CODE.match(case_code):
        _fail(line, "case_code", "must be 1 to 16 letters, digits, '-', '.', '_' or '/'")
    person = raw.get("person")
    if not isinstance(person, dict):
        _fail(line, "person", "must be an object with age_group, gender and nationality")
    age_group = _choice(line, "person.age_group", person.get("age_group"), vocabulary.AGE_GROUPS)
    gender = _choice(line, "person.gender", person.get("gender"), vocabulary.GENDERS)
    nationality = person.get("nationality", "")
    if nationality not in ("", None) and (not isinstance(nationality, str) or not NATIONALITY.match(nationality)):
        _fail(line, "person.nationality", "must be a two-letter country code (ISO 3166), e.g. RO")
    children = raw.get("children", [])
    if not isinstance(children, list) or len(children) > 30:
        _fail(line, "children", "must be a list (at most 30 children)")
    checked_children = []
    for index, child in enumerate(children):
        if not isinstance(child, dict):
            _fail(line, f"children[{index}]", "must be an object with gender and where")
        checked_children.append({
            "gender": _choice(line, f"children[{index}].gender", child.get("gender", "unknown"), CHILD_GENDERS),
            "where": _choice(line, f"children[{index}].where", child.get("where"), CHILD_WHERE),
        })
    forms = raw.get("exploitation_forms", [])
    if not isinstance(forms, list):
        _fail(line, "exploitation_forms", "must be a list")
    for index, form in enumerate(forms):
        _choice(line, f"exploitation_forms[{index}]", form, vocabulary.EXPLOITATION_FORMS)
    referred_by = raw.get("referred_by")
    if referred_by is not None:
        _choice(line, "referred_by", referred_by, REFERRERS)
    decision = _choice(line, "decision", raw.get("decision"), DECISIONS)
    decided_at = _date(line, "decided_at", raw.get("decided_at"))
    granted = raw.get("granted_interventions", [])
    if not isinstance(granted, list) or len(granted) > 100:
        _fail(line, "granted_interventions", "must be a list (at most 100)")
    if decision != "refused" and not granted:
        _fail(line, "granted_interventions", "a grant names at least one intervention")
    checked = []
    for index, item in enumerate(granted):
        where = f"granted_interventions[{index}]"
        if not isinstance(item, dict):
            _fail(line, where, "must be an object with code and amount")
        code = item.get("code")
        if code not in codes:
            _fail(line, f"{where}.code", "is not an intervention of any programme year")
        entry = {"code": code, "amount": _int(line, f"{where}.amount", item.get("amount"), 0, MAX_AMOUNT)}
        entry["days"] = (_int(line, f"{where}.days", item["days"], 0, 366) if item.get("days") is not None else None)
        start = _date(line, f"{where}.start", item["start"]) if item.get("start") is not None else None
        end = _date(line, f"{where}.end", item["end"]) if item.get("end") is not None else None
        if (start is None) != (end is None):
            _fail(line, f"{where}.end", "a period has both start and end")
        if start and end and end < start:
            _fail(line, f"{where}.end", "must not be before start")
        entry["start"] = start.isoformat() if start else None
        entry["end"] = end.isoformat() if end else None
        if isinstance(item.get("item"), str):
            entry["item"] = item["item"][:64]
        checked.append(entry)
    if person.get("age_group") == "child" and not checked_children:
        pass  # a child with their own intervention; counted as a girl or boy
    return {
        "year": year, "actor": slug, "case_code": case_code, "decision": decision, "decided_at": decided_at,
        "granted": checked,
        "statistics": {
            "age_group": age_group, "gender": gender, "nationality": nationality or "",
            "children": checked_children,
            "children_accompanying": sum(1 for c in checked_children if c["where"] == "with_person"),
            "children_elsewhere": sum(1 for c in checked_children if c["where"] != "with_person"),
            "exploitation_forms": list(forms), "residence_status": None, "police_report": None, "need": None,
            "not_obtained_reasons": [], "referred_by": referred_by, "imported": True,
        },
    }


def history_read(text: str) -> list[HistoryLine]:
    """Every line checked; the first error raised as HistoryError."""
    from tenants.years.rulesets import active_rulesets

    actors = {actor.slug: actor for actor in Actor.objects.exclude(schema_name="public")}
    codes = {code for ruleset in active_rulesets().values() for code in ruleset.interventions}
    lines = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        stripped = raw_line.strip()
        if not stripped:
            continue
        if len(stripped) > MAX_LINE or "\x00" in stripped:
            _fail(number, "line", "is not one JSON object (too long, or a NUL character)")
        try:
            raw = json.loads(stripped)
        except json.JSONDecodeError as error:
            _fail(number, "line", f"is not JSON ({error.msg}, column {error.colno})")
        except (ValueError, RecursionError):
            _fail(number, "line", "is not JSON the import can read (a number too long, or nested too deep)")
        data = _check(number, raw, actors, codes)
        fingerprint = hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=True).encode()).hexdigest()
        lines.append(HistoryLine(line=number, actor=actors[data["actor"]], data=data, fingerprint=fingerprint))
    if not lines:
        _fail(1, "file", "has no lines to import")
    return lines


@transaction.atomic
def history_import(*, text: str, source: str) -> tuple[list[HistoryLine], int]:
    """Import every line, or none: (the lines imported now, the number already there)."""
    lines = history_read(text)
    known = set(ImportedDecision.objects.filter(fingerprint__in=[h.fingerprint for h in lines])
                .values_list("fingerprint", flat=True))
    imported = []
    seen = set()
    for history in lines:
        if history.fingerprint in known or history.fingerprint in seen:
            continue
        seen.add(history.fingerprint)
        data = history.data
        granted = data["granted"] if data["decision"] != "refused" else None
        starts = [date.fromisoformat(item["start"]) for item in data["granted"] if item["start"]]
        ends = [date.fromisoformat(item["end"]) for item in data["granted"] if item["end"]]
        decided_at = timezone.make_aware(datetime.combine(data["decided_at"], time(12)))
        application = Application.objects.create(
            actor=history.actor, case_code=data["case_code"], local_id=2**62 + int(history.fingerprint[:15], 16),
            year=data["year"], period=Range(min(starts), max(ends), bounds="[]") if starts else None,
            ruleset_version="imported", outcome="recommend", interventions=data["granted"],
            intervention_codes=sorted({item["code"] for item in data["granted"]}),
            total=sum(item["amount"] for item in data["granted"]), statistics=data["statistics"],
            status=data["decision"], granted_interventions=granted,
            granted_total=sum(item["amount"] for item in granted) if granted is not None else None,
            decided_at=decided_at,
        )
        # The application reached the programme on the day it was decided, not today.
        Application.objects.filter(pk=application.pk).update(submitted_at=decided_at)
        ImportedDecision.objects.create(application=application, fingerprint=history.fingerprint,
                                        source=source[:255], line=history.line)
        imported.append(history)
    from portal.audit import audit_event

    audit_event(user=None, action="history_import", source=source[:255], imported=len(imported),
                already=len(lines) - len(imported))
    return imported, len(lines) - len(imported)

"""Reads for the statistics: one query over the public schema's applications."""

from __future__ import annotations

import copy
import hashlib
import json

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum

from tenants.models import Actor, Application
from tenants.statistics import compute, sql
from tenants.statistics.models import ImportedDecision
from tenants.years.rulesets import active_rulesets


def statistics_rows(*, year: int, actor: str | None = None, region: str | None = None) -> list[compute.Row]:
    """The granted applications that may hold interventions starting in `year`.

    An intervention belongs to the year its period starts in; an application's year is the
    year its first period starts in, so a year's interventions are in that year's
    applications or, for a period that runs on, none later (the year before is read too
    for safety with periods corrected across the new year).
    """
    found = Application.objects.filter(
        Q(year=year) | Q(year=year - 1, period__endswith__gt=f"{year}-01-01"),
        status__in=compute.GRANTED_STATUSES,
    )
    if actor:
        found = found.filter(actor__slug=actor)
    if region:
        found = found.filter(actor__region=region)
    found = found.annotate(was_imported=Exists(ImportedDecision.objects.filter(application=OuterRef("pk"))))
    return [
        compute.Row(actor_id=actor_id, case_code=case_code, year=row_year, granted_interventions=granted or [],
                    statistics=statistics or {}, region=row_region or "", decided_at=decided_at,
                    imported=imported)
        for actor_id, case_code, row_year, granted, statistics, row_region, decided_at, imported in
        found.order_by().values_list("actor_id", "case_code", "year", "granted_interventions", "statistics",
                                     "actor__region", "decided_at", "was_imported").iterator(chunk_size=2000)
    ]


def year_vocabulary(year: int, lang: str) -> tuple[frozenset[str], list[str], dict[str, str]]:
    """The year's supplements (counted with their period), intervention order and names."""
    rulesets = active_rulesets()
    ruleset = rulesets.get(year) or (rulesets[max(rulesets)] if rulesets else None)
    if ruleset is None:
        return frozenset(), [], {}
    lang = lang if lang in ("sv", "en") else "en"
    supplements = set()
    names = {}
    for other in rulesets.values():  # a code of another year keeps a name
        for code, item in other.interventions.items():
            names.setdefault(code, item.name(lang))
            if item.child_supplement:
                supplements.add(item.child_supplement)
    for code, item in ruleset.interventions.items():
        names[code] = item.name(lang)
    return frozenset(supplements), list(ruleset.interventions), names


CACHE_SECONDS = 3600


def statistics(*, year: int, actor: str | None = None, region: str | None = None, lang: str = "sv") -> dict:
    """Every table of the year, counted in one query (tenants.statistics.sql).

    The figures are kept (per process) with a fingerprint of what they were counted from:
    the number of granted applications that can count in the year, their latest decision
    and highest id, and the actors' regions. Any decision, correction or import changes
    it, so a kept answer is never out of date; the first view after a change counts again.
    """
    supplements, order, names = year_vocabulary(year, lang)
    vocabulary = hashlib.sha256(json.dumps([sorted(supplements), order, names], sort_keys=True).encode()).hexdigest()
    key = "statistics:" + hashlib.sha256(json.dumps([year, actor, region, lang, vocabulary]).encode()).hexdigest()
    fingerprint = _fingerprint(year)
    kept = cache.get(key)
    if kept is not None and kept[0] == fingerprint:
        return copy.deepcopy(kept[1])
    rows = sql.table_rows(year=year, actor=actor, region=region, supplements=supplements)
    result = sql.assemble(rows, year=year, order=order, labels=names)
    if actor:
        result["actor"] = actor
    if region:
        result["region"] = region
    cache.set(key, (fingerprint, copy.deepcopy(result)), CACHE_SECONDS)
    return result


def committed(*, year: int, supplements) -> list[tuple[str, int, int]]:
    """sql.committed_by_month, kept like the statistics (the budget page, the decision's warning)."""
    key = "committed:" + hashlib.sha256(json.dumps([year, sorted(supplements)]).encode()).hexdigest()
    fingerprint = _fingerprint(year)
    kept = cache.get(key)
    if kept is not None and kept[0] == fingerprint:
        return list(kept[1])
    rows = sql.committed_by_month(year=year, supplements=supplements)
    cache.set(key, (fingerprint, rows), CACHE_SECONDS)
    return rows


def _fingerprint(year: int) -> tuple:
    granted = Application.objects.filter(status__in=compute.GRANTED_STATUSES, year__in=(year - 1, year))
    # The granted sum too: an early end changes it without a new decision.
    facts = granted.aggregate(count=Count("id"), last=Max("decided_at"), top=Max("id"), total=Sum("granted_total"))
    regions = hashlib.sha256(repr(list(Actor.objects.order_by("pk").values_list("pk", "region"))).encode())
    return facts["count"], facts["last"], facts["top"], facts["total"], regions.hexdigest()


def statistics_in_python(*, year: int, actor: str | None = None, region: str | None = None,
                         lang: str = "sv") -> dict:
    """The same tables counted row by row in Python (compute.tables): the reference the
    query is tested against; too slow for a page at 100 000 applications."""
    supplements, order, names = year_vocabulary(year, lang)
    rows = statistics_rows(year=year, actor=actor, region=region)
    result = compute.tables(rows, year=year, supplements=supplements, order=order, labels=names)
    result["imported"] = sum(1 for row in rows if row.imported and any(
        compute._start_year(item, row.year) == year
        for item in compute.counted_interventions(row.granted_interventions, supplements | compute.ALWAYS_SUPPLEMENTS)))
    return result


def statistics_years() -> list[int]:
    from tenants.selectors import _application_years

    return _application_years()


def actor_choices() -> list[tuple[str, str]]:
    return list(Actor.objects.exclude(schema_name="public").order_by("name").values_list("slug", "name"))

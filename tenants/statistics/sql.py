"""The statistics counted inside PostgreSQL: one query per page, whatever the number of rows.

The same counting rules as `compute.tables` (its docstring; a test holds the two equal),
written as one statement so that 100 000 applications are never carried into Python:

- `items`: the granted interventions starting in the year, each with the period it
  belongs to: a supplement with the same start and end as a period of its application
  takes that period's code and is not counted on its own;
- `persons`: one row per case (actor, case code) with an intervention in the year, with the
  statistics dimensions of its latest decision.

The answer is rows of (table, key, sub, count, amount), assembled by `assemble`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import connection, transaction

from tenants.statistics import compute

WORK_MEM = "SET LOCAL work_mem = '64MB'"  # for this transaction only

_ITEMS = """
items AS MATERIALIZED (
  SELECT a.id, a.actor_id, a.case_code, a.decided_at, COALESCE(host.code, e.item->>'code') AS code,
         host.code IS NULL AS counted,
         CASE WHEN e.item->>'amount' ~ '^-?\\d{1,15}$' THEN (e.item->>'amount')::bigint ELSE 0 END AS amount
    FROM tenants_application a
    JOIN tenants_actor ac ON ac.id = a.actor_id
   CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.granted_interventions) = 'array'
                                                THEN a.granted_interventions ELSE '[]'::jsonb END) e(item)
    LEFT JOIN LATERAL (
         SELECT h->>'code' AS code FROM jsonb_array_elements(a.granted_interventions) h
          WHERE (e.item->>'code') = ANY(%(supplements)s) AND (e.item->>'start') IS NOT NULL
            AND NOT (h->>'code' = ANY(%(supplements)s)) AND h->>'start' = e.item->>'start'
            AND (h->>'end') IS NOT DISTINCT FROM (e.item->>'end')
          LIMIT 1) host ON true
   WHERE a.status IN ('granted', 'partly_granted')
     AND (a.year = %(year)s OR (a.year = %(year)s - 1 AND upper(a.period) > %(first_day)s))
     AND jsonb_typeof(e.item) = 'object' AND e.item ? 'code'
     AND COALESCE(CASE WHEN e.item->>'start' ~ '^\\d{4}' THEN substr(e.item->>'start', 1, 4)::int END,
                  a.year) = %(year)s
     {filters}
)"""

_PERSONS = """,
latest AS (
  SELECT DISTINCT ON (actor_id, case_code) id FROM items
   ORDER BY actor_id, case_code, decided_at DESC NULLS LAST, id DESC
),
persons AS MATERIALIZED (
  SELECT a.actor_id, a.case_code, a.statistics AS st, ac.region
    FROM latest JOIN tenants_application a ON a.id = latest.id JOIN tenants_actor ac ON ac.id = a.actor_id
),
children AS (
  SELECT c->>'gender' AS gender, c->>'where' AS place, COALESCE(c->>'own_plan' = 'true', false) AS own
    FROM persons, jsonb_array_elements(persons.st->'children') c
   WHERE jsonb_typeof(persons.st->'children') = 'array' AND jsonb_typeof(c) = 'object'
  UNION ALL
  SELECT 'unknown', 'with_person', false FROM persons,
         generate_series(1, CASE WHEN persons.st->>'children_accompanying' ~ '^\\d{1,3}$'
                                     THEN (persons.st->>'children_accompanying')::int ELSE 0 END)
   WHERE jsonb_typeof(persons.st->'children') IS DISTINCT FROM 'array'
  UNION ALL
  SELECT 'unknown', 'elsewhere', false FROM persons,
         generate_series(1, CASE WHEN persons.st->>'children_elsewhere' ~ '^\\d{1,3}$'
                                     THEN (persons.st->>'children_elsewhere')::int ELSE 0 END)
   WHERE jsonb_typeof(persons.st->'children') IS DISTINCT FROM 'array'
)"""

_CHILD_GENDER = """CASE WHEN {g} IN ('girl', 'woman', 'trans_woman') THEN 'girl'
                        WHEN {g} IN ('boy', 'man', 'trans_man') THEN 'boy' ELSE 'unknown' END"""

_TABLES = """
SELECT 'interventions', code, '', count(*) FILTER (WHERE counted), sum(amount) FROM items GROUP BY code
UNION ALL
SELECT 'imported', '', '', count(*), 0 FROM statistics_importeddecision d
 WHERE d.application_id IN (SELECT id FROM items)
UNION ALL
SELECT 'primary', CASE WHEN st->>'age_group' = 'child' THEN 'child_' || {person_child}
                       WHEN st->>'gender' = ANY(%(adult_genders)s) THEN st->>'gender' ELSE 'unknown' END,
       '', count(*), 0 FROM persons GROUP BY 2
UNION ALL
SELECT CASE WHEN own THEN 'primary' WHEN place IN ('with_person', 'accompanying') THEN 'secondary'
            ELSE 'elsewhere' END,
       CASE WHEN own THEN 'child_' ELSE '' END || {child}, '', count(*), 0 FROM children GROUP BY 1, 2
UNION ALL
SELECT 'referred_by', 'all', COALESCE(NULLIF(st->>'referred_by', ''), 'unknown'), count(*), 0 FROM persons GROUP BY 3
UNION ALL
SELECT 'referred_by', pc.code, COALESCE(NULLIF(p.st->>'referred_by', ''), 'unknown'), count(*), 0
  FROM (SELECT DISTINCT actor_id, case_code, code FROM items) pc
  JOIN persons p ON p.actor_id = pc.actor_id AND p.case_code = pc.case_code GROUP BY 2, 3
UNION ALL
SELECT 'exploitation_forms', f, '', count(*), 0 FROM persons, jsonb_array_elements_text(
       CASE WHEN jsonb_typeof(st->'exploitation_forms') = 'array' THEN st->'exploitation_forms' ELSE '[]' END) f
 GROUP BY 2
UNION ALL
SELECT 'nationalities', COALESCE(NULLIF(st->>'nationality', ''), 'unknown'), '', count(*), 0 FROM persons GROUP BY 2
UNION ALL
SELECT 'regions', COALESCE(NULLIF(region, ''), 'unknown'), '', count(*), 0 FROM persons GROUP BY 2
UNION ALL
SELECT 'residence_statuses', COALESCE(NULLIF(st->>'residence_status', ''), 'unknown'), '', count(*), 0
  FROM persons GROUP BY 2
UNION ALL
SELECT 'not_obtained_reasons', r, '', count(*), 0 FROM persons, jsonb_array_elements_text(
       CASE WHEN jsonb_typeof(st->'not_obtained_reasons') = 'array' THEN st->'not_obtained_reasons' ELSE '[]' END) r
 GROUP BY 2
"""

_BY_MONTH = """
SELECT code, CASE WHEN decided_at IS NULL THEN 12
                  WHEN EXTRACT(YEAR FROM decided_at AT TIME ZONE %(tz)s) < %(year)s THEN 1
                  WHEN EXTRACT(YEAR FROM decided_at AT TIME ZONE %(tz)s) > %(year)s THEN 12
                  ELSE EXTRACT(MONTH FROM decided_at AT TIME ZONE %(tz)s)::int END,
       sum(amount)
  FROM items GROUP BY 1, 2
"""


def _params(year: int, actor: str | None, region: str | None, supplements) -> tuple[str, dict]:
    filters, params = [], {"year": year, "first_day": date(year, 1, 1), "supplements": sorted(supplements),
                           "adult_genders": list(compute.ADULT_GENDERS), "tz": settings.TIME_ZONE}
    if actor:
        filters.append("AND ac.slug = %(actor)s")
        params["actor"] = actor
    if region:
        filters.append("AND ac.region = %(region)s")
        params["region"] = region
    return " ".join(filters), params


def table_rows(*, year: int, actor: str | None = None, region: str | None = None,
               supplements=frozenset()) -> list[tuple]:
    """(table, key, sub, count, amount) rows of every statistic for the year: one query."""
    filters, params = _params(year, actor, region, set(supplements) | compute.ALWAYS_SUPPLEMENTS)
    query = ("WITH" + _ITEMS.replace("{filters}", filters) + _PERSONS
             + _TABLES.replace("{person_child}", _CHILD_GENDER.replace("{g}", "st->>'gender'"))
             .replace("{child}", _CHILD_GENDER.replace("{g}", "gender")))
    with transaction.atomic(), connection.cursor() as cursor:
        # Sorts and hashes of a year's interventions in memory, not in temporary files.
        cursor.execute(WORK_MEM)
        cursor.execute(query, params)
        return cursor.fetchall()


def committed_by_month(*, year: int, supplements=frozenset()) -> list[tuple[str, int, int]]:
    """(intervention code, month, amount granted): the budget's committed money, one query.
    A decision of the year before counts in January, one of the year after in December."""
    filters, params = _params(year, None, None, set(supplements) | compute.ALWAYS_SUPPLEMENTS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(WORK_MEM)
        cursor.execute("WITH" + _ITEMS.replace("{filters}", filters) + _BY_MONTH, params)
        return [(code, int(month), int(amount or 0)) for code, month, amount in cursor.fetchall()]


def assemble(rows: list[tuple], *, year: int, order: list[str] | None = None, labels: dict | None = None) -> dict:
    """The command's JSON (the same shape as compute.tables) from table_rows."""
    labels = labels or {}
    found: dict[str, dict] = defaultdict(dict)
    amounts: dict[str, int] = {}
    referred: dict[str, dict[str, int]] = defaultdict(dict)
    imported = 0
    for table, key, sub, count, amount in rows:
        if table == "interventions":
            found["interventions"][key] = int(count)
            amounts[key] = int(amount or 0)
        elif table == "referred_by":
            referred[key][sub] = int(count)
        elif table == "imported":
            imported = int(count)
        else:
            found[table][key] = found[table].get(key, 0) + int(count)
    counts = found["interventions"]
    codes = [code for code in (order or []) if counts.get(code)] + sorted(
        code for code in counts if counts[code] and code not in (order or []))
    primary_raw = found["primary"]
    primary = {key: primary_raw.get(key, 0) for key in compute.ADULT_GENDERS}
    primary["girl"] = primary_raw.get("child_girl", 0)
    primary["boy"] = primary_raw.get("child_boy", 0)
    children_primary = primary["girl"] + primary["boy"] + primary_raw.get("child_unknown", 0)
    adults = sum(primary[key] for key in compute.ADULT_GENDERS)
    primary["total"] = adults + children_primary
    secondary = {key: found["secondary"].get(key, 0) for key in compute.CHILD_GENDERS}
    secondary["total"] = sum(secondary.values())
    elsewhere = {key: found["elsewhere"].get(key, 0) for key in compute.CHILD_GENDERS}
    elsewhere["total"] = sum(elsewhere.values())
    children = children_primary + secondary["total"] + elsewhere["total"]
    by_count = compute._by_count
    return {
        "year": year,
        "interventions": [{"code": code, "label": labels.get(code, code), "count": counts[code],
                           "amount": amounts[code]} for code in codes],
        "total": {"count": sum(counts.values()), "amount": sum(amounts[c] for c in codes)},
        "persons": {"total": adults + children, "adults": adults, "children": children},
        "primary_recipients": primary,
        "secondary_children": secondary,
        "children_elsewhere": elsewhere,
        "referred_by": {key: compute._ordered(referred[key], compute.REFERRERS)
                        for key in sorted(referred, key=lambda k: compute._code_rank(k, codes))},
        "exploitation_forms": by_count(found["exploitation_forms"]),
        "nationalities": by_count(found["nationalities"]),
        "regions": by_count(found["regions"]),
        "residence_statuses": by_count(found["residence_statuses"]),
        "not_obtained_reasons": by_count(found["not_obtained_reasons"]),
        "imported": imported,
    }

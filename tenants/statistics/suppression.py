"""The "for publication" switch: small counts hidden so that no person can be picked out.

Every count from 1 to threshold - 1 becomes "<threshold" (primary suppression). Then, in
each table, when exactly one cell is hidden, the next smallest cell is hidden too
(secondary suppression), so the hidden cell cannot be recomputed from the table's total
and the cells still shown. Zero is not hidden by itself (it names no one), but may be the
second cell hidden when no other is left. An intervention's amount is hidden with its
count (one person's amount is as telling as their count). Pure Python.
"""

from __future__ import annotations

import copy
from collections.abc import MutableMapping
from typing import Any

DEFAULT_THRESHOLD = 3
# The tables of persons, each with its total; the other dimensions are one table each.
TOTALLED = ("persons", "primary_recipients", "secondary_children", "children_elsewhere")
DIMENSIONS = ("exploitation_forms", "nationalities", "regions", "residence_statuses", "not_obtained_reasons")


def hidden(threshold: int) -> str:
    return f"<{threshold}"


def is_hidden(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("<")


def _suppress_group(cells: MutableMapping[str, Any], keys: list[str], threshold: int) -> set[str]:
    """Hide the small cells among `keys` of `cells` (in place); the keys hidden."""
    mark = hidden(threshold)
    gone = {key for key in keys if isinstance(cells[key], int) and 0 < cells[key] < threshold}
    if len(gone) == 1:
        shown = [key for key in keys if key not in gone and isinstance(cells[key], int)]
        candidates = sorted((key for key in shown if cells[key] > 0), key=lambda key: cells[key]) or shown
        if candidates:
            gone.add(candidates[0])
    for key in gone:
        cells[key] = mark
    return gone


def publication(tables: dict, threshold: int = DEFAULT_THRESHOLD) -> dict:
    """A copy of the statistics fit to publish."""
    out = copy.deepcopy(tables)
    mark = hidden(threshold)
    out["suppressed_below"] = threshold
    rows = out.get("interventions", [])
    counts = {str(index): row["count"] for index, row in enumerate(rows)}
    for key in _suppress_group(counts, list(counts), threshold):
        rows[int(key)]["count"] = mark
        rows[int(key)]["amount"] = None
    total = out.get("total", {})
    if isinstance(total.get("count"), int) and 0 < total["count"] < threshold:
        total["count"] = mark
        total["amount"] = None
    for name in TOTALLED:
        table = out.get(name)
        if not table:
            continue
        keys = [key for key in table if key != "total"]
        if name == "persons":
            keys = ["adults", "children"]
        _suppress_group(table, keys, threshold)
        if isinstance(table.get("total"), int) and 0 < table["total"] < threshold:
            table["total"] = mark
    for group in (out.get("referred_by") or {}).values():
        _suppress_group(group, list(group), threshold)
    for name in DIMENSIONS:
        table = out.get(name)
        if table:
            _suppress_group(table, list(table), threshold)
    return out

"""The portal's benchmark: a registry of measurements, each one small function.

A measurement gets the run's `Bench` (the throw-away database, the production server
started on it, logins and cases) and returns a `Result`: a value with its unit, the
baseline it is judged against (usually the same server's /health/ in the same run) and
the goal. A measurement that cannot be made says why (`NotMeasured`), never a number.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Callable


@dataclasses.dataclass
class Result:
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline


class NotMeasured(Exception):
    """A figure that cannot be measured in this run, and why."""


@dataclasses.dataclass
class Measurement:
    name: str
    group: str
    fn: Callable


REGISTRY: list[Measurement] = []


def measure(name: str, *, group: str):
    """Register `fn(bench) -> Result | dict[name, Result]` under `name` (its group runs once)."""

    def register(fn):
        REGISTRY.append(Measurement(name=name, group=group, fn=fn))
        return fn

    return register


def table(results: dict[str, Result | str]) -> str:
    rows = [("figure", "value", "baseline", "ratio", "goal", "met")]
    for name, result in results.items():
        if isinstance(result, str):
            rows.append((name, result, "", "", "", ""))
            continue
        ratio = f"{result.ratio:.2f}" if result.ratio is not None else ""
        baseline = f"{result.baseline:.4g} ({result.baseline_name})" if result.baseline is not None else ""
        met = "" if result.met is None else ("yes" if result.met else "NO")
        rows.append((name, f"{result.value:.4g} {result.unit}", baseline, ratio, result.goal, met))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def as_json(results: dict[str, Result | str]) -> str:
    out = {}
    for name, result in results.items():
        if isinstance(result, str):
            out[name] = {"value": None, "unit": "", "baseline": None, "ratio": None, "note": result}
        else:
            out[name] = {"value": result.value, "unit": result.unit, "baseline": result.baseline,
                         "baseline_name": result.baseline_name, "ratio": result.ratio, "goal": result.goal,
                         "met": result.met, "note": result.note}
    return json.dumps(out, indent=2, ensure_ascii=False)

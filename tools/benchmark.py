"""Speed of the hot paths, measured (not asserted): `./nsp manage shell -c` is not needed,
run `DEBUG=1 .venv/bin/python tools/benchmark.py` (uses DATABASE_URL or the embedded one).

- the rules engine: recommendations per second over the worked examples;
- the knowledge base search over a thousand extra Swedish articles (inside a transaction
  that is rolled back, so the database is left as it was).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from intake.rules import builtin_rulesets, recommend  # noqa: E402
from knowledge import selectors  # noqa: E402
from tests.knowledge.support import bulk_swedish_articles  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "intake" / "rules" / "vectors" / "examples"


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def bench_rules() -> None:
    documents = [json.loads(path.read_text())["answers"] for path in sorted(EXAMPLES.glob("*.json"))]
    rulesets = builtin_rulesets()
    samples = timed(lambda: [recommend(doc, rulesets=rulesets) for doc in documents], 200)
    per_call = statistics.median(samples) / len(documents)
    print(f"rules engine: {per_call * 1e6:.0f} µs per recommendation (median), {1 / per_call:.0f}/s")


class Rollback(Exception):
    pass


def bench_search() -> None:
    try:
        with transaction.atomic():
            bulk_swedish_articles(1000, prefix="bench")
            samples = timed(lambda: list(selectors.search("sv", "barnen")), 30)
            print(f"knowledge search, 1 000 extra articles: median {statistics.median(samples) * 1000:.1f} ms, "
                  f"max {max(samples) * 1000:.1f} ms")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    bench_rules()
    bench_search()

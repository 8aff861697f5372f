"""What a tired user and an attacker type, as hypothesis strategies, and a tally of inputs.

Every property-based test over a form or an endpoint counts its inputs here; the count
is printed at the end of the run (tests/conftest.py), so CI shows how many were tried.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

TRIED: Counter = Counter()

FUZZ = settings(
    deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)

NASTY = [
    "", " ", "\x00", "a\x00b", "%00", "\u202e", "\ufeff", "０１２", "1e9999", "-0", "-1", "0", "1",
    "9" * 30, "9" * 4301, "-" + "9" * 5000, "NaN", "Infinity", "1.5", "1,5", " 12 ", "0x1F",
    "1900-01-01", "1899-12-31", "2099-12-31", "0001-01-01", "9999-12-31", "2025-02-30", "2025-13-01",
    "25-03-01", "2025/03/01", "tomorrow", "<script>alert(1)</script>", "'; DROP TABLE intake_case; --",
    "{{ 7*7 }}", "[which authorities were asked and what they answered]", "A.B.", "Å.Ö.", "ا.ب", "x" * 10_000,
    "yes", "no", "dont_know", "true", "on", "None", "null", "[]", "{}",
]

texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
    st.dates().map(lambda day: day.isoformat()),
)
values = st.one_of(texts, st.lists(texts, max_size=4))


def fields_from(names: list[str]):
    """A form post over these field names (some left out), plus a stray odd field or two."""
    known = st.fixed_dictionaries({}, optional={name: values for name in names})
    odd = st.dictionaries(st.sampled_from(["days_abc", "amount_-1", "days_99", "x\x00", "", "value[]"]), texts,
                          max_size=2)
    return st.tuples(known, odd).map(lambda pair: {**pair[1], **pair[0]})


def examples(n: int) -> settings:
    return settings(FUZZ, max_examples=n)


def count(name: str) -> None:
    TRIED[name] += 1

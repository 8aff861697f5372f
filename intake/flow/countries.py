"""ISO 3166-1 alpha-2 country codes with Swedish and English names (countries.json).

countries.json was generated once from CLDR data (Babel) and is kept as plain data so the
flow needs no library. It holds the 249 ISO codes plus XK (Kosovo, user-assigned but in
common use, e.g. by the EU), because people in the programme come from there too.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

COUNTRIES_FILE = Path(__file__).with_name("countries.json")


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, str]]:
    return json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))


def country_codes() -> tuple[str, ...]:
    return tuple(_countries())


def is_country(code: str) -> bool:
    return code in _countries()


def country_name(code: str, lang: str) -> str:
    """The country's name in lang (sv or en; other languages get English)."""
    names = _countries().get(code)
    if names is None:
        raise KeyError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return names.get(lang) or names["en"]

"""The words of the reader's pages in the reader's language: all twelve of them.

The portal's own screens are Swedish and English (gettext). The knowledge base is read
in twelve languages, so on its pages (/kb/<lang>/…) everything a reader sees is in the
article language they chose: the header and footer, headings, search, notices, the
quick exit, the error pages, and the few words written inside articles (the rates
table, "machine-assisted translation"). Those texts are content, not program text, so
they live as data beside the articles, one file per language:

    knowledge/content/interface/<lang>.json

Swedish and English are the reviewed source; the other languages are machine-assisted,
like the article translations, and say so in their `_meta` and on the page. A value is
a string with {placeholders}, or for words that depend on a number, one string per
CLDR plural category of the language ("one", "few", "many", "other", …), chosen with
Babel's plural rules.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

import babel

from knowledge import languages

TEXTS_DIR = Path(__file__).resolve().parent / "content" / "interface"
SOURCE = "en"  # what a missing text falls back to


@lru_cache(maxsize=None)
def _file(code: str) -> dict[str, Any]:
    path = TEXTS_DIR / f"{code}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _raw(code: str, key: str) -> Any:
    value = _file(code).get(key) if languages.is_supported(code) else None
    return value if value else _file(SOURCE)[key]


def _fill(template: str, values: dict[str, Any]) -> str:
    # Only the placeholders the template has; a missing value becomes empty, never a crash.
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    return template.format(**{name: values.get(name, "") for name in names})


def text(code: str, key: str, **values: Any) -> str:
    """The text `key` in language `code` (English when missing), placeholders filled."""
    value = _raw(code, key)
    if isinstance(value, dict):
        value = value.get("other") or next(iter(value.values()))
    return _fill(value, values)


def plural_category(code: str, n: int) -> str:
    locale = babel.Locale.parse(code if languages.is_supported(code) else SOURCE)
    return locale.plural_form(abs(n))


def count_text(code: str, key: str, n: int, **values: Any) -> str:
    """The text `key` for the number `n`, in the plural form the language uses for it."""
    value = _raw(code, key)
    if isinstance(value, dict):
        value = value.get(plural_category(code, n)) or value["other"]
    return _fill(value, {"n": languages.number(n, code), **values})


def reviewed(code: str) -> bool:
    """Whether a person has reviewed this language's texts (Swedish and English)."""
    return bool(_file(code).get("_meta", {}).get("reviewed"))


def keys() -> list[str]:
    return [key for key in _file(SOURCE) if not key.startswith("_")]


class Reader:
    """The reader's language for a page: its code, direction and texts, for templates.

    `{{ reader.t.search_button }}` gives a plain text; texts with placeholders or plurals
    go through the `rt` and `rt_count` template tags.
    """

    do_not_call_in_templates = True  # it is callable, but {{ reader.t.… }} reads it

    def __init__(self, code: str):
        self.language = languages.get(code if languages.is_supported(code) else SOURCE)
        self.code = self.language.code
        self.dir = self.language.dir
        self.reviewed = reviewed(self.code)

    @property
    def t(self) -> dict[str, str]:
        return _plain(self.code)

    def __call__(self, key: str, **values: Any) -> str:
        return text(self.code, key, **values)

    def count(self, key: str, n: int, **values: Any) -> str:
        return count_text(self.code, key, n, **values)


@lru_cache(maxsize=None)
def _plain(code: str) -> dict[str, str]:
    return {key: text(code, key) for key in keys()}

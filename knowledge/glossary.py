"""The glossary (knowledge/content/glossary.yaml): terms in Swedish and English, and in
any other language a translator adds under the same key. Read from the file, since the
coordinator does not edit it in the portal; re-read when the file changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge import languages
from knowledge.loader import CONTENT_DIR

PATH = CONTENT_DIR / "glossary.yaml"
_cache: dict[str, object] = {}


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    definition: str
    related: tuple[str, ...]


def _entries(path: Path = PATH) -> list[dict]:
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return []
    if _cache.get("stamp") != stamp:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        _cache.update(stamp=stamp, entries=list(data.get("terms") or []))
    return _cache["entries"]  # type: ignore[return-value]


def terms(lang: str) -> tuple[str, list[Term]]:
    """(language shown, terms): `lang` if every term has it, else its first fallback."""
    entries = _entries()
    for code in languages.fallback_order(lang):
        if entries and all(isinstance(entry.get(code), dict) for entry in entries):
            found = [Term(key=entry["key"], term=entry[code]["term"],
                          definition=entry[code]["definition"],
                          related=tuple(entry.get("related") or ())) for entry in entries]
            return code, sorted(found, key=lambda term: term.term.casefold())
    return lang, []

"""Reason texts: a rule's template filled with its parameters, in any language, at any time.

The engine judges once and keeps each reason as its rule id plus language-neutral
parameters (amounts, dates, codes). The texts are rendered from those for whoever reads
them, so a recommendation made by a Swedish user reads in English for an English one
without judging again. The result carries the wording it was judged with (`texts`: the
rules' templates and the names of interventions and items in sv and en), so a reason reads
the same years later even after the year's rules were edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from portal.formatting import day as format_day
from portal.formatting import sek

from .vocabulary import ASKED_FOR_LABELS, AUTHORITY_LABELS, OUTCOME_LABELS, label

# Parameter markers: {"sek": 1320} is an amount, {"date": "2025-03-01"} a day, the others
# name a code whose label depends on the reader's language.
_LABEL_TABLES = {"authority": AUTHORITY_LABELS, "asked_for": ASKED_FOR_LABELS, "outcome": OUTCOME_LABELS}


def money(amount: int) -> dict[str, int]:
    return {"sek": amount}


def day_param(value: date | None) -> dict[str, str]:
    return {"date": day(value)}


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _text_of(value: Any, lang: str, texts: Mapping[str, Any]) -> str:
    if not isinstance(value, Mapping) or len(value) != 1:
        return str(value)
    (kind, code), = value.items()
    if kind == "sek":
        return sek(code, lang)
    if kind == "date":
        return format_day(date.fromisoformat(code), lang) if code else ""
    if kind in ("intervention", "item"):
        names = texts.get(f"{kind}s", {}).get(code, {})
        return names.get(lang) or names.get("en") or code
    if kind in _LABEL_TABLES:
        return label(_LABEL_TABLES[kind], code, lang)
    return str(code)


class _KeepUnknown(dict):
    """Leave a placeholder the engine did not fill visible, rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with its {placeholders} replaced (the loader vetted the template)."""
    return template.format_map(_KeepUnknown({key: str(value) for key, value in values.items()}))


def reason_text(reason: Mapping[str, Any], texts: Mapping[str, Any], lang: str) -> str:
    """One reason ({"rule", "params"}) as a sentence in `lang`."""
    templates = texts.get("rules", {}).get(reason["rule"], {})
    template = templates.get(lang) or templates.get("en") or reason["rule"]
    params = reason.get("params", {})
    return fill(template, {key: _text_of(value, lang, texts) for key, value in params.items()})


def reasons_in(result: Mapping[str, Any], lang: str) -> list[dict[str, str]]:
    """A stored recommendation's reasons in the reader's language: [{"rule", "text"}]."""
    texts = result.get("texts", {})
    if not texts:  # made before reasons kept their parameters: the text as it was written
        return [{"rule": r["rule"], "text": r.get("text", "")} for r in result.get("reasons", [])]
    return [{"rule": reason["rule"], "text": reason_text(reason, texts, lang)}
            for reason in result.get("reasons", [])]

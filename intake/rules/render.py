"""Filling reason templates: amounts in SEK and dates as a shelter worker reads them."""

from __future__ import annotations

from datetime import date
from typing import Any


def money(amount: int, lang: str) -> str:
    """12345 -> "12 345 kr" (sv) or "SEK 12,345" (en)."""
    grouped = f"{amount:,}"
    if lang == "sv":
        return grouped.replace(",", " ") + " kr"
    return f"SEK {grouped}"


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


class _KeepUnknown(dict):
    """Leave a placeholder the engine did not fill visible, rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict[str, Any]) -> str:
    """The template with its {placeholders} replaced (the loader vetted the template)."""
    return template.format_map(_KeepUnknown({key: str(value) for key, value in values.items()}))

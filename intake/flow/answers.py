"""Parsing one answer as it arrives from a form post (strings; lists for multi choices).

`validate_answer` returns the value to store, or raises AnswerInvalid with a message in
Swedish and English that tells the user what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .countries import is_country
from .model import DAYS_USED_PARTS, YES_NO_LABELS, Question

TEXT_MAX_CHARS = 200
NOTE_MAX_CHARS = 4000

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Svar krävs.", "An answer is required."),
    "wrong_shape": ("Svaret har fel form.", "The answer has the wrong form."),
    "not_a_number": ("Ange ett heltal, till exempel 12.", "Enter a whole number, for example 12."),
    "too_small": (
        "Värdet får inte vara mindre än {min}.",
        "The value must not be less than {min}.",
    ),
    "too_large": (
        "Värdet får inte vara större än {max}.",
        "The value must not be more than {max}.",
    ),
    "negative_days": (
        "Antalet dagar kan inte vara negativt.",
        "The number of days cannot be negative.",
    ),
    "too_many_days": (
        "Högst {max} dagar. Kontrollera siffran.",
        "At most {max} days. Please check the number.",
    ),
    "negative_amount": ("Beloppet kan inte vara negativt.", "The amount cannot be negative."),
    "date_format": (
        "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel {example}.",
        "Write the date as YYYY-MM-DD, for example {example}.",
    ),
    "date_in_future": (
        "Datumet kan inte ligga i framtiden (senast {today}).",
        "The date cannot be in the future (at the latest {today}).",
    ),
    "year_in_future": (
        "Året kan inte ligga i framtiden (senast {year}).",
        "The year cannot be in the future (at the latest {year}).",
    ),
    "unknown_choice": (
        "”{value}” är inget av alternativen. Välj bland: {options_sv}.",
        "“{value}” is not one of the options. Choose from: {options_en}.",
    ),
    "exclusive_choice": (
        "”{label_sv}” kan inte kombineras med andra val.",
        "“{label_en}” cannot be combined with other choices.",
    ),
    "unknown_country": (
        "”{value}” är ingen landskod. Ange landskoder med två bokstäver, till exempel SE.",
        "“{value}” is not a country code. Enter two-letter country codes, for example SE.",
    ),
    "too_long": ("Högst {max} tecken.", "At most {max} characters."),
}


class AnswerInvalid(ValueError):
    """An answer that cannot be stored; `field` is the question id or a part of it."""

    def __init__(self, field: str, message_sv: str, message_en: str, *, code: str = "") -> None:
        super().__init__(message_en)
        self.field = field
        self.message_sv = message_sv
        self.message_en = message_en
        self.code = code

    def message(self, lang: str) -> str:
        return self.message_sv if lang == "sv" else self.message_en


def invalid(field: str, code: str, **params: Any) -> AnswerInvalid:
    sv, en = MESSAGES[code]
    return AnswerInvalid(field, sv.format(**params), en.format(**params), code=code)


def validate_answer(
    question: Question, raw: Any, lang: str = "sv", *, today: date | None = None
) -> Any:
    """The value to store for this raw input; None for a skipped optional question.

    `lang` lets a typed label count as the choice ("Ja", "Asylsökande").
    """
    today = today or date.today()
    raw_value, note = _split_note(question, raw)
    value = PARSERS[question.kind](question, raw_value, lang, today)
    if value is None:
        if question.required:
            raise invalid(question.id, "required")
        return None
    if question.note:
        return {"value": value, "note": note}
    return value


def _split_note(question: Question, raw: Any) -> tuple[Any, str]:
    if not question.note:
        return raw, ""
    if isinstance(raw, Mapping):
        note = _clean_text(raw.get("note"), f"{question.id}.note", NOTE_MAX_CHARS) or ""
        return raw.get("value"), note
    return raw, ""


# ------------------------------------------------------------------ one parser per kind


def _parse_choice(question: Question, raw: Any, lang: str, today: date) -> str | None:
    if _is_blank(raw):
        return None
    if not isinstance(raw, str):
        raise invalid(question.id, "wrong_shape")
    return _match_choice(question, raw, lang, question.id)


def _parse_multi_choice(question: Question, raw: Any, lang: str, today: date) -> list[str] | None:
    items = _as_list(question.id, raw)
    values = list(dict.fromkeys(_match_choice(question, item, lang, question.id) for item in items))
    if not values:
        return None
    exclusive = [question.choice(value) for value in values if question.choice(value).exclusive]
    if exclusive and len(values) > 1:
        choice = exclusive[0]
        raise invalid(
            question.id, "exclusive_choice", label_sv=choice.label_sv, label_en=choice.label_en
        )
    return values


def _parse_yes_no(question: Question, raw: Any, lang: str, today: date) -> str | None:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if _is_blank(raw):
        return None
    if not isinstance(raw, str):
        raise invalid(question.id, "wrong_shape")
    return _match_choice(question, raw, lang, question.id)


def _parse_text(question: Question, raw: Any, lang: str, today: date) -> str | None:
    limit = NOTE_MAX_CHARS if question.kind == "note" else TEXT_MAX_CHARS
    return _clean_text(raw, question.id, limit) or None


def _parse_integer(question: Question, raw: Any, lang: str, today: date) -> int | None:
    if _is_blank(raw):
        return None
    number = _to_int(raw, question.id)
    if question.not_future and number > today.year:
        raise invalid(question.id, "year_in_future", year=today.year)
    _check_range(question, number, question.id, what="number")
    return number


def _parse_date(question: Question, raw: Any, lang: str, today: date) -> str | None:
    if _is_blank(raw):
        return None
    parsed = _to_date(raw, question.id, today)
    if question.not_future and parsed > today:
        raise invalid(question.id, "date_in_future", today=today.isoformat())
    return parsed.isoformat()


def _parse_country_list(question: Question, raw: Any, lang: str, today: date) -> list[str] | None:
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[\s,;]+", raw) if part]
    codes = [item.strip().upper() for item in _as_list(question.id, raw)]
    for code in codes:
        if not is_country(code):
            raise invalid(question.id, "unknown_country", value=code)
    return list(dict.fromkeys(codes)) or None


def _parse_items(
    question: Question, raw: Any, lang: str, today: date
) -> list[dict[str, Any]] | None:
    if _is_blank(raw):
        return None
    if not isinstance(raw, (list, tuple)):
        raise invalid(question.id, "wrong_shape")
    rows = []
    for index, row in enumerate(raw):
        if not isinstance(row, Mapping):
            raise invalid(f"{question.id}[{index}]", "wrong_shape")
        if _is_blank(row.get("item")) and _is_blank(row.get("cost")):
            continue  # an empty line of the form
        rows.append(_parse_item_row(question, row, index, lang))
    return rows or None


def _parse_item_row(
    question: Question, row: Mapping[str, Any], index: int, lang: str
) -> dict[str, Any]:
    item_field, cost_field = f"{question.id}[{index}].item", f"{question.id}[{index}].cost"
    if _is_blank(row.get("item")):
        raise invalid(item_field, "required")
    if not isinstance(row["item"], str):
        raise invalid(item_field, "wrong_shape")
    item = _match_choice(question, row["item"], lang, item_field)
    if _is_blank(row.get("cost")):
        raise invalid(cost_field, "required")
    cost = _to_int(row["cost"], cost_field)
    _check_range(question, cost, cost_field, what="amount")
    return {"item": item, "cost": cost}


def _parse_days_used(question: Question, raw: Any, lang: str, today: date) -> dict[str, int] | None:
    if isinstance(raw, (list, tuple)) and len(raw) == len(DAYS_USED_PARTS):
        raw = dict(zip(DAYS_USED_PARTS, raw, strict=True))
    if _is_blank(raw) or (isinstance(raw, Mapping) and all(_is_blank(v) for v in raw.values())):
        return None
    if not isinstance(raw, Mapping):
        raise invalid(question.id, "wrong_shape")
    days = {}
    for part in DAYS_USED_PARTS:
        field = f"{question.id}.{part}"
        if _is_blank(raw.get(part)):
            raise invalid(field, "required")
        days[part] = _to_int(raw[part], field)
        _check_range(question, days[part], field, what="days")
    return days


PARSERS: dict[str, Callable[[Question, Any, str, date], Any]] = {
    "choice": _parse_choice,
    "multi_choice": _parse_multi_choice,
    "yes_no": _parse_yes_no,
    "yes_no_unknown": _parse_yes_no,
    "text": _parse_text,
    "note": _parse_text,
    "integer": _parse_integer,
    "date": _parse_date,
    "country_list": _parse_country_list,
    "items": _parse_items,
    "days_used": _parse_days_used,
}


# ------------------------------------------------------------------ small helpers


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple, dict)):
        return len(raw) == 0
    return False


def _as_list(field: str, raw: Any) -> list[str]:
    if _is_blank(raw):
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, (list, tuple)) or not all(isinstance(item, str) for item in raw):
        raise invalid(field, "wrong_shape")
    return [item for item in raw if item.strip()]


def _match_choice(question: Question, raw: str, lang: str, field: str) -> str:
    """The choice value for raw: the value itself, or a label typed in lang, sv or en."""
    text = raw.strip()
    if text in question.allowed_values:
        return text
    wanted = text.casefold()
    for value, labels in _labels(question):
        if wanted == value.casefold() or wanted in {label.casefold() for label in labels}:
            return value
    options_sv = ", ".join(labels[0] for _, labels in _labels(question))
    options_en = ", ".join(labels[1] for _, labels in _labels(question))
    raise invalid(field, "unknown_choice", value=text, options_sv=options_sv, options_en=options_en)


def _labels(question: Question) -> list[tuple[str, tuple[str, str]]]:
    if question.kind in ("yes_no", "yes_no_unknown"):
        return [
            (value, (YES_NO_LABELS[value]["sv"], YES_NO_LABELS[value]["en"]))
            for value in question.allowed_values
        ]
    return [(choice.value, (choice.label_sv, choice.label_en)) for choice in question.choices]


def _clean_text(raw: Any, field: str, limit: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise invalid(field, "wrong_shape")
    text = raw.strip()
    if len(text) > limit:
        raise invalid(field, "too_long", max=limit)
    return text


def _to_int(raw: Any, field: str) -> int:
    if isinstance(raw, bool):
        raise invalid(field, "not_a_number")
    if isinstance(raw, int):
        return raw
    if not isinstance(raw, str):
        raise invalid(field, "not_a_number")
    # Accept "1 200" (Swedish thousands separator, also the no-break space).
    compact = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if not re.fullmatch(r"[+-]?\d+", compact):
        raise invalid(field, "not_a_number")
    return int(compact)


def _to_date(raw: Any, field: str, today: date) -> date:
    if isinstance(raw, date):
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass  # e.g. 2025-02-30: same message, the format shows what is expected
    raise invalid(field, "date_format", example=today.isoformat())


def _check_range(question: Question, number: int, field: str, *, what: str) -> None:
    if question.min is not None and number < question.min:
        if number < 0 and what == "days":
            raise invalid(field, "negative_days")
        if number < 0 and what == "amount":
            raise invalid(field, "negative_amount")
        raise invalid(field, "too_small", min=question.min)
    if question.max is not None and number > question.max:
        raise invalid(field, "too_many_days" if what == "days" else "too_large", max=question.max)

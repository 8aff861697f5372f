"""Parsing one answer as it arrives from a form post (strings; lists for multi choices).

`validate_answer` returns the value to store, or raises AnswerInvalid with a message in
Swedish and English that tells the user what to type instead. Nothing else escapes,
whatever comes in: NUL and other control characters, text of any length, numbers of
thousands of digits, dates in year 1, lists where a word was expected, None.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from .countries import is_country
from .model import (
    DAYS_USED_PARTS,
    MAX_INT_DIGITS,
    MAX_LIST_ITEMS,
    MAX_RAW_CHARS,
    YES_NO_LABELS,
    Question,
)

# Limits of questions that carry none in the data (a bank built in a test). The bank's own
# text and note questions all have `max_length` (the loader insists).
TEXT_MAX_CHARS = 200
NOTE_MAX_CHARS = 4000
# How deep and how big a raw answer may be: an items list of rows of two fields is the
# deepest and largest shape any question takes.
MAX_DEPTH = 4
MAX_PARTS = 1_000
# Shown back in a message: enough to recognise what was typed, never a whole paste.
ECHO_CHARS = 40

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Svar krävs.", "An answer is required."),
    "wrong_shape": ("Svaret har fel form.", "The answer has the wrong form."),
    "control_character": (
        (
            "Texten innehåller ett osynligt styrtecken som inte kan sparas. Ta bort det och "
            "försök igen."
        ),
        (
            "The text contains an invisible control character that cannot be saved. Remove it "
            "and try again."
        ),
    ),
    "too_many_parts": ("Svaret är för stort.", "The answer is too large."),
    "not_a_number": ("Ange ett heltal, till exempel 12.", "Enter a whole number, for example 12."),
    "too_small": (
        "Värdet får inte vara mindre än {min}.",
        "The value must not be less than {min}.",
    ),
    "too_large": (
        "Värdet får inte vara större än {max}.",
        "The value must not be more than {max}.",
    ),
    "number_too_long": (
        "Talet har för många siffror (högst {max}).",
        "The number has too many digits (at most {max}).",
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
    "date_too_early": (
        "Datumet kan inte vara tidigare än {min}.",
        "The date cannot be earlier than {min}.",
    ),
    "date_too_late": (
        "Datumet kan inte vara senare än {max}.",
        "The date cannot be later than {max}.",
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
    "too_many_items": ("Högst {max} val.", "At most {max} choices."),
    "too_many_rows": ("Högst {max} rader.", "At most {max} lines."),
    "too_long": ("Högst {max} tecken.", "At most {max} characters."),
}

# C0 and C1 control characters except tab, line feed and carriage return, and the lone
# surrogates a JSON "\ud800" can carry: PostgreSQL refuses NUL outright, and the others
# are never typed on purpose. Format characters (e.g. the zero-width non-joiner that
# Persian and Arabic writing needs) are kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Spaces a number may be written with ("1 200", also the no-break and thin spaces).
NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f]")
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    _check_raw(raw, question.id, question)
    raw_value, note = _split_note(question, raw)
    value = PARSERS[question.kind](question, raw_value, lang, today)
    if value is None:
        if question.required:
            raise invalid(question.id, "required")
        return None
    if question.note:
        return {"value": value, "note": note}
    return value


def text_limit(question: Question) -> int:
    """The most characters the question's free text (or note) takes."""
    if question.max_length is not None:
        return question.max_length
    return NOTE_MAX_CHARS if question.kind == "note" or question.note else TEXT_MAX_CHARS


def _check_raw(raw: Any, field: str, question: Question) -> None:
    """Refuse what no question takes before parsing: control characters anywhere, strings
    far beyond any limit, nesting and sizes beyond any form's shape."""
    parts = 0

    def visit(value: Any, path: str, depth: int) -> None:
        nonlocal parts
        parts += 1
        if parts > MAX_PARTS or depth > MAX_DEPTH:
            raise invalid(field, "too_many_parts")
        if isinstance(value, str):
            if len(value) > MAX_RAW_CHARS:
                raise invalid(path, "too_long", max=text_limit(question))
            if CONTROL.search(value):
                raise invalid(path, "control_character")
        elif isinstance(value, Mapping):
            for key, item in value.items():
                visit(key, path, depth + 1)
                if depth == 0 and question.note and key == "value":
                    child = path  # the answer itself; its note is "<id>.note"
                else:
                    child = f"{path}.{key[:ECHO_CHARS] if isinstance(key, str) else '?'}"
                visit(item, child, depth + 1)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                visit(item, f"{path}[{index}]", depth + 1)

    visit(raw, field, 0)


def _split_note(question: Question, raw: Any) -> tuple[Any, str]:
    if not question.note:
        return raw, ""
    if isinstance(raw, Mapping):
        note = _clean_text(raw.get("note"), f"{question.id}.note", text_limit(question)) or ""
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
    return _clean_text(raw, question.id, text_limit(question)) or None


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
    earliest, latest = question.date_bounds(today)
    if question.not_future and parsed > today:
        raise invalid(question.id, "date_in_future", today=today.isoformat())
    if latest is not None and parsed > latest:
        raise invalid(question.id, "date_too_late", max=latest.isoformat())
    if earliest is not None and parsed < earliest:
        raise invalid(question.id, "date_too_early", min=earliest.isoformat())
    return parsed.isoformat()


def _parse_country_list(question: Question, raw: Any, lang: str, today: date) -> list[str] | None:
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[\s,;]+", raw) if part]
    codes = [item.strip().upper() for item in _as_list(question.id, raw)]
    for code in codes:
        if not is_country(code):
            raise invalid(question.id, "unknown_country", value=_echo(code))
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
    if len(rows) > MAX_LIST_ITEMS:
        raise invalid(question.id, "too_many_rows", max=MAX_LIST_ITEMS)
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
    items = [item for item in raw if item.strip()]
    if len(items) > MAX_LIST_ITEMS:
        raise invalid(field, "too_many_items", max=MAX_LIST_ITEMS)
    return items


def _echo(text: str) -> str:
    """What was typed, shortened for a message."""
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"


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
    raise invalid(
        field, "unknown_choice", value=_echo(text), options_sv=options_sv, options_en=options_en
    )


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
    # A browser counts a line break as one character for maxlength but posts it as CR LF.
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > limit:
        raise invalid(field, "too_long", max=limit)
    return text


def _to_int(raw: Any, field: str) -> int:
    """A whole number from a form's text ("1 200", "−5") or a JSON number.

    The length is bounded before int(): Python refuses more than 4 300 digits, and no
    count or amount has more than MAX_INT_DIGITS. A longer number stands in as ±10**digits,
    so that the question's own range gives the message ("At most 730 days").
    """
    if isinstance(raw, bool):
        raise invalid(field, "not_a_number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if math.isfinite(raw) and raw.is_integer():
            return int(raw)
        raise invalid(field, "not_a_number")
    if not isinstance(raw, str):
        raise invalid(field, "not_a_number")
    compact = NUMBER_SPACES.sub("", raw.translate(MINUS_SIGNS))
    match = re.fullmatch(r"([+-]?)0*(\d+)", compact)
    if match is None:
        raise invalid(field, "not_a_number")
    sign, digits = match.groups()
    if len(digits) > MAX_INT_DIGITS:
        huge = 10**MAX_INT_DIGITS
        return -huge if sign == "-" else huge
    try:
        return int(sign + digits)
    except ValueError:
        raise invalid(field, "not_a_number") from None


def _to_date(raw: Any, field: str, today: date) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if ISO_DATE.fullmatch(text):
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
    _check_digits(number, field)


def _check_digits(number: int, field: str) -> None:
    # Only reached by a question without bounds (the bank's all have them): a number no
    # count, amount or year has is refused rather than stored.
    if abs(number) >= 10**MAX_INT_DIGITS:
        raise invalid(field, "number_too_long", max=MAX_INT_DIGITS)

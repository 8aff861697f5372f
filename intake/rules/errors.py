"""The two errors of the rules package: bad year data, and bad answers."""

from __future__ import annotations

from typing import Any

_MISSING = object()


class RuleSetError(ValueError):
    """A programme year's data is invalid. The message names source, field path and problem.

    `code` and `params` say the same as `problem` for a program (a form that shows the
    error next to its field, in the user's language): e.g. code "minimum" with params
    {"minimum": 0, "value": -5}. Codes: required, type, minimum, maximum, enum, pattern,
    unknown_field, min_items, needs_rate, needs_max_days, step_larger_than_max, and
    "invalid" for everything else (read `problem`).
    """

    def __init__(self, source: str, path: str, problem: str, *, code: str = "invalid",
                 params: dict[str, Any] | None = None):
        self.source = source
        self.path = path or "(root)"
        self.problem = problem
        self.code = code
        self.params = dict(params or {})
        super().__init__(f"{source}: {self.path}: {problem}")


# One sentence per error code and language. {field} is always the dotted answer path,
# so the person filling in the intake can find the question.
_MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "en": "'{field}': this answer is missing, but it is required.",
        "sv": "'{field}': svaret saknas, men det måste anges.",
    },
    "type": {
        "en": "'{field}': expected {expected}, but got {got}.",
        "sv": "'{field}': förväntade {expected}, men fick {got}.",
    },
    "enum": {
        "en": "'{field}': {value} is not an allowed value; use one of: {allowed}.",
        "sv": "'{field}': {value} är inte ett tillåtet värde; använd ett av: {allowed}.",
    },
    "date": {
        "en": "'{field}': {value} is not a valid date in the form YYYY-MM-DD.",
        "sv": "'{field}': {value} är inte ett giltigt datum på formen ÅÅÅÅ-MM-DD.",
    },
    "negative": {
        "en": "'{field}': must not be negative (got {value}).",
        "sv": "'{field}': får inte vara negativt (fick {value}).",
    },
    "too_large": {
        "en": "'{field}': {value} is larger than the maximum allowed, {maximum}.",
        "sv": "'{field}': {value} är större än det högsta tillåtna, {maximum}.",
    },
    "too_small": {
        "en": "'{field}': must be at least {minimum} (got {value}).",
        "sv": "'{field}': måste vara minst {minimum} (fick {value}).",
    },
    "too_many": {
        "en": "'{field}': at most {maximum} entries are allowed.",
        "sv": "'{field}': högst {maximum} poster är tillåtna.",
    },
    "empty": {
        "en": "'{field}': must not be empty.",
        "sv": "'{field}': får inte vara tomt.",
    },
    "no_ruleset": {
        "en": "'{field}': there are no programme rules for the year {year} "
              "(rules exist for: {years}).",
        "sv": "'{field}': det finns inga programregler för år {year} "
              "(regler finns för: {years}).",
    },
    "contradiction": {
        "en": "'{field}': contradicts '{other}': {detail}",
        "sv": "'{field}': motsäger '{other}': {detail}",
    },
}

_TYPE_NAMES = {
    "object": {"en": "an object", "sv": "ett objekt"},
    "list": {"en": "a list", "sv": "en lista"},
    "text": {"en": "a text", "sv": "en text"},
    "whole number": {"en": "a whole number", "sv": "ett heltal"},
    "true/false": {"en": "true or false", "sv": "sant eller falskt (true/false)"},
    "null": {"en": "nothing (null)", "sv": "inget värde (null)"},
    "number": {"en": "a number with decimals", "sv": "ett decimaltal"},
}


def json_type_name(value: Any) -> str:
    """The JSON kind of value, as a key of _TYPE_NAMES."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "whole number"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "text"


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class AnswersError(ValueError):
    """The answers cannot be judged. `field` is the dotted path of the offending answer."""

    def __init__(
        self,
        field: str,
        code: str,
        *,
        value: Any = _MISSING,
        expected: str | None = None,
        allowed: tuple | list | None = None,
        maximum: int | None = None,
        minimum: int | None = None,
        other: str | None = None,
        detail: dict[str, str] | None = None,
        year: int | None = None,
        years: tuple | list | None = None,
    ):
        self.field = field
        self.code = code
        self.value = None if value is _MISSING else value
        self._params = {
            "field": field,
            "value": "" if value is _MISSING else _short_repr(value),
            "expected_key": expected or "",
            "got_key": "" if value is _MISSING else json_type_name(value),
            "allowed": ", ".join(str(item) for item in (allowed or ())),
            "maximum": "" if maximum is None else str(maximum),
            "minimum": "" if minimum is None else str(minimum),
            "other": other or "",
            "year": "" if year is None else str(year),
            "years": ", ".join(str(item) for item in (years or ())) or "-",
        }
        self._detail = detail or {}
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """A sentence in lang ("sv" or "en", default en) that names the field."""
        lang = lang if lang in ("sv", "en") else "en"
        params = dict(self._params)
        params["expected"] = _TYPE_NAMES.get(params.pop("expected_key"), {}).get(lang, "")
        params["got"] = _TYPE_NAMES.get(params.pop("got_key"), {}).get(lang, "")
        params["detail"] = self._detail.get(lang, "")
        template = _MESSAGES.get(self.code, _MESSAGES["type"])[lang]
        return template.format(**params)

    def __str__(self) -> str:
        return self.message("en")

"""The one place that formats money, numbers, dates and countries for a reader.

Pure Python (Babel, no Django at import time), so the rules engine, the knowledge base and
the templates all format the same way: "1 320 kr" in Swedish, "SEK1,320" in British
English, "1.320 SEK" in Spanish. Programme amounts are whole kronor, so whole amounts show
no decimals. Babel separates thousands with a no-break space in Swedish and rounds half to
even.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import babel
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

# The portal's English is British-style; other codes are Babel locales as they are.
LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def current_language() -> str:
    from django.utils import translation  # only when no language is given

    return translation.get_language() or "sv"


def locale_of(lang: str | None) -> str:
    lang = lang or current_language()
    return LOCALES.get(lang, lang)


@lru_cache(maxsize=None)
def _whole_currency_pattern(locale: str) -> str:
    """The locale's currency pattern without decimals."""
    return babel.Locale.parse(locale).currency_formats["standard"].pattern.replace("0.00", "0")


def sek(amount: int | float, lang: str | None = None) -> str:
    """An amount in kronor: whole kronor without decimals, anything else with öre."""
    locale = locale_of(lang)
    if float(amount).is_integer():
        return format_currency(int(amount), "SEK", format=_whole_currency_pattern(locale), locale=locale,
                               currency_digits=False)
    return format_currency(amount, "SEK", locale=locale)


def number(value: int | float, lang: str | None = None) -> str:
    return format_decimal(value, locale=locale_of(lang))


def day(value: date, lang: str | None = None, *, style: str = "long") -> str:
    """A date as the reader writes it: 1 mars 2025 (sv, long), 1 Mar 2025 (en, medium)."""
    return format_date(value, format=style, locale=locale_of(lang))


def country(code: str, lang: str | None = None) -> str:
    """A country's name from its ISO code ("NG" → "Nigeria"), the code when unknown."""
    from intake.flow.countries import country_name  # the intake's country list (pure data)

    try:
        return country_name(code, lang or current_language())
    except KeyError:
        return code

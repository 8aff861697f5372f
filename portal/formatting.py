"""Numbers and money in the reader's locale, with Babel ("54 600,00 kr" in Swedish).

Babel separates thousands with a no-break space in Swedish and rounds half to even.
"""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal
from django.utils import translation

# The portal's English is British-style; other codes are Babel locales as they are.
LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def locale_of(lang: str | None) -> str:
    lang = lang or translation.get_language() or "sv"
    return LOCALES.get(lang, lang)


def sek(amount: int | float, lang: str | None = None) -> str:
    return format_currency(amount, "SEK", locale=locale_of(lang))


def number(value: int | float, lang: str | None = None) -> str:
    return format_decimal(value, locale=locale_of(lang))

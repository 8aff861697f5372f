"""The twelve languages of the knowledge base.

The portal's own screens are Swedish and English (settings.LANGUAGES); articles come in
more languages, chosen separately in the URL (/kb/<lang>/...). Each language knows its
name in itself (from Babel's CLDR data, so nobody types "العربية" by hand), its writing
direction and the PostgreSQL text-search configuration that stems its words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import babel

from portal import formatting

# The order of the language picker: the two complete languages first, then the others
# roughly by how many persons in the programme read them (seeds 000 and 002).
CODES = ("sv", "en", "ar", "es", "fr", "pt", "ro", "pl", "uk", "ru", "vi", "th")

# A missing translation falls back to the first of these that exists (issue 5).
FALLBACKS = ("sv", "en")

# Text-search configurations of stock PostgreSQL 15 (SELECT cfgname FROM pg_ts_config).
# Polish, Ukrainian, Vietnamese and Thai have none: 'simple' lowercases without stemming,
# so those languages find exact word forms only. Thai is written without spaces between
# words, so PostgreSQL's parser sees a whole phrase as one word; searching Thai finds
# phrases as typed, not single words inside them.
TS_CONFIGS = {
    "sv": "swedish", "en": "english", "ar": "arabic", "es": "spanish", "fr": "french",
    "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "pl": "simple", "uk": "simple", "vi": "simple", "th": "simple",
}

RTL = frozenset({"ar"})


@dataclass(frozen=True)
class Language:
    code: str
    name: str          # in the language itself: "svenska" → "Svenska", "العربية"
    english_name: str  # for the coordinator's tables and logs
    rtl: bool
    ts_config: str

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def locale(self) -> babel.Locale:
        return babel.Locale.parse(self.code)


def _capitalised(name: str) -> str:
    # Only the first letter: "português" → "Português"; scripts without case are unchanged.
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=None)
def _build(code: str) -> Language:
    locale = babel.Locale.parse(code)
    return Language(
        code=code,
        name=_capitalised(locale.get_display_name(code)),
        english_name=locale.get_display_name("en"),
        rtl=code in RTL,
        ts_config=TS_CONFIGS[code],
    )


def get(code: str) -> Language:
    """The language with this code; KeyError for a code the knowledge base does not have."""
    if code not in CODES:
        raise KeyError(code)
    return _build(code)


def name_in(code: str, in_language: str) -> str:
    """The name of language `code` in another language: name_in("ar", "sv") == "arabiska"."""
    return babel.Locale.parse(code).get_display_name(in_language)


def all_languages() -> list[Language]:
    return [_build(code) for code in CODES]


def choices() -> list[tuple[str, str]]:
    """(code, name in itself) for model and form choices."""
    return [(language.code, language.name) for language in all_languages()]


def is_supported(code: str | None) -> bool:
    return code in CODES


def ts_config(code: str) -> str:
    return TS_CONFIGS.get(code, "simple")


def fallback_order(code: str) -> tuple[str, ...]:
    """Which languages to try, in order, when `code` has no published translation.

    Swedish readers fall back to English and English readers to Swedish; everyone
    else gets English first, the language a newcomer is likelier to read.
    """
    if code == "sv":
        return ("sv", "en")
    if code == "en":
        return ("en", "sv")
    return (code, "en", "sv")


# --- formatting per locale: portal.formatting is the one formatter ---------------------------


def money(amount: int, code: str) -> str:
    """Whole kronor in the reader's locale: 1 320 kr (sv), SEK1,320 (en), 1.320 SEK (es)."""
    return formatting.sek(amount, code)


def number(value: int, code: str) -> str:
    return formatting.number(value, code)


def day(value: date, code: str) -> str:
    """A date as the reader writes it, e.g. 22 november 2026 (sv), 22 نوفمبر 2026 (ar)."""
    return formatting.day(value, code)

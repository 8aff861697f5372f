"""Search that ignores accents: "betanketid" finds "betänketid", "protege" finds "protégé".

PostgreSQL's usual answer is the `unaccent` extension inside a text-search
configuration. The portal cannot count on it: the embedded PostgreSQL a laptop runs
(pgserver) ships no contrib extensions. So accents are folded away before PostgreSQL
sees the words, on both sides: the indexed text and the query (services.refresh_search,
selectors.search). The stored `search_vector` and its GIN index are used as before.

The fold maps one character to one character (å → a, ł → l, ё → е), never deleting or
expanding. That keeps a folded text exactly as long as the original, so the search can
let PostgreSQL pick and mark the excerpt in the folded text and show the same characters
of the original, accents and all. (SQL `translate()` with the same two strings folds
alike; the migration uses it once, but it is far too slow for every search.)
Letters that are letters of their own in a language the knowledge base has, such as
Ukrainian ї or Russian й, are kept.
"""

from __future__ import annotations

import unicodedata

# Letters with a stroke or bar have no Unicode decomposition, yet readers type them
# without it.
_STROKED = {
    "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ħ": "h", "Ħ": "H",
    "ı": "i", "ŧ": "t", "Ŧ": "T", "ƀ": "b", "ð": "d", "Ð": "D",
    # Russian: ё is written е in most texts (PostgreSQL's unaccent folds it too).
    "ё": "е", "Ё": "Е",
}
_LATIN_BLOCKS = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))


def _pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for start, end in _LATIN_BLOCKS:
        for point in range(start, end + 1):
            char = chr(point)
            decomposed = unicodedata.normalize("NFD", char)
            base, marks = decomposed[0], decomposed[1:]
            if marks and base.isascii() and base.isalpha() and all(
                    unicodedata.combining(mark) for mark in marks):
                pairs[char] = base
    pairs.update(_STROKED)
    return pairs


_PAIRS = _pairs()
FROM = "".join(_PAIRS)
TO = "".join(_PAIRS.values())
_TABLE = str.maketrans(FROM, TO)


def normal(text: str) -> str:
    """Composed characters (NFC): what is stored and searched, so folding keeps length."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """`text` without accents, one character for one (of an NFC text)."""
    return normal(text).translate(_TABLE)

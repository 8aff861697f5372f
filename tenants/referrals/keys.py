"""The pseudonymous duplicate key of a case (README, "The duplicate key").

A keyed hash (HMAC-SHA256 with the programme's secret, settings.NSP_DUPLICATE_KEY_SECRET)
of facts every actor already records: initials, birth year, nationality, gender. The
same person at two actors gets the same key, so the programme can notice a double
support without holding a name. Without the secret the key cannot be recomputed from a
guess of the facts, which a plain hash of so few facts could be.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from django.conf import settings


def normalised_initials(initials: str) -> str:
    """"a.b." , "A B", "Å.B" → "AB", "AB", "AB": letters only, upper case, accents off."""
    decomposed = unicodedata.normalize("NFKD", initials or "")
    letters = "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))
    return letters.upper()


def duplicate_key(*, initials: str, birth_year: int, nationality: str, gender: str,
                  secret: str | None = None) -> str:
    facts = "|".join([normalised_initials(initials), str(int(birth_year)), (nationality or "").strip().upper(),
                      (gender or "").strip().lower()])
    key = (secret if secret is not None else settings.NSP_DUPLICATE_KEY_SECRET).encode()
    return hmac.new(key, facts.encode(), hashlib.sha256).hexdigest()

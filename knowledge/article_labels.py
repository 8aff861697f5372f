"""The few words the portal itself writes inside an article, in the article's language.

They now live with every other reader-facing text of the knowledge base, one file per
language under knowledge/content/interface/ (see knowledge/texts.py); this module keeps
the name the person's screen and the rates table import.
"""

from __future__ import annotations

from knowledge.texts import reviewed, text

__all__ = ["label", "reviewed"]


def label(lang: str, key: str, **values: object) -> str:
    """The label in `lang` (English when missing), with {placeholders} filled."""
    return text(lang, key, **values)

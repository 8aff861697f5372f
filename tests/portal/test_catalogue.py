"""The Swedish catalogue is complete: no message left empty or fuzzy (English is the source)."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_swedish_translation():
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [message.id for message in catalog if message.id and (
        not message.string or (isinstance(message.string, tuple) and not all(message.string))
        or "fuzzy" in message.flags)]
    assert untranslated == []


def test_no_message_appears_twice():
    """Two entries for one message (e.g. from merging branches) would make gettext's tools refuse the file."""
    import re

    text = CATALOGUE.read_text(encoding="utf-8")
    entries = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.*)"\n(?:msgid_plural|msgstr)', text, flags=re.M)
    seen, twice = set(), []
    for entry in entries:
        if entry in seen:
            twice.append(entry)
        seen.add(entry)
    assert twice == []

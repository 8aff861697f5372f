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


def _msgids(lines: list[str]) -> list[tuple[str, str]]:
    """(context, msgid) of every entry, continuation lines joined; obsolete (#~) entries skipped."""
    found, context, index = [], "", 0
    while index < len(lines):
        line = lines[index]
        for keyword in ("msgctxt", "msgid"):
            if line.startswith(f'{keyword} "'):
                value = line[len(keyword) + 2:-1]
                while index + 1 < len(lines) and lines[index + 1].startswith('"'):
                    index += 1
                    value += lines[index][1:-1]
                if keyword == "msgctxt":
                    context = value
                else:
                    found.append((context, value))
                    context = ""
        index += 1
    return found


def test_no_message_appears_twice():
    """Two entries for one message (e.g. from merging branches) would make gettext's tools refuse the file."""
    entries = [entry for entry in _msgids(CATALOGUE.read_text(encoding="utf-8").splitlines()) if entry[1]]
    twice = sorted({entry for entry in entries if entries.count(entry) > 1})
    assert twice == []


def test_the_duplicate_check_sees_long_messages():
    lines = ['msgid ""', '"A long message "', '"in two lines"', 'msgstr "x"', "",
             'msgid "A long message in two lines"', 'msgstr "y"']
    assert _msgids(lines) == [("", "A long message in two lines")] * 2

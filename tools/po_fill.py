"""Fill msgstr entries of a .po catalogue from a JSON file {msgid: msgstr or [singular, plural]}.

Used when translating the UI: `python tools/po_fill.py locale/sv/LC_MESSAGES/django.po sv.json`.
Prints the msgids that are still untranslated, so nothing is silently left in English.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str | None = None) -> int:
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    translations = json.load(open(json_path, encoding="utf-8")) if json_path else {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=100)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    for msgid in missing:
        print("untranslated:", json.dumps(msgid if isinstance(msgid, str) else msgid[0], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

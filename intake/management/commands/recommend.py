"""python manage.py recommend [--year YEAR] [--lang sv|en] FILE

Reads answers (RULES.md's shape) from FILE, or from standard input when FILE is "-",
and prints the recommendation as JSON. A worked example ({"name", "answers",
"expected"}) is accepted too: its answers are used. The years are those in effect in
the portal (built-in files, replaced by any year a coordinator has put into effect);
--builtin uses the files only. Invalid input exits with status 1 and one sentence on
standard error that names the field, in the chosen language.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from intake.rules import AnswersError, RuleSetError, builtin_rulesets, recommend

LANGS = ("sv", "en")

_TEXTS = {
    "bad_json": {
        "en": "The input is not valid JSON (line {line}, column {column}): {problem}.",
        "sv": "Indata är inte giltig JSON (rad {line}, kolumn {column}): {problem}.",
    },
    "unreadable": {
        "en": "Cannot read {file}: {problem}.",
        "sv": "Kan inte läsa {file}: {problem}.",
    },
    "not_utf8": {
        "en": "{file} is not UTF-8 text.",
        "sv": "{file} är inte UTF-8-text.",
    },
    "no_database": {
        "en": "Note: the portal's database could not be read ({problem}); using the built-in "
              "programme years only.",
        "sv": "Obs: portalens databas kunde inte läsas ({problem}); bara de inbyggda "
              "programåren används.",
    },
    "bad_today": {
        "en": "'--today': {value} is not a valid date in the form YYYY-MM-DD.",
        "sv": "'--today': {value} är inte ett giltigt datum på formen ÅÅÅÅ-MM-DD.",
    },
    "bad_year_data": {
        "en": "The rules of a programme year are invalid: {problem}",
        "sv": "Reglerna för ett programår är ogiltiga: {problem}",
    },
}


def _text(key: str, lang: str, **values: Any) -> str:
    return _TEXTS[key][lang].format(**values)


class InvalidInput(Exception):
    """Input the command refuses; the message is for the person who ran it."""


def answers_of(document: Any) -> Any:
    """The answers of a document: a worked example's "answers", else the document itself."""
    if isinstance(document, dict) and isinstance(document.get("answers"), dict) and (
            "expected" in document or "name" in document):
        return document["answers"]
    return document


class Command(BaseCommand):
    help = ("Recommend an intervention for answers in FILE (or '-' for standard input) and "
            "print the recommendation as JSON.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="answers as JSON, or '-' for standard input")
        parser.add_argument("--year", type=int, default=None,
                            help="judge by this programme year (default: the year of period_start, "
                                 "else application_date, else today)")
        parser.add_argument("--lang", choices=LANGS, default=None,
                            help="language of the reasons and messages (default: the portal's, sv)")
        parser.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                            help="the date to use when the answers give none (default: today)")
        parser.add_argument("--builtin", action="store_true",
                            help="use only the year files shipped with the code, not the years "
                                 "kept in the portal's database")

    def run_from_argv(self, argv):
        # From a shell, an invalid input is one plain sentence and exit status 1, rather
        # than Django's "CommandError: ..." (call_command still raises CommandError).
        self._from_shell = True
        super().run_from_argv(argv)

    def handle(self, *args, **options):
        default_lang = settings.LANGUAGE_CODE.split("-")[0]
        lang = options["lang"] or (default_lang if default_lang in LANGS else "en")
        try:
            result = self._recommend(options, lang)
        except InvalidInput as error:
            if getattr(self, "_from_shell", False):
                self.stderr.write(str(error))
                sys.exit(1)
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _recommend(self, options: dict, lang: str) -> dict:
        document = self._read(options["file"], lang)
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise InvalidInput(_text("bad_today", lang, value=options["today"])) from None
        rulesets = builtin_rulesets() if options["builtin"] else self._rulesets(lang)
        try:
            return recommend(answers_of(document), rulesets=rulesets, year=options["year"],
                             lang=lang, today=today)
        except AnswersError as error:
            raise InvalidInput(error.message(lang)) from error

    def _read(self, name: str, lang: str) -> Any:
        try:
            if name == "-":
                raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
            else:
                with open(name, "rb") as handle:
                    raw = handle.read()
        except OSError as error:
            raise InvalidInput(_text("unreadable", lang, file=name, problem=error.strerror or error)) from None
        try:
            text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            raise InvalidInput(_text("not_utf8", lang, file=name)) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInput(_text("bad_json", lang, line=error.lineno, column=error.colno,
                                     problem=error.msg)) from None

    def _rulesets(self, lang: str) -> dict:
        from tenants.years.rulesets import active_rulesets

        try:
            return active_rulesets()
        except RuleSetError as error:
            raise InvalidInput(_text("bad_year_data", lang, problem=error)) from error
        except DatabaseError as error:
            # A fresh clone without a migrated database still answers from the year files.
            self.stderr.write(_text("no_database", lang, problem=str(error).strip().splitlines()[0]))
            return builtin_rulesets()

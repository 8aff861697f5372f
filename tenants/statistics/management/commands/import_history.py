"""./nsp manage import_history FILE: earlier years' decisions from JSON lines (one
application per line). All or nothing; importing the same file again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.statistics.history import HistoryError, history_import


class Command(BaseCommand):
    help = "Import historical decisions (JSON lines) into the programme's rows, marked as imported."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            imported, already = history_import(text=text, source=path.name)
        except HistoryError as error:
            raise CommandError(f"Nothing imported. {file}: {error}") from None
        for history in imported:
            data = history.data
            self.stdout.write(
                f"line {history.line}: {data['year']} {data['actor']} {data['case_code']} {data['decision']} "
                f"{sum(item['amount'] for item in data['granted'])} SEK")
        self.stdout.write(f"Imported {len(imported)} decision(s); {already} already imported before.")

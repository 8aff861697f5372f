"""./nsp manage statistics --year YEAR [--actor SLUG] [--region R] [--format json|csv|xlsx]
[--publication] [--lang sv|en] [--output FILE]: the annual report's figures."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portal.audit import audit_event
from portal.exports import render
from portal.roles import Region
from tenants.models import Actor
from tenants.statistics import selectors
from tenants.statistics.presenting import statistics_sheets
from tenants.statistics.suppression import publication as for_publication


class Command(BaseCommand):
    help = "Print a year's statistics (interventions, persons, dimensions) as JSON, CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--actor", help="an actor's short name")
        parser.add_argument("--region", choices=Region.values)
        parser.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
        parser.add_argument("--publication", action="store_true",
                            help="hide counts below the threshold (NSP_STATISTICS_SUPPRESSION) for publishing")
        parser.add_argument("--lang", choices=("sv", "en"), default="sv")
        parser.add_argument("--output", help="write to this file (XLSX needs one unless stdout is redirected)")

    def handle(self, *args, year, actor, region, format, publication: bool, lang, output, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be a year from 2000 to 2100")
        if actor and not Actor.objects.filter(slug=actor).exclude(schema_name="public").exists():
            raise CommandError(f"No actor has the short name {actor!r}.")
        with translation.override(lang):
            stats = selectors.statistics(year=year, actor=actor, region=region, lang=lang)
            if publication:
                stats = for_publication(stats, settings.NSP_STATISTICS_SUPPRESSION)
            audit_event(user=None, action="statistics_export", year=year, actor=actor or "", region=region or "",
                        format=format, publication=publication, via="command")
            if format == "json":
                data = (json.dumps(stats, ensure_ascii=False, indent=2) + "\n").encode()
            else:
                data = render(statistics_sheets(stats, lang), format)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"Wrote {output}")
        elif format == "xlsx" and sys.stdout.isatty():
            raise CommandError("XLSX is binary: give --output FILE or redirect the output.")
        elif format == "xlsx":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

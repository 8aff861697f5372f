"""Daily: certified actors whose validity ends within 90 days become "re-certification
due" (audited), and what needs attention is printed. Until the follow-up issue's
scheduler calls `recertifications_mark_due` itself, run this once a day (cron)."""

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from tenants.certification import selectors, services


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        with schema_context("public"):
            due = services.recertifications_mark_due()
            for actor in due:
                self.stdout.write(f"re-certification due: {actor.slug} (valid until {actor.certified_until})")
            for line in selectors.attention_lines():
                self.stdout.write(f"{line.kind}: {line.actor_slug} {line.day.isoformat()} ({line.count})")

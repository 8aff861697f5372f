from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from knowledge import loader


class Command(BaseCommand):
    help = ("Import knowledge/content/ into the knowledge base: new articles and translations, "
            "and files that changed, as drafts. Never overwrites a text edited in the portal; "
            "publishes nothing (the coordinator reviews and publishes in the portal).")

    def handle(self, *args, **options):
        with schema_context("public"):
            report = loader.load()
        self.stdout.write(report.summary())
        for name in report.kept:
            self.stdout.write(self.style.WARNING(f"  kept the portal's text, file not applied: {name}"))
        for error in report.errors:
            self.stdout.write(self.style.ERROR(f"  {error}"))

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tenants.utils import get_tenant_model, schema_context, tenant_context

from intake.privacy.services import case_erase, retention_due
from portal.audit import audit_event


class Command(BaseCommand):
    help = ("Erase the personal data of closed cases older than the retention period (RETENTION_YEARS), "
            "at every actor; the audit trail and the programme's pseudonymous statistics stay.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be erased.")

    def handle(self, *args, dry_run=False, **options):
        years = settings.NSP_RETENTION_YEARS
        erased = 0
        for actor in get_tenant_model().objects.exclude(schema_name="public").order_by("schema_name"):
            with tenant_context(actor):
                for case in retention_due():
                    if dry_run:
                        self.stdout.write(f"{actor.slug}: {case.code} would be erased")
                        continue
                    code = case_erase(case=case, user=None, reason=f"retention: closed more than {years} years ago")
                    self.stdout.write(f"{actor.slug}: {code} erased")
                    erased += 1
        if not dry_run:
            with schema_context("public"):
                audit_event(user=None, action="retention_erase", schema_name="public", erased=erased, years=years)
        self.stdout.write(self.style.SUCCESS(f"{erased} closed cases erased (retention {years} years)."))

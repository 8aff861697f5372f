from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django_tenants.utils import get_tenant_model, schema_context

from portal import crypto
from portal.audit import audit_event


def _reseal_model(model) -> int:
    """Every sealed value of `model` in the current schema, sealed again with the first key."""
    from django.db import connection

    names = crypto.sealed_fields(model)
    if not names:
        return 0
    columns = [model._meta.get_field(name).column for name in names]
    return crypto.rewrite_columns(connection, model._meta.db_table, columns, crypto.reseal)


class Command(BaseCommand):
    help = ("Re-seal every encrypted field with the first key of FIELD_ENCRYPTION_KEYS (key rotation), "
            "in the public schema and every actor's schema. Afterwards the old key can be removed.")

    def handle(self, *args, **options):
        from django.conf import settings

        total = 0
        schemas = ["public", *get_tenant_model().objects.exclude(schema_name="public")
                   .values_list("schema_name", flat=True)]
        for schema in schemas:
            with schema_context(schema), transaction.atomic():
                for model in apps.get_models():
                    app = model._meta.app_label
                    shared = app in {a.split(".")[-1] for a in settings.SHARED_APPS}
                    tenant = app in {a.split(".")[-1] for a in settings.TENANT_APPS}
                    if (schema == "public" and shared and not tenant) or (schema != "public" and tenant):
                        count = _reseal_model(model)
                        if count:
                            self.stdout.write(f"{schema}: {model._meta.label}: {count} rows re-sealed")
                        total += count
        with schema_context("public"):
            audit_event(user=None, action="field_keys_rotated", schema_name="public", rows=total)
        self.stdout.write(self.style.SUCCESS(f"{total} rows re-sealed with the first key."))

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django_tenants.utils import get_tenant_model, schema_context

from portal import crypto
from portal.audit import audit_event


def _reseal_model(model) -> int:
    names = crypto.sealed_fields(model)
    if not names:
        return 0
    columns = {name: model._meta.get_field(name).column for name in names}
    changed = 0
    table = model._meta.db_table
    # Raw rows: the values as stored, sealed, re-sealed with the first key without ever
    # being held open longer than one row.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, {", ".join(columns.values())} FROM "{table}"')  # noqa: S608 (names from the model)
        rows = cursor.fetchall()
        for row in rows:
            pk, values = row[0], row[1:]
            fresh = [crypto.reseal(v) if isinstance(v, str) and v else v for v in values]
            if fresh != list(values):
                assignments = ", ".join(f'"{column}" = %s' for column in columns.values())
                cursor.execute(f'UPDATE "{table}" SET {assignments} WHERE id = %s', [*fresh, pk])  # noqa: S608
                changed += 1
    return changed


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

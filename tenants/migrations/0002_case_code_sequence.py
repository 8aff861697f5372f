from django.db import migrations


class Migration(migrations.Migration):
    """One programme-wide counter for case codes (NSP001, …), in the public schema."""

    dependencies = [("tenants", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS public.nsp_case_code_seq START 1",
            "DROP SEQUENCE IF EXISTS public.nsp_case_code_seq",
        )
    ]

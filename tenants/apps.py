from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Programme: actors, years, applications"

    def ready(self):
        # The start page's own lines (tenants.attention); other capabilities add theirs.
        from tenants.start import providers  # noqa: F401

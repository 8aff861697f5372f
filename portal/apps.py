from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal: users, roles, audit"

    def ready(self):
        from portal import audit  # noqa: F401  (connects the login signals)
        from portal import tenancy

        tenancy.connect_signals()

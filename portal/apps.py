from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal: users, roles, audit"

    def ready(self):
        # Signal receivers: login audit, lockout audit, closing a session's sockets, and
        # forgetting cached hosts when an actor or a domain changes.
        from portal import audit, tenancy  # noqa: F401
        from portal.accounts import lockout, sessions  # noqa: F401

        tenancy.connect_signals()

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal: users, roles, audit"

    def ready(self):
        # Signal receivers: login audit, lockout audit, closing a session's sockets.
        from portal import audit  # noqa: F401
        from portal.accounts import lockout, sessions  # noqa: F401

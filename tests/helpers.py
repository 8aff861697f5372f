"""Small helpers shared by tests."""

from django.conf import settings

PUBLIC_HOST = "localhost"


def host_of_actor(slug: str) -> str:
    return f"{slug}.{settings.PORTAL_BASE_DOMAIN}"

"""Test setup: a real PostgreSQL, the demo actors built once, sessions for each role.

`transactional_db` would flush the public tables and orphan the tenant schemas
(DESIGN.md), so the demo data is created once per session and committed; tests that
write run inside a transaction that is rolled back (`db`).
"""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from portal import demo

    with django_db_blocker.unblock():
        demo.load()
    yield
    with django_db_blocker.unblock():
        _drop_other_connections()


def _drop_other_connections() -> None:
    """Websocket tests run database calls on channels' own thread, whose connection
    outlives the test; it would keep the test database from being dropped."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def demo_actors(django_db_setup, django_db_blocker):
    from tenants.models import Actor

    with django_db_blocker.unblock():
        return {actor.slug: actor for actor in Actor.objects.exclude(schema_name="public")}


@pytest.fixture(scope="session")
def demo_users(django_db_setup, django_db_blocker):
    from portal.models import User

    with django_db_blocker.unblock():
        return {user.username: user for user in User.objects.all()}


@pytest.fixture(scope="session")
def session_cookies(django_db_setup, django_db_blocker, demo_users):
    """A committed login session per demo user, for websockets and the live server."""
    from django.conf import settings

    cookies = {}
    with django_db_blocker.unblock():
        for username, user in demo_users.items():
            client = Client()
            client.force_login(user)
            cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


@pytest.fixture
def client_at(db):
    """client_at(host, user=None): a test client on `host`, logged in as `user` if given."""

    def make(host: str, user=None) -> Client:
        client = Client(HTTP_HOST=host)
        if user is not None:
            client.force_login(user)
        return client

    return make

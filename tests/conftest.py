"""Test setup: a real PostgreSQL, the demo actors built once, sessions for each role.

`transactional_db` would flush the public tables and orphan the tenant schemas
(DESIGN.md), so the demo data is created once per session and committed; tests that
write run inside a transaction that is rolled back (`db`).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.helpers import login_verified


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """The test database, always, with the demo data committed once.

    pytest-django creates test databases only for the aliases that marked tests ask
    for; browser tests carry no django_db mark, so on their own they would have run on
    the real database. Here the test database is always made.
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from portal import demo

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=request.config.option.verbose, interactive=False,
                                 aliases={"default"}, serialized_aliases=set())
        # A pool opened before the test database existed points at the main database.
        connection.close_pool()
        demo.load()
    yield
    with django_db_blocker.unblock():
        _drop_other_connections()
        teardown_databases(config, verbosity=request.config.option.verbose)


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
            login_verified(client, user)
            cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


@pytest.fixture
def client_at(db):
    """client_at(host, user=None): a test client on `host`, logged in as `user` if given
    (with both factors, as after a real login)."""

    def make(host: str, user=None) -> Client:
        client = Client(HTTP_HOST=host)
        if user is not None:
            login_verified(client, user)
        return client

    return make


# --- Live server and browser (flows people click through) -------------------------


def pytest_collection_modifyitems(config, items):
    """Browser tests commit data through a live server: run them after the rest."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _database_url(settings_dict) -> str:
    from urllib.parse import quote

    user = quote(settings_dict["USER"] or "postgres")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or ""
    name = settings_dict["NAME"]
    if host.startswith("/"):
        return f"postgresql://{user}{password}@/{name}?host={quote(host)}"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgresql://{user}{password}@{host}{port}/{name}"


class LiveServer:
    def __init__(self, port: int):
        self.port = port

    def url(self, host: str = "localhost", path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker):
    """The real ASGI server (uvicorn: HTTP and websockets) on the test database."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from django.db import connection

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = dict(
        os.environ, DATABASE_URL=_database_url(connection.settings_dict), DEBUG="1", PORT=str(port),
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    log_path = Path(__file__).resolve().parent.parent / ".nsp-data" / "live-server.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "portal.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--lifespan", "off", "--log-level", "warning"],
        cwd=Path(__file__).resolve().parent.parent, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    server = LiveServer(port)
    deadline = time.monotonic() + 30
    while True:
        try:
            request = urllib.request.Request(server.url(path="/health/"), headers={"Host": f"localhost:{port}"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the live server did not start; see {log_path}:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.3)
    yield server
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-default-apps", "--metrics-recording-only", "--disable-features=Translate,MediaRouter",
]


@pytest.fixture(scope="session")
def browser(asgi_server):
    """Debian's chromium driven by Playwright (Playwright's own download is not used)."""
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    executable = os.environ.get("NSP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("The browser tests need chromium (Debian package 'chromium'); ./nsp test installs it.")
    # Playwright's sync API keeps an event loop running in this thread (hence the
    # dependency on asgi_server: the database is set up before it starts). Django's guard
    # against database calls from async code would misfire on the test's own assertions;
    # services that broadcast cannot be called from these tests either.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page_as(browser, asgi_server, session_cookies):
    """page_as(username or None, host, language="sv"): a fresh browser page, logged in."""
    contexts = []

    def make(username: str | None, host: str, language: str = "sv"):
        from django.conf import settings

        context = browser.new_context(locale=language, extra_http_headers={"Accept-Language": language})
        contexts.append(context)
        if username:
            context.add_cookies([{
                "name": settings.SESSION_COOKIE_NAME, "value": session_cookies[username],
                "domain": host, "path": "/", "httpOnly": True, "sameSite": "Lax",
            }])
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter):
    """How many generated inputs the property-based tests tried (tests/fuzz), and on what."""
    from tests.fuzz.support import TRIED

    if TRIED:
        terminalreporter.section("generated inputs")
        for name, tried in sorted(TRIED.items()):
            terminalreporter.write_line(f"{tried:>7}  {name}")
        failed = [report for report in terminalreporter.stats.get("failed", []) if "tests/fuzz/" in report.nodeid]
        terminalreporter.write_line(f"{sum(TRIED.values()):>7}  in all; server errors: {len(failed)} "
                                    "(a server error fails its test)")

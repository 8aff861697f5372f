"""Past one machine: two server processes on two ports share one PostgreSQL and one
Redis. A decision the coordinator makes through one reaches a case page open on the
other, over a real websocket (the load balancer's view of the portal: any request, any
socket, any process)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from tests.conftest import _database_url
from tests.helpers import host_of_actor

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    """REDIS_URL (CI's Redis), else a Redis of this test's own on a free port."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("Two servers share their websockets through Redis: set REDIS_URL or install redis-server.")
    port = _free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def _wait_healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/health/", headers={"Host": "localhost"})
            with urllib.request.urlopen(request, timeout=3) as response:
                body = json.loads(response.read())
                assert body["channel_layer"]["detail"] == "RedisChannelLayer", body
                return
        except (OSError, urllib.error.HTTPError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"a server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)


@pytest.fixture(scope="module")
def two_servers(django_db_setup, django_db_blocker, redis_url, tmp_path_factory):
    """`./nsp serve` twice (one worker each), on one database and one Redis."""
    from django.db import connection

    from tenants.provisioning import schemas_migrate

    with django_db_blocker.unblock():
        schemas_migrate(parallel=False)  # records the test database's state: serve checks it
        database_url = _database_url(connection.settings_dict)
    environment = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, DEBUG="1",
                       CHANNEL_PREFIX=f"nsptwo{secrets.token_hex(4)}", DJANGO_SETTINGS_MODULE="portal.settings")
    servers = []
    for name in ("a", "b"):
        port = _free_port()
        log = tmp_path_factory.mktemp("servers") / f"{name}.log"
        process = subprocess.Popen([sys.executable, "-m", "portal.server", "--workers", "1", "--port", str(port)],
                                   cwd=REPO, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT)
        servers.append((port, process, log))
    for port, process, log in servers:
        _wait_healthy(port, process, log)
    yield [port for port, _process, _log in servers]
    for _port, process, _log in servers:
        process.terminate()
    for _port, process, _log in servers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _submitted_application(actor):
    """A case of its own with a submitted application (committed: the servers must see it)."""
    from intake import demo as intake_demo
    from intake.models import Conversation
    from intake.services import (
        application_draft, application_submit, case_open, lawful_basis_record, recommendation_make,
    )
    from portal.models import User

    staff = User.objects.get(username=f"{actor.slug}.staff")
    with tenant_context(actor):
        case = case_open(user=staff, initials="T.S.", birth_year=1993, nationality="RO", gender="woman")
        Conversation.objects.filter(case=case).update(answers=intake_demo._answers(case, "01", None))
        recommendation = recommendation_make(case=case, user=staff)
        application = application_draft(recommendation=recommendation, user=staff)
        lawful_basis_record(case=case, user=staff, basis="consent")
        return case.code, application_submit(application=application, user=staff).pk


def test_a_decision_through_one_server_reaches_a_case_page_open_on_the_other(
        two_servers, demo_actors, session_cookies, django_db_blocker):
    from websockets.sync.client import connect

    port_a, port_b = two_servers
    with django_db_blocker.unblock():
        code, application_pk = _submitted_application(demo_actors["lindskyddet"])
    host = host_of_actor("lindskyddet")
    staff_cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookies['lindskyddet.staff']}"

    # The case page's socket, open on server B.
    with connect(f"ws://{host}:{port_b}/ws/cases/{code}/", address=("127.0.0.1", port_b),
                 origin=f"http://{host}:{port_b}", additional_headers={"Cookie": staff_cookie},
                 open_timeout=20) as case_socket:
        state = json.loads(case_socket.recv(timeout=20))
        assert state["type"] == "state" and state["code"] == code

        # The coordinator decides through server A.
        csrf = secrets.token_hex(16)
        motivation = "Beviljas: personen omfattas av programmet och socialtjänsten har inte beslutat om boende."
        request = urllib.request.Request(
            f"http://127.0.0.1:{port_a}/programme/applications/{application_pk}/",
            data=urlencode({"kind": "granted", "motivation": motivation}).encode(), method="POST",
            headers={"Host": "localhost", "X-CSRFToken": csrf, "Cookie": (
                f"{settings.SESSION_COOKIE_NAME}={session_cookies['samordnare']}; "
                f"{settings.CSRF_COOKIE_NAME}={csrf}")},
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(request, timeout=30)
            pytest.fail("the decision form did not redirect (a form error?)")
        except urllib.error.HTTPError as answer:
            assert answer.code == 302, answer.read()[:2000]

        # Server B's socket hears of it, and B's case page shows it.
        message = json.loads(case_socket.recv(timeout=20))
        assert message == {"type": "changed", "code": code, "event": "decided", "decision": "granted"}
    page = urllib.request.Request(f"http://127.0.0.1:{port_b}/cases/{code}/",
                                  headers={"Host": host, "Cookie": staff_cookie, "Accept-Language": "sv"})
    with urllib.request.urlopen(page, timeout=30) as response:
        assert motivation in response.read().decode()

"""The benchmark's own world: a throw-away database, the data, the production server.

Loopback only: the database server (DATABASE_URL's, or the embedded one) and Redis must
be on this machine, and the portal's server listens on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"


class BenchRefused(Exception):
    pass


def _loopback(host: str) -> bool:
    if not host or host.startswith("/") or host == "localhost":
        return True  # a unix socket, or the loopback name
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Database:
    """A database created for this run and dropped at its end."""

    url: str
    admin_url: str
    name: str

    @classmethod
    def create(cls) -> "Database":
        name = f"nsp_bench_{os.getpid()}_{secrets.token_hex(3)}"
        given = os.environ.get("DATABASE_URL")
        if given:
            parts = urlsplit(given)
            query = parse_qs(parts.query)
            host = (query.get("host") or [parts.hostname or ""])[-1]
            if not _loopback(host):
                raise BenchRefused(f"the benchmark runs against this machine only, not {host!r}")
            admin = urlunsplit(parts._replace(path="/postgres"))
            url = urlunsplit(parts._replace(path=f"/{name}"))
        else:
            sys.path.insert(0, str(REPO))
            from portal import embedded_db

            admin = embedded_db.database_url("postgres")
            url = admin.replace("/postgres?", f"/{name}?")
        import psycopg

        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return cls(url=url, admin_url=admin, name=name)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name])
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    if not _loopback(urlsplit(url).hostname or ""):
        raise BenchRefused(f"the benchmark runs against this machine's Redis only, not {url!r}")
    return url


@dataclass
class Server:
    """`python -m portal.server` (what `./nsp serve` runs) on a free loopback port."""

    env: dict[str, str]
    workers: int
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    def start(self, timeout: float = 90) -> None:
        self.log_path = Path(tempfile.mkstemp(prefix="nsp-bench-server-", suffix=".log")[1])
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "portal.server", "--workers", str(self.workers), "--port", str(self.port)],
            cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        ready = 0
        while ready < self.workers * 3:  # every worker has answered (connections spread over them)
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{self.port}/health/", headers={"Host": "localhost"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    ready += response.status == 200
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise BenchRefused(f"the server did not start:\n{self.log_path.read_text()[-3000:]}")
                time.sleep(0.3)

    def worker_pids(self) -> list[int]:
        import psutil

        return [child.pid for child in psutil.Process(self.process.pid).children(recursive=True)
                if "python" in (child.name() or "")]

    def errors_logged(self) -> list[str]:
        text = self.log_path.read_text(errors="replace") if self.log_path else ""
        return [line for line in text.splitlines()
                if "Traceback" in line or " ERROR" in line or line.startswith("ERROR")]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def portal_environment(database: Database, redis: str, static_root: str) -> dict[str, str]:
    """Production mode, as an operator would run it, on the throw-away database."""
    keep = {key: value for key, value in os.environ.items()
            if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "NSP_DATA_DIR"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database.url,
        "REDIS_URL": redis,
        "CHANNEL_PREFIX": f"nspbench{os.getpid()}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Production mode seals free text at rest and refuses to start without a key.
        "FIELD_ENCRYPTION_KEYS": _fernet_key(),
        "DUPLICATE_KEY_SECRET": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def static_dir() -> str:
    return tempfile.mkdtemp(prefix="nsp-bench-static-")


def remove(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)

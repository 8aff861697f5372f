"""Production mode: what `check --deploy` says, and the proxy header only behind a proxy."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "SECRET_KEY": "k" * 30 + "Q9z!x" * 10,
              "ALLOWED_HOSTS": "nsp.example,.nsp.example",
              "DATABASE_URL": "postgresql://nsp@127.0.0.1:5432/nsp",
              "FIELD_ENCRYPTION_KEYS": "x" * 43 + "=", "DUPLICATE_KEY_SECRET": "d" * 50}


def run(args, extra=None):
    return subprocess.run([sys.executable, *args], cwd=REPO, env={**PRODUCTION, **(extra or {})},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_only_what_the_readme_explains():
    result = run(["manage.py", "check", "--deploy"])
    assert result.returncode == 0, result.stderr
    found = [line for line in result.stderr.splitlines() + result.stdout.splitlines() if "(security." in line]
    assert [line.split(")")[0].split("(")[-1] for line in found] == ["security.W021"]
    readme = (REPO / "README.md").read_text()
    assert "W021" in readme


def test_with_preload_chosen_check_deploy_is_silent():
    result = run(["manage.py", "check", "--deploy"], {"SECURE_HSTS_PRELOAD": "1"})
    assert "no issues" in result.stdout, result.stdout + result.stderr


def _setting(expression: str, extra=None) -> str:
    result = run(["-c", f"import portal.settings as s; print({expression})"], extra)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_proxy_header_is_trusted_only_behind_a_proxy():
    assert _setting("getattr(s, 'SECURE_PROXY_SSL_HEADER', None)") == "None"
    assert _setting("s.SECURE_PROXY_SSL_HEADER", {"BEHIND_PROXY": "1"}) == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_forwarded_for_is_ignored_unless_behind_a_proxy(settings, rf):
    from portal.audit import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.5"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "10.0.0.9"  # the proxy's own entry; the rest is the client's word
    request.META["HTTP_X_FORWARDED_FOR"] = "not-an-address\x00"
    assert client_ip(request) is None

"""The settings' environment handling: laptop defaults and production refusals."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import env

REPO = Path(__file__).resolve().parents[2]
FIELD_KEY = "x" * 43 + "="  # a well-formed Fernet key (32 bytes, urlsafe base64)


def test_database_url_becomes_tenant_backend_with_pool_and_no_persistent_connections():
    config = env.database_from_url("postgresql://nsp:s%40cret@db.example:6543/portal")
    assert config["ENGINE"] == "django_tenants.postgresql_backend"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("portal", "nsp", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.example", "6543")
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"]["max_size"] >= 1


def test_database_url_with_unix_socket_host():
    config = env.database_from_url("postgresql://postgres@/nsp?host=/tmp/pg")
    assert config["HOST"] == "/tmp/pg"
    assert config["NAME"] == "nsp"
    assert "host" not in config["OPTIONS"]


def test_database_url_must_be_postgres():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.database_from_url("mysql://root@localhost/nsp")


def test_channel_layer_is_redis_only_when_redis_url_is_set():
    assert env.channel_layers(None)["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    redis = env.channel_layers("redis://127.0.0.1:6379/0")["default"]
    assert redis["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    host = redis["CONFIG"]["hosts"][0]
    assert host["address"] == "redis://127.0.0.1:6379/0"
    # Reads must outlive channels_redis's 5 s blocking pop, and the pool must not refuse
    # connections at a few hundred sockets (both redis-py defaults did).
    assert host["socket_timeout"] > env.CHANNELS_REDIS_BLOCKING_POP
    assert host["max_connections"] >= 1000


def test_channel_layer_tuning_comes_from_the_environment():
    config = env.channel_layers("redis://r/0", {"REDIS_SOCKET_TIMEOUT": "30", "REDIS_MAX_CONNECTIONS": "5000",
                                                "CHANNEL_CAPACITY": "500", "CHANNEL_GROUP_EXPIRY": "3600"})
    layer = config["default"]["CONFIG"]
    assert layer["hosts"][0]["socket_timeout"] == 30 and layer["hosts"][0]["max_connections"] == 5000
    assert (layer["capacity"], layer["group_expiry"]) == (500, 3600)
    with pytest.raises(ImproperlyConfigured, match="REDIS_SOCKET_TIMEOUT"):
        env.channel_layers("redis://r/0", {"REDIS_SOCKET_TIMEOUT": "5"})
    with pytest.raises(ImproperlyConfigured, match="REDIS_MAX_CONNECTIONS"):
        env.channel_layers("redis://r/0", {"REDIS_MAX_CONNECTIONS": "9" * 5000})


def test_pool_is_sized_per_worker_from_its_threads():
    assert env.pool_from_env({})["max_size"] >= 8
    pool = env.pool_from_env({"ASGI_THREADS": "16"})
    assert pool["max_size"] == 18 and pool["min_size"] <= pool["max_size"]
    assert env.pool_from_env({"DB_POOL_MAX": "4", "DB_POOL_MIN": "9"})["min_size"] == 4
    for bad in ({"DB_POOL_MAX": "0"}, {"DB_POOL_MAX": "ten"}, {"DB_POOL_TIMEOUT": "-1"}, {"ASGI_THREADS": "1e999"}):
        with pytest.raises(ImproperlyConfigured):
            env.pool_from_env(bad)


def test_secret_key_generated_once_and_kept_on_a_laptop(tmp_path):
    keep = tmp_path / "secret_key"
    first = env.secret_key({}, debug=True, keep_file=keep)
    second = env.secret_key({}, debug=True, keep_file=keep)
    assert first == second and len(first) >= 50
    assert keep.stat().st_mode & 0o077 == 0  # readable by the owner only


def test_secret_key_required_in_production(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        env.secret_key({}, debug=False, keep_file=tmp_path / "k")
    assert env.secret_key({"SECRET_KEY": "x" * 60}, debug=False, keep_file=tmp_path / "k") == "x" * 60


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("0", False), ("", False)])
def test_debug_flag_parsing(raw, expected):
    assert env.env_bool({"DEBUG": raw}, "DEBUG", default=True) is expected


def test_debug_flag_rejects_nonsense():
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.env_bool({"DEBUG": "maybe"}, "DEBUG", default=False)


def _settings_in_subprocess(extra_env: dict, expression: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/unused", **extra_env}
    code = f"import portal.settings as s; print({expression})"
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=environment, capture_output=True, text=True)


def test_production_mode_is_the_default_and_refuses_without_secret_key():
    result = _settings_in_subprocess({}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_settings_are_secure():
    result = _settings_in_subprocess(
        {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "nsp.example", "FIELD_ENCRYPTION_KEYS": FIELD_KEY,
         "DUPLICATE_KEY_SECRET": "d" * 50},
        "s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.ALLOWED_HOSTS, s.TENANT_LIMIT_SET_CALLS, s.CHANNEL_LAYERS['default']['BACKEND']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False True True True ['nsp.example'] True channels.layers.InMemoryChannelLayer"
    )


def test_laptop_mode_allows_actor_subdomains_of_localhost():
    result = _settings_in_subprocess({"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/1"},
                                     "s.ALLOWED_HOSTS, s.CHANNEL_LAYERS['default']['BACKEND']")
    assert result.returncode == 0, result.stderr
    assert "'.localhost'" in result.stdout
    assert "RedisChannelLayer" in result.stdout


def test_production_mode_refuses_without_field_encryption_keys():
    result = _settings_in_subprocess({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "nsp.example"}, "s.DEBUG")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set" in result.stderr


def test_production_mode_refuses_without_the_duplicate_key_secret():
    result = _settings_in_subprocess(
        {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "nsp.example", "FIELD_ENCRYPTION_KEYS": FIELD_KEY}, "s.DEBUG")
    assert result.returncode != 0
    assert "DUPLICATE_KEY_SECRET must be set" in result.stderr


def test_the_duplicate_key_secret_is_generated_once_and_kept_on_a_laptop(tmp_path):
    keep = tmp_path / "duplicate_key_secret"
    first = env.kept_secret({}, "DUPLICATE_KEY_SECRET", debug=True, keep_file=keep)
    assert len(first) >= 40 and keep.stat().st_mode & 0o777 == 0o600
    assert env.kept_secret({}, "DUPLICATE_KEY_SECRET", debug=True, keep_file=keep) == first
    assert env.kept_secret({"DUPLICATE_KEY_SECRET": "given"}, "DUPLICATE_KEY_SECRET", debug=False,
                           keep_file=keep) == "given"


def test_field_keys_generated_once_and_kept_on_a_laptop(tmp_path):
    keep = tmp_path / "field_keys"
    first = env.field_encryption_keys({}, debug=True, keep_file=keep)
    assert env.field_encryption_keys({}, debug=True, keep_file=keep) == first and len(first) == 1
    assert keep.stat().st_mode & 0o077 == 0


def test_field_keys_must_be_fernet_keys(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        env.field_encryption_keys({"FIELD_ENCRYPTION_KEYS": "short"}, debug=False, keep_file=tmp_path / "k")
    keys = env.field_encryption_keys({"FIELD_ENCRYPTION_KEYS": f"{FIELD_KEY}, {'y' * 43}="}, debug=False,
                                     keep_file=tmp_path / "k")
    assert keys == [FIELD_KEY, "y" * 43 + "="]

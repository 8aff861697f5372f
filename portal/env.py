"""Settings read from environment variables, with safe defaults for a laptop.

Pure functions, so the defaults can be tested without reloading Django settings.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.fernet import Fernet

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(env: dict[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no, not {raw!r}")


def env_int(env: dict[str, str], name: str, *, default: int) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    if len(raw) > 9 or not raw.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def env_list(env: dict[str, str], name: str, *, default: list[str]) -> list[str]:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_int(env: dict[str, str], name: str, *, default: int, minimum: int = 0, maximum: int = 1_000_000) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    if len(raw) > 9 or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise ImproperlyConfigured(f"{name} must be a whole number from {minimum} to {maximum}, not {raw!r}")
    return int(raw)


def env_seconds(env: dict[str, str], name: str, *, default: float) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw) if len(raw) < 20 else -1.0
    except ValueError:
        value = -1.0
    if not 0 < value <= 86_400 * 7:
        raise ImproperlyConfigured(f"{name} must be a number of seconds above 0, not {raw!r}")
    return value


def pool_from_env(env: dict[str, str]) -> dict:
    """psycopg's pool, per process: each ASGI worker has its own.

    A worker runs sync views on up to ASGI_THREADS threads and consumers' database calls
    on the same executor, each holding one connection while it runs, so the pool is sized
    from ASGI_THREADS unless DB_POOL_MAX says otherwise. Workers × DB_POOL_MAX must stay
    under PostgreSQL's max_connections (`./nsp serve` checks it).
    """
    threads = env_int(env, "ASGI_THREADS", default=8, minimum=1, maximum=256)
    maximum = env_int(env, "DB_POOL_MAX", default=threads + 2, minimum=1, maximum=1000)
    return {
        "min_size": min(env_int(env, "DB_POOL_MIN", default=2, minimum=0, maximum=1000), maximum),
        "max_size": maximum,
        "timeout": env_seconds(env, "DB_POOL_TIMEOUT", default=10.0),
        # A connection idle this long is closed: a quiet worker gives its connections back.
        "max_idle": env_seconds(env, "DB_POOL_MAX_IDLE", default=300.0),
    }


def database_from_url(url: str, *, pool: bool | dict = True) -> dict:
    """A Django DATABASES entry for a postgres:// URL, on django-tenants' backend.

    Under ASGI persistent connections exhausted PostgreSQL (DESIGN.md), so connections
    come from psycopg's pool (`pool`: its options, or True for the defaults) and
    CONN_MAX_AGE stays 0.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme!r}"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.pop("host", None) or parts.hostname or ""
    options: dict = dict(query)
    if pool:
        options["pool"] = pool if isinstance(pool, dict) else pool_from_env({})
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or "postgres"),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(host),
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 0,
        "OPTIONS": options,
    }


# channels_redis waits this long on its blocking pop (RedisChannelLayer.brpop_timeout).
CHANNELS_REDIS_BLOCKING_POP = 5


def channel_layers(redis_url: str | None, env: dict[str, str] | None = None) -> dict:
    """Redis when REDIS_URL is set (several processes), in-memory otherwise (one laptop process).

    redis-py's defaults drop websockets at scale (DESIGN.md): its read timeout must stay
    above channels_redis's blocking pop, or every idle receive loop times out and
    reconnects; and its pool refuses a connection past `max_connections` ("Too many
    connections", leaving group members behind when sockets close). Both are set here,
    per worker process, from the environment.
    """
    env = env or {}
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    socket_timeout = env_seconds(env, "REDIS_SOCKET_TIMEOUT", default=CHANNELS_REDIS_BLOCKING_POP * 3.0)
    if socket_timeout <= CHANNELS_REDIS_BLOCKING_POP:
        raise ImproperlyConfigured(
            f"REDIS_SOCKET_TIMEOUT must be above channels_redis's blocking pop of "
            f"{CHANNELS_REDIS_BLOCKING_POP} s, not {socket_timeout}"
        )
    host = {
        "address": redis_url,
        "socket_timeout": socket_timeout,
        "socket_connect_timeout": env_seconds(env, "REDIS_CONNECT_TIMEOUT", default=5.0),
        "socket_keepalive": True,
        "retry_on_timeout": True,
        "health_check_interval": 30,
        "max_connections": env_int(env, "REDIS_MAX_CONNECTIONS", default=2000, minimum=10, maximum=100_000),
    }
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [host],
                # Several portals (or a benchmark) can share one Redis under their own prefix.
                "prefix": (env.get("CHANNEL_PREFIX") or "nsp").strip()[:40],
                # Messages waiting for one socket: a screen that falls this far behind is
                # told to reload rather than the worker holding everything.
                "capacity": env_int(env, "CHANNEL_CAPACITY", default=200, minimum=1),
                "expiry": env_int(env, "CHANNEL_EXPIRY", default=60, minimum=1),
                # A socket that vanished without closing (a killed worker) leaves its group
                # membership until this expires; a live socket stays well under a working day.
                "group_expiry": env_int(env, "CHANNEL_GROUP_EXPIRY", default=86_400, minimum=60),
            },
        }
    }


def secret_key(env: dict[str, str], *, debug: bool, keep_file: Path) -> str:
    """SECRET_KEY from the environment; on a laptop (DEBUG) generated once and kept.

    In production mode a missing key is an error: a generated one would silently log
    everybody out on every restart and differ between processes.
    """
    return kept_secret(env, "SECRET_KEY", debug=debug, keep_file=keep_file)


def kept_secret(env: dict[str, str], name: str, *, debug: bool, keep_file: Path) -> str:
    """A secret from the environment variable `name`; on a laptop (DEBUG) generated once
    and kept in `keep_file`, like SECRET_KEY. Missing in production mode is an error."""
    value = env.get(name, "").strip()
    if value:
        return value
    if not debug:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off (production mode).")
    if keep_file.exists():
        return keep_file.read_text().strip()
    keep_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    keep_file.write_text(value)
    keep_file.chmod(0o600)
    return value


def field_encryption_keys(env: dict[str, str], *, debug: bool, keep_file: Path) -> list[str]:
    """The field keys: from the environment, or (laptop only) generated once and kept."""
    raw = env.get("FIELD_ENCRYPTION_KEYS", "").strip()
    if raw:
        keys = [key.strip() for key in raw.split(",") if key.strip()]
    elif not debug:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set when DEBUG is off (production mode): "
            "generate one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        )
    elif keep_file.exists():
        keys = [line.strip() for line in keep_file.read_text().splitlines() if line.strip()]
    else:
        keep_file.parent.mkdir(parents=True, exist_ok=True)
        keys = [Fernet.generate_key().decode()]
        keep_file.write_text(keys[0] + "\n")
        keep_file.chmod(0o600)
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key.") from error
    return keys

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


def database_from_url(url: str, *, pool: bool = True) -> dict:
    """A Django DATABASES entry for a postgres:// URL, on django-tenants' backend.

    Under ASGI persistent connections exhausted PostgreSQL (DESIGN.md), so connections
    come from psycopg's pool and CONN_MAX_AGE stays 0.
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
        options["pool"] = {"min_size": 1, "max_size": 8, "timeout": 10}
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


def channel_layers(redis_url: str | None) -> dict:
    """Redis when REDIS_URL is set (several processes), in-memory otherwise (one laptop process)."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [redis_url], "prefix": "nsp"},
            }
        }
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def secret_key(env: dict[str, str], *, debug: bool, keep_file: Path) -> str:
    """SECRET_KEY from the environment; on a laptop (DEBUG) generated once and kept.

    In production mode a missing key is an error: a generated one would silently log
    everybody out on every restart and differ between processes.
    """
    key = env.get("SECRET_KEY", "").strip()
    if key:
        return key
    if not debug:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production mode).")
    if keep_file.exists():
        return keep_file.read_text().strip()
    keep_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    keep_file.write_text(key)
    keep_file.chmod(0o600)
    return key


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

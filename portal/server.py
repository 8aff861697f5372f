"""`./nsp serve`: the portal in production, several uvicorn worker processes.

It only serves. The steps before it are the operator's, once per deployment:
`./nsp migrate` (schemas), `./nsp collectstatic` (hashed, compressed files for
WhiteNoise). Serving refuses to start when either is missing, rather than answering
with errors, and when the workers' database pools could exceed PostgreSQL's limit.
"""

from __future__ import annotations

import argparse
import os
import sys


def _refusal(text: str) -> int:
    print(f"nsp serve: {text}", file=sys.stderr)
    return 2


def preflight(*, workers: int) -> str | None:
    """Why the server must not start now, or None."""
    from django.conf import settings
    from django.db import connection

    from tenants.provisioning import migrations_fingerprint, schemas_pending

    if not settings.DEBUG:
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        if not manifest.exists():
            return f"no static files at {settings.STATIC_ROOT}: run ./nsp collectstatic first."
    pending = schemas_pending(migrations_fingerprint())
    if pending:
        return f"the database is not migrated ({pending}): run ./nsp migrate first."
    pool = settings.DATABASES["default"]["OPTIONS"].get("pool") or {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int, "
                       "current_setting('superuser_reserved_connections')::int")
        limit, reserved = cursor.fetchone()
    # Room for `./nsp migrate`, psql and a second deployment starting while this one stops.
    wanted = workers * int(pool.get("max_size", 1))
    if wanted > limit - reserved - 10:
        return (f"{workers} workers × DB_POOL_MAX {pool.get('max_size')} = {wanted} connections, but "
                f"PostgreSQL allows {limit} (less {reserved} reserved and 10 to spare): lower "
                "--workers or DB_POOL_MAX, or raise max_connections (or put PgBouncer in front).")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./nsp serve", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2),
                        help="worker processes (WEB_CONCURRENCY; default: one per core)")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--max-requests", type=int, default=int(os.environ.get("SERVE_MAX_REQUESTS") or 0),
                        help="restart a worker after this many requests (0: never; SERVE_MAX_REQUESTS)")
    options = parser.parse_args(argv)
    if not 1 <= options.workers <= 64:
        return _refusal("--workers must be from 1 to 64.")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # Every worker's executor and its database pool agree on the number of threads.
    os.environ.setdefault("ASGI_THREADS", "8")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    problem = preflight(workers=options.workers)
    connection.close()
    connection.close_pool()
    if problem:
        return _refusal(problem)

    import uvicorn

    print(f"NSP portal: {options.workers} workers on http://{options.host}:{options.port}/ "
          f"(DEBUG {'on' if settings.DEBUG else 'off'}); Ctrl-C or SIGTERM stops them.", flush=True)
    uvicorn.run(
        "portal.asgi:application", host=options.host, port=options.port, workers=options.workers,
        lifespan="off", log_level=os.environ.get("LOG_LEVEL", "warning").lower(), access_log=False,
        # Behind the load balancer: trust its X-Forwarded-* only from where it is.
        proxy_headers=True, forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        limit_max_requests=options.max_requests or None, limit_max_requests_jitter=options.max_requests // 10,
        timeout_graceful_shutdown=30, ws_ping_interval=20, ws_ping_timeout=20,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`./nsp run`: database, migrations, demo data and one ASGI server, in one go.

Without DATABASE_URL the settings start the embedded PostgreSQL; it stops when this
process exits, so Ctrl-C stops everything this command started.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys


@contextlib.contextmanager
def quiet():
    """django-tenants prints every migration of every schema; show it only if one fails."""
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            yield
    except BaseException:
        sys.stdout.write(buffer.getvalue())
        raise


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from tenants.provisioning import schemas_migrate

    # Nothing to do (one query) unless the migrations changed since the last start.
    print("Checking the database schemas …", flush=True)
    report = schemas_migrate()
    if report.changed:
        print(f"  migrated in {report.seconds:.1f} s", flush=True)
    print("Loading demo data (only what is missing) …", flush=True)
    call_command("demo")

    import uvicorn

    host = os.environ.get("HOST", "127.0.0.1")
    print(f"Serving HTTP and websockets on http://{settings.PORTAL_BASE_DOMAIN}:{settings.PORTAL_PORT}/ "
          "— press Ctrl-C to stop.", flush=True)
    uvicorn.run("portal.asgi:application", host=host, port=settings.PORTAL_PORT, log_level="warning",
                lifespan="off")
    return 0


if __name__ == "__main__":
    sys.exit(main())

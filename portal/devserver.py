"""`./nsp run`: database, migrations, demo data and one ASGI server, in one go.

Without DATABASE_URL the settings start the embedded PostgreSQL; it stops when this
process exits, so Ctrl-C stops everything this command started. Operators use
`./nsp migrate` and `./nsp serve` instead (portal/server.py).
"""

from __future__ import annotations

import os
import sys


def _schedule_reminders() -> None:
    """The nightly reminder job (intake/followup): once now, then every night at 02:00.

    A plain management command on a timer rather than procrastinate: no worker process or
    extra tables to run, and the command is idempotent by its own rows, so a restart (or an
    operator's cron running it too) never sends a reminder twice.
    """
    import threading
    from datetime import datetime, timedelta

    from django.core.management import call_command
    from django.db import close_old_connections

    def run_then_wait():
        while True:
            try:
                call_command("followup_remind")
            except Exception as error:  # a failed run is retried the next night; the server goes on
                print(f"Reminders failed: {error.__class__.__name__}", flush=True)
            finally:
                close_old_connections()
            now = datetime.now()
            night = (now + timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
            threading.Event().wait((night - now).total_seconds())

    threading.Thread(target=run_then_wait, name="followup-reminders", daemon=True).start()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from tenants.provisioning import schemas_migrate

    # One query when nothing changed since the last start, whatever the number of actors.
    report = schemas_migrate()
    if report.changed:
        print(f"Database schemas migrated in {report.seconds:.1f} s.", flush=True)
    print("Loading demo data (only what is missing) …", flush=True)
    call_command("demo")

    _schedule_reminders()

    import uvicorn

    host = os.environ.get("HOST", "127.0.0.1")
    print(f"Serving HTTP and websockets on http://{settings.PORTAL_BASE_DOMAIN}:{settings.PORTAL_PORT}/ "
          "— press Ctrl-C to stop.", flush=True)
    uvicorn.run("portal.asgi:application", host=host, port=settings.PORTAL_PORT, log_level="warning",
                lifespan="off")
    return 0


if __name__ == "__main__":
    sys.exit(main())

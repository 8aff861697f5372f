"""The embedded PostgreSQL used when DATABASE_URL is not set (a fresh laptop).

pgserver ships PostgreSQL binaries in a wheel; its data lives in the project's ignored
`.nsp-data/` folder so a second run reuses it. pgserver stops the server when the last
process that asked for it exits, so Ctrl-C on the portal stops everything it started.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("NSP_DATA_DIR", Path(__file__).resolve().parent.parent / ".nsp-data"))

_server = None


def database_url(database: str = "nsp") -> str:
    """Start (or join) the embedded server and return a URL for `database`, created if missing."""
    global _server
    import pgserver  # imported lazily: only laptops without DATABASE_URL need it

    if _server is None:
        # pgserver logs every pg_ctl call at INFO, also while the interpreter shuts down.
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        pgdata = DATA_DIR / "postgres"
        pgdata.mkdir(parents=True, exist_ok=True)
        _server = pgserver.get_server(pgdata, cleanup_mode="stop")
        exists = _server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
        if "1 row" not in exists:
            _server.psql(f'CREATE DATABASE "{database}";')
    socket_dir = str(DATA_DIR / "postgres")
    return f"postgresql://postgres@/{database}?host={socket_dir}"

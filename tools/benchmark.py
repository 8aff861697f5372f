"""The portal's benchmark: every figure of issue 14 in one run, on a throw-away database.

    .venv/bin/python tools/benchmark.py [--quick] [--json out.json] [--only NAME,...]

It creates a database (on DATABASE_URL's server, or the embedded one) and drops it at
the end, starts the production server (`python -m portal.server`, what `./nsp serve`
runs) with several workers on a loopback port, loads it from several client processes,
and prints a table of each figure, its baseline and the ratio. Redis: REDIS_URL, or
redis://127.0.0.1:6379/7 (keys under a prefix of its own, removed at the end).
Loopback only. `--quick` keeps the whole run within about five minutes.

Each measurement is one small function in tools/bench/measures.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter loads (about five minutes in all)")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--only", default="", help="comma-separated measurement groups to run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="server worker processes")
    options = parser.parse_args(argv)

    from tools.bench import REGISTRY, NotMeasured, as_json, table
    from tools.bench.environment import BenchRefused, Database, Server, portal_environment, redis_url, remove, static_dir

    started = time.monotonic()
    try:
        redis = redis_url()
        import redis as redis_client

        redis_client.Redis.from_url(redis).ping()
        database = Database.create()
    except (BenchRefused, OSError, redis_client.RedisError) as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    static = static_dir()
    environment = portal_environment(database, redis, static)
    os.environ.update(environment)
    server = None
    results: dict = {}
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from tenants.provisioning import schemas_migrate
        from tools.bench import measures

        print("Preparing the throw-away database …", flush=True)
        schemas_migrate()
        call_command("collectstatic", interactive=False, verbosity=0)
        bench = measures.Bench(quick=options.quick, port=0, server=None, redis_url=redis,
                               channel_prefix=environment["CHANNEL_PREFIX"])
        per_session = 2 if options.quick else 5
        measures.prepare(bench, cases=1 + 60 * per_session)
        connection.close()
        print(f"Starting the production server ({options.workers} workers) …", flush=True)
        server = Server(env=environment, workers=options.workers)
        server.start()
        bench.port, bench.server = server.port, server
        only = {name.strip() for name in options.only.split(",") if name.strip()}
        order = ["intake_queries", "intake", "inbox", "kb", "rules", "tenants", "websockets", "statistics", "memory"]
        for group in order:
            for measurement in [m for m in REGISTRY if m.group == group]:
                if only and group not in only and measurement.name not in only:
                    continue
                print(f"  {measurement.name} …", flush=True)
                try:
                    outcome = measurement.fn(bench)
                    results.update(outcome if isinstance(outcome, dict) else {measurement.name: outcome})
                except NotMeasured as reason:
                    results[measurement.name] = str(reason)
                except Exception as error:  # one broken figure must not lose the others
                    traceback.print_exc()
                    results[measurement.name] = f"failed: {type(error).__name__}: {error}"
                finally:
                    connection.close()
    finally:
        if server is not None:
            server.stop()
        try:
            from django.db import connection

            connection.close()
            connection.close_pool()
        except Exception:
            pass
        database.drop()
        remove(static)
        try:
            client = redis_client.Redis.from_url(redis)
            for key in client.scan_iter(f"{environment['CHANNEL_PREFIX']}*", count=1000):
                client.delete(key)
        except redis_client.RedisError:
            pass
    print()
    print(table(results))
    print(f"\n{len(results)} figures in {time.monotonic() - started:.0f} s "
          f"({'--quick' if options.quick else 'full'}, {options.workers} workers, {os.cpu_count()} cores).")
    if options.json:
        Path(options.json).write_text(as_json(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Actors' schemas: cloned from a migrated template, migrated only when the code's
migrations changed. (No import of tenants.models here: the Actor model calls in.)

- `actor_create(...)` is the one way to create an actor (the demo, the tests and the
  coordinator's onboarding call it): its schema is a copy of the template, made by one
  SQL script in a few milliseconds instead of replaying every migration (~0.5 s and
  growing with every migration).
- `template_ensure()` builds the template when the code's migrations differ from the
  ones it was built with (a fingerprint of every migration file).
- `schemas_migrate()` is `./nsp migrate` (and the first step of `./nsp run`): it compares
  each schema's recorded fingerprint with the code's in one query and runs
  `migrate_schemas` only when they differ, then in parallel over the actors' schemas.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import sys
import time
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from tenants.provisioning.cloning import clone_run, clone_script


TEMPLATE_PREFIX = "nsp_template_"
# pg_advisory_xact_lock key: one template build at a time across every process.
_TEMPLATE_LOCK = 0x4E5350


def _migration_files() -> list[tuple[str, str, bytes]]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        path = sys.modules[type(migration).__module__].__file__
        with open(path, "rb") as handle:
            files.append((app_label, name, handle.read()))
    return files


def fingerprint_of(files: list[tuple[str, str, bytes]]) -> str:
    digest = hashlib.sha256()
    for app_label, name, content in files:
        digest.update(f"{app_label}\0{name}\0".encode())
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def migrations_fingerprint() -> str:
    """One hash of every migration the code has (names and contents): equal fingerprints,
    equal schemas. Migration files do not change under a running process."""
    return fingerprint_of(_migration_files())


@functools.lru_cache(maxsize=None)
def _template_key(fingerprint: str) -> str:
    """The template's key: the migrations, and the code that turns the template into a
    script (a change to it must rebuild the script even when no migration changed)."""
    from tenants.provisioning import cloning

    with open(cloning.__file__, "rb") as handle:
        source = handle.read()
    return hashlib.sha256(fingerprint.encode() + hashlib.sha256(source).digest()).hexdigest()


@contextlib.contextmanager
def _quiet(verbosity: int):
    """django-tenants prints every migration of every schema; show it only when asked or
    when something fails."""
    if verbosity > 0:
        yield
        return
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            yield
    except BaseException:
        sys.stdout.write(buffer.getvalue())
        raise


def _state_record(schema_names: list[str], fingerprint: str) -> None:
    from tenants.provisioning.models import SchemaState

    SchemaState.objects.bulk_create(
        [SchemaState(schema_name=name, fingerprint=fingerprint) for name in schema_names],
        update_conflicts=True, unique_fields=["schema_name"], update_fields=["fingerprint", "migrated_at"],
    )


def template_ensure(*, fingerprint: str | None = None, verbosity: int = 0):
    """The template for the code's migrations, built now if it is missing or outdated."""
    return _template_ensure(fingerprint or migrations_fingerprint(), verbosity=verbosity)[0]


def _template_current(key: str):
    from django.db.models.expressions import RawSQL

    from tenants.provisioning.models import SchemaTemplate

    present = RawSQL("EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = tenants_schematemplate.schema_name)", ())
    return SchemaTemplate.objects.annotate(present=present).filter(fingerprint=key, present=True).first()


def _template_ensure(fingerprint: str, *, verbosity: int):
    """(template, whether it was built now)."""
    key = _template_key(fingerprint)
    with schema_context(get_public_schema_name()):
        found = _template_current(key)
        if found is not None:
            return found, False
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_TEMPLATE_LOCK])
            found = _template_current(key)
            if found is not None:
                return found, False  # another process built it while this one waited
            return _template_build(fingerprint, verbosity=verbosity), True


def _template_build(fingerprint: str, *, verbosity: int):
    from tenants.provisioning.models import SchemaTemplate

    started = time.perf_counter()
    key = _template_key(fingerprint)
    name = TEMPLATE_PREFIX + key[:16]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
            [TEMPLATE_PREFIX.replace("_", r"\_") + "%"],
        )
        for (old,) in cursor.fetchall():
            cursor.execute(f"DROP SCHEMA {connection.ops.quote_name(old)} CASCADE")
        cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(name)}")
    with _quiet(verbosity):
        call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=verbosity)
    script = clone_script(name)
    connection.set_schema_to_public()
    SchemaTemplate.objects.exclude(fingerprint=key).delete()
    template, _ = SchemaTemplate.objects.update_or_create(
        fingerprint=key,
        defaults=dict(schema_name=name, script=script, build_seconds=time.perf_counter() - started),
    )
    _state_record([name], fingerprint)
    return template


def schema_create(schema_name: str, *, check_if_exists: bool = False) -> bool:
    """Create an actor's schema as a copy of the template; False if it already existed."""
    if check_if_exists and schema_exists(schema_name):
        return False
    if schema_name.startswith(TEMPLATE_PREFIX):
        raise ValueError(f"{schema_name!r} is reserved for the template schema.")
    template = template_ensure()
    with transaction.atomic():
        clone_run(template.script, schema_name)
        connection.set_schema_to_public()
        _state_record([schema_name], migrations_fingerprint())
    return True


@dataclass
class MigrationReport:
    fingerprint: str
    public_migrated: bool = False
    actors_migrated: int = 0
    template_rebuilt: bool = False
    seconds: float = 0.0
    steps: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.public_migrated or bool(self.actors_migrated) or self.template_rebuilt


@contextlib.contextmanager
def _without_pool():
    """Plain connections while migrating: the multiprocessing executor forks, and a forked
    worker must neither share the parent's pooled sockets nor open a pool of its own (its
    worker threads deadlock after fork)."""
    options = connection.settings_dict["OPTIONS"]
    pool = options.pop("pool", None)
    connection.close()
    if pool is not None:
        connection.close_pool()
    try:
        yield
    finally:
        connection.close()
        if pool is not None:
            options["pool"] = pool


def _states(fingerprint: str) -> tuple[bool, int]:
    """Whether public is at these migrations, and how many actors' schemas are not: one
    query whatever the number of actors (and none of it on a new database)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('tenants_schemastate') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return False, 0
        cursor.execute(
            """SELECT EXISTS (SELECT 1 FROM tenants_schemastate WHERE schema_name = %(public)s
                                 AND fingerprint = %(fingerprint)s),
                      (SELECT count(*) FROM tenants_actor a
                         LEFT JOIN tenants_schemastate s
                           ON s.schema_name = a.schema_name AND s.fingerprint = %(fingerprint)s
                        WHERE a.schema_name <> %(public)s AND s.id IS NULL)""",
            {"fingerprint": fingerprint, "public": get_public_schema_name()},
        )
        return cursor.fetchone()


def schemas_pending(fingerprint: str) -> str:
    """What `schemas_migrate` would do, in words; empty when nothing (three small queries)."""
    connection.set_schema_to_public()
    public_current, stale = _states(fingerprint)
    pending = []
    if not public_current:
        pending.append("the public schema")
    if stale:
        pending.append(f"{stale} actor schemas")
    if public_current and _template_current(_template_key(fingerprint)) is None:
        pending.append("the template schema")
    return ", ".join(pending)


def schemas_migrate(*, parallel: bool = True, verbosity: int = 0) -> MigrationReport:
    """Bring public, every actor's schema and the template to the code's migrations,
    doing nothing (one query) when they already are."""
    started = time.perf_counter()
    fingerprint = migrations_fingerprint()
    report = MigrationReport(fingerprint=fingerprint)
    connection.set_schema_to_public()
    public_current, stale = _states(fingerprint)
    if not public_current:
        with _quiet(verbosity):
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        connection.set_schema_to_public()
        _state_record([get_public_schema_name()], fingerprint)
        report.public_migrated = True
        stale = _states(fingerprint)[1]
    if stale:
        executor = "multiprocessing" if parallel and stale > 1 else "standard"
        with _quiet(verbosity), (_without_pool() if executor == "multiprocessing" else contextlib.nullcontext()):
            call_command("migrate_schemas", tenant=True, executor=executor, interactive=False, verbosity=verbosity)
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT schema_name FROM tenants_actor WHERE schema_name <> %s", [get_public_schema_name()])
            names = [name for (name,) in cursor.fetchall()]
        _state_record(names, fingerprint)
        report.actors_migrated = len(names)
        report.steps.append(f"{len(names)} actor schemas migrated ({executor})")
    _template, report.template_rebuilt = _template_ensure(fingerprint, verbosity=verbosity)
    report.seconds = time.perf_counter() - started
    return report

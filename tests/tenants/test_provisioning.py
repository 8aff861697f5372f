"""Actors by cloning a migrated template; migrations only when they changed.

Everything here runs inside the test's transaction (DDL included), so the session's
demo actors and template are as they were afterwards.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from intake import services as intake_services
from intake.models import Case
from portal.models import Membership, User
from portal.roles import Role
from tenants import provisioning
from tenants.models import ActorKind, Domain, SchemaState, SchemaTemplate
from tests.helpers import login_verified, host_of_actor

pytestmark = pytest.mark.django_db


def describe(schema: str) -> dict:
    """A schema's structure as PostgreSQL reports it, with the schema's own name taken out."""
    queries = {
        "columns": """SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                             a.attidentity, pg_get_expr(d.adbin, d.adrelid)
                        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                       WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'r'
                         AND a.attnum > 0 AND NOT a.attisdropped""",
        "constraints": """SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid),
                                 condeferrable, condeferred
                            FROM pg_constraint WHERE connamespace = %(ns)s::regnamespace""",
        "indexes": """SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_class c
                       WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'i'""",
        "sequences": """SELECT s.relname, t.relname, a.attname FROM pg_class s
                          JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
                          JOIN pg_class t ON t.oid = d.refobjid
                          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                         WHERE s.relnamespace = %(ns)s::regnamespace AND s.relkind = 'S'""",
        "functions": """SELECT pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = %(ns)s::regnamespace""",
        "triggers": """SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                        WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal""",
        "migrations": "SELECT app, name FROM {schema}.django_migrations",
    }
    found = {}
    with schema_context(schema), connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql.replace("{schema}", connection.ops.quote_name(schema)), {"ns": schema})
            found[name] = sorted(
                tuple(str(value).replace(f"{schema}.", "SCHEMA.") for value in row) for row in cursor.fetchall()
            )
    return found


def test_a_clone_is_structurally_the_template():
    template = provisioning.template_ensure()
    actor = provisioning.actor_create(slug="klon-ett", name="Klon Ett", kind=ActorKind.SHELTER)

    expected, got = describe(template.schema_name), describe(actor.schema_name)
    assert expected["columns"] and expected["constraints"] and expected["indexes"]
    assert any(row[2] == "f" for row in expected["constraints"])  # foreign keys are compared too
    assert expected["triggers"] and expected["functions"]  # the money path's overlap guard
    for part in expected:
        assert got[part] == expected[part], part
    # Every sequence belongs to the clone: none of its defaults points elsewhere.
    assert all(owner_table for _seq, owner_table, _col in got["sequences"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_depend d JOIN pg_class s ON s.oid = d.refobjid "
            "JOIN pg_class t ON t.oid = d.objid WHERE t.relnamespace = %s::regnamespace "
            "AND s.relkind = 'S' AND s.relnamespace <> t.relnamespace",
            [actor.schema_name],
        )
        assert cursor.fetchone()[0] == 0


def test_a_cloned_actor_works_end_to_end_and_stays_isolated(demo_actors):
    actor = provisioning.actor_create(slug="klon-tva", name="Klon Två", kind=ActorKind.SHELTER,
                                      certification="certified", places=4, accepts_women=True)
    assert Domain.objects.get(tenant=actor).domain == host_of_actor("klon-tva")
    assert SchemaState.objects.get(schema_name=actor.schema_name).fingerprint == provisioning.migrations_fingerprint()
    staff = User.objects.create_user(username="klon.staff", password="x" * 16)
    Membership.objects.create(user=staff, actor=actor, role=Role.ACTOR_STAFF)

    with tenant_context(actor):
        case = intake_services.case_open(user=staff, initials="K.T.", birth_year=1990, nationality="SE",
                                         gender="woman")
        cursor = connection.cursor()
        cursor.execute("SELECT pg_get_serial_sequence('intake_case', 'id')")
        assert cursor.fetchone()[0] == f"{actor.schema_name}.intake_case_id_seq"
        assert list(Case.objects.values_list("code", flat=True)) == [case.code]
    assert case.pk == 1  # its own sequence, not the template's or another actor's

    client = Client(HTTP_HOST=host_of_actor("klon-tva"))
    login_verified(client, staff)
    page = client.get("/cases/")
    assert page.status_code == 200
    assert case.code in page.content.decode()
    # The demo actors' cases are not there, and the new actor's case is not at theirs.
    with tenant_context(demo_actors["lindskyddet"]):
        theirs = list(Case.objects.values_list("code", flat=True))
        assert case.code not in theirs
    assert theirs and not any(code in page.content.decode() for code in theirs)
    assert client.get(f"/cases/{case.code}/", HTTP_HOST=host_of_actor("lindskyddet")).status_code in (302, 403)


def test_actor_slug_may_not_take_the_templates_name():
    with pytest.raises(ValueError):
        provisioning.schema_create(provisioning.TEMPLATE_PREFIX + "x")


def test_the_fingerprint_changes_with_any_migration_file():
    files = [("intake", "0001_initial", b"a"), ("tenants", "0001_initial", b"b")]
    base = provisioning.fingerprint_of(files)
    assert provisioning.fingerprint_of(list(files)) == base
    assert provisioning.fingerprint_of([files[0], ("tenants", "0001_initial", b"c")]) != base
    assert provisioning.fingerprint_of(files + [("intake", "0002_more", b"")]) != base


def test_nothing_changed_costs_a_few_queries_whatever_the_number_of_actors(django_assert_max_num_queries):
    provisioning.schemas_migrate(parallel=False)  # the test database was made without the records
    with django_assert_max_num_queries(5):
        report = provisioning.schemas_migrate(parallel=False)
    assert not report.changed


def test_a_stale_actor_schema_is_migrated():
    provisioning.schemas_migrate(parallel=False)
    SchemaState.objects.filter(schema_name="norrbro").update(fingerprint="old")
    report = provisioning.schemas_migrate(parallel=False)
    assert report.actors_migrated >= 1
    assert SchemaState.objects.get(schema_name="norrbro").fingerprint == report.fingerprint


PROBE_MIGRATION = """
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("intake", "{last}")]
    operations = [
        migrations.AddField("case", "probe_note", models.CharField(max_length=20, default="", blank=True)),
    ]
"""


def test_the_template_follows_a_new_migration(tmp_path, settings):
    """A migration added to the code: the template is rebuilt with it, and an actor
    created afterwards has the new column."""
    old = provisioning.template_ensure()
    source = Path(sys.modules["intake.migrations"].__file__).parent
    package = tmp_path / "probe_intake_migrations"
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("__pycache__"))
    last = sorted(path.stem for path in package.glob("0*.py"))[-1]
    (package / "9999_probe.py").write_text(textwrap.dedent(PROBE_MIGRATION.format(last=last)))
    sys.path.insert(0, str(tmp_path))
    settings.MIGRATION_MODULES = {"intake": "probe_intake_migrations"}
    provisioning.migrations_fingerprint.cache_clear()
    try:
        fingerprint = provisioning.migrations_fingerprint()
        assert fingerprint != SchemaState.objects.get(schema_name=old.schema_name).fingerprint
        new = provisioning.template_ensure(fingerprint=fingerprint)
        assert new.schema_name != old.schema_name
        assert SchemaTemplate.objects.count() == 1
        actor = provisioning.actor_create(slug="klon-tre", name="Klon Tre", kind=ActorKind.SHELTER)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = 'intake_case' AND column_name = 'probe_note'",
                [actor.schema_name],
            )
            assert cursor.fetchone() == (1,)
            cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [old.schema_name])
            assert cursor.fetchone()[0] == 0
    finally:
        sys.path.remove(str(tmp_path))
        for module in [name for name in sys.modules if name.startswith("probe_intake_migrations")]:
            del sys.modules[module]
        provisioning.migrations_fingerprint.cache_clear()

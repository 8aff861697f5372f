"""`./nsp serve` refuses to start rather than serve errors: static files, migrations and
the database's connection limit are checked first."""

from __future__ import annotations

import pytest

from portal.server import preflight
from tenants.provisioning import schemas_migrate
from tenants.models import SchemaState

pytestmark = pytest.mark.django_db


@pytest.fixture
def migrated(settings):
    schemas_migrate(parallel=False)  # the test database was made without the records
    settings.DEBUG = True  # static files come from the apps, as on a laptop


def test_ready_to_serve(migrated):
    assert preflight(workers=2) is None


def test_refused_before_migrating(migrated):
    SchemaState.objects.filter(schema_name="public").update(fingerprint="old")
    assert "./nsp migrate" in preflight(workers=2)


def test_refused_when_the_workers_pools_exceed_the_databases_connections(migrated):
    problem = preflight(workers=64)
    assert problem is not None and "max_connections" in problem


def test_refused_without_collected_static_files_in_production(migrated, settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    assert "./nsp collectstatic" in preflight(workers=1)
    (tmp_path / "staticfiles.json").write_text("{}")
    assert preflight(workers=1) is None

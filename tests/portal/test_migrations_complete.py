"""Every model change has its migration (a fresh `./nsp run` builds exactly these tables)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 (SystemExit) if one is missing


@pytest.mark.django_db
def test_the_models_give_the_same_migrations_in_another_process():
    """Sets iterate in a different order in every process; a constraint built from one would
    look changed to the next process's autodetector."""
    import os

    from django.db import connection

    from tests.conftest import _database_url

    environment = dict(os.environ, PYTHONHASHSEED="12345", DJANGO_SETTINGS_MODULE="tests.settings",
                       DATABASE_URL=_database_url(connection.settings_dict))
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

"""`manage.py recommend`: every worked example, compared as RULES.md says, through
call_command and as a real process reading standard input (for the exit status)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.intake.rules.support import assert_matches, examples_dir, load_json

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(examples_dir().glob("*.json"))


def run(*args: str, stdin: str | None = None) -> dict:
    out = io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        call_command("recommend", *args, stdout=out)
    finally:
        sys.stdin = saved
    return json.loads(out.getvalue())


def test_the_examples_are_there():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_from_a_file(path):
    example = load_json(path)
    result = run(str(path), "--lang", "en")  # the example file itself: its "answers" are used
    assert_matches(result, example["expected"], f"{path.name} ({example['name']})")


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_from_standard_input_in_swedish(path):
    example = load_json(path)
    result = run("-", "--lang", "sv", stdin=json.dumps(example["answers"]))
    assert_matches(result, example["expected"], f"{path.name} ({example['name']})")
    assert all("{" not in reason["text"] for reason in result["reasons"])


def test_year_option_overrides_the_period():
    answers = load_json(EXAMPLES[0])["answers"]
    result = run("-", "--year", "2022", stdin=json.dumps(answers))
    assert result["year"] == 2022 and result["ruleset_version"].startswith("2022.")


@pytest.mark.parametrize("lang, text", [
    ("en", "'person.age_group': this answer is missing, but it is required."),
    ("sv", "'person.age_group': svaret saknas, men det måste anges."),
])
def test_invalid_answers_name_the_field_in_the_chosen_language(lang, text):
    with pytest.raises(CommandError) as caught:
        run("-", "--lang", lang, stdin=json.dumps({"person": {}}))
    assert str(caught.value) == text and caught.value.returncode == 1


def test_bad_json_is_refused():
    with pytest.raises(CommandError) as caught:
        run("-", "--lang", "en", stdin="{ not json")
    assert "not valid JSON (line 1, column 3)" in str(caught.value)


def test_a_missing_file_is_refused():
    with pytest.raises(CommandError) as caught:
        run("/no/such/answers.json", "--lang", "en")
    assert "Cannot read /no/such/answers.json" in str(caught.value)


# --- as a process: exit status, standard output and standard error ---------------------------------


def _database_url() -> str:
    from django.db import connection

    from tests.conftest import _database_url as url_of

    return url_of(connection.settings_dict)


def manage(*args: str, stdin: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, DATABASE_URL=_database_url(), DEBUG="1",
                       DJANGO_SETTINGS_MODULE="portal.settings", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "manage.py", "recommend", *args], input=stdin.encode(),
                          capture_output=True, cwd=ROOT, env=environment, timeout=120)


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_through_the_command_line(path):
    example = load_json(path)
    done = manage("--lang", "en", "-", stdin=path.read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout.decode("utf-8"))
    assert_matches(result, example["expected"], f"{path.name} ({example['name']})")


def test_the_command_line_prints_readable_unicode_json():
    done = manage("--lang", "sv", "-", stdin=EXAMPLES[0].read_text(encoding="utf-8"))
    text = done.stdout.decode("utf-8")
    assert done.returncode == 0 and "\\u" not in text and "\n  \"year\": " in text


@pytest.mark.parametrize("stdin, lang, message", [
    ('{"person": {}}', "sv", "'person.age_group': svaret saknas, men det måste anges."),
    ('{"person": {"age_group": "grown-up"}}', "en", "'person.age_group': 'grown-up' is not an allowed value"),
    ("[1, 2", "en", "The input is not valid JSON"),
    ("[1, 2", "sv", "Indata är inte giltig JSON"),
])
def test_invalid_input_exits_non_zero_naming_the_problem(stdin, lang, message):
    done = manage("--lang", lang, "-", stdin=stdin)
    assert done.returncode == 1
    assert done.stdout == b""
    error = done.stderr.decode("utf-8")
    assert message in error and "Traceback" not in error and "CommandError" not in error

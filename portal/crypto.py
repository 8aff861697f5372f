"""Encryption at rest of free text and health answers: model fields sealed with Fernet.

Keys come from `FIELD_ENCRYPTION_KEYS` (comma-separated Fernet keys: the first seals,
every one opens, so a key is rotated by putting a new one first and running
`manage.py rotate_field_keys`, then dropping the old one). On a laptop (DEBUG) a key is
generated once into `.nsp-data/field_keys`, like SECRET_KEY; production refuses to
start without one.

A sealed value is text `enc1:<fernet token>`; anything else read from the column is a
value written before the field was sealed and is returned as it is (the migration that
seals a column rewrites its rows). Sealed columns cannot be searched or sorted in SQL
(DESIGN.md): structured answers the rules and statistics need stay in clear columns.
"""

from __future__ import annotations

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

PREFIX = "enc1:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def seal(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode("utf-8")).decode("ascii")


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def open_sealed(value: str) -> str:
    try:
        return fernet().decrypt(value[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A sealed value cannot be opened with FIELD_ENCRYPTION_KEYS: is the key that sealed it missing?"
        ) from error


def reseal(value: str) -> str:
    """The same value sealed with the first key (key rotation)."""
    if not is_sealed(value):
        return seal(value)
    return PREFIX + fernet().rotate(value[len(PREFIX):].encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """Free text sealed at rest (notes, reasons, motivations)."""

    def from_db_value(self, value, expression, connection):
        if value is None or not is_sealed(value):
            return value
        return open_sealed(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or is_sealed(value):
            return value
        return seal(str(value))


class EncryptedJSONField(models.TextField):
    """A JSON document sealed at rest (answers that hold free text or health)."""

    def __init__(self, *args, encoder=DjangoJSONEncoder, **kwargs):
        self.encoder = encoder
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("encoder", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        text = open_sealed(value) if is_sealed(value) else value
        return json.loads(text) if isinstance(text, str) else text

    def to_python(self, value):
        if isinstance(value, str) and not is_sealed(value):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        if is_sealed(value):
            return value
        return seal(json.dumps(value, cls=self.encoder, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=self.encoder)

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


def sealed_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields
            if isinstance(field, (EncryptedTextField, EncryptedJSONField))]


def rewrite_columns(connection, table: str, columns: list[str], change) -> int:
    """Apply `change` to every non-empty value of `columns` in `table` (current schema),
    row by row: used by the migrations that seal a column and by key rotation."""
    quoted = ", ".join(f'"{column}"' for column in columns)
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, {quoted} FROM "{table}"')  # noqa: S608 (names from the models)
        for row in cursor.fetchall():
            pk, values = row[0], list(row[1:])
            fresh = [change(value) if isinstance(value, str) and value else value for value in values]
            if fresh != values:
                assignments = ", ".join(f'"{column}" = %s' for column in columns)
                cursor.execute(f'UPDATE "{table}" SET {assignments} WHERE id = %s', [*fresh, pk])  # noqa: S608
                changed += 1
    return changed


def seal_if_clear(value: str) -> str:
    return value if is_sealed(value) else seal(value)


def open_if_sealed(value: str) -> str:
    return open_sealed(value) if is_sealed(value) else value


def sealing_migration(table: str, columns: list[str]):
    """A RunPython operation that seals the rows a column held in clear (and, backwards,
    opens them again)."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        rewrite_columns(schema_editor.connection, table, columns, seal_if_clear)

    def backwards(apps, schema_editor):
        rewrite_columns(schema_editor.connection, table, columns, open_if_sealed)

    return migrations.RunPython(forwards, backwards)

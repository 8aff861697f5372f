"""What the portal knows of its own database schemas (operations, not programme data)."""

from django.db import models


class SchemaTemplate(models.Model):
    """The migrated template from which every new actor's schema is cloned.

    One row per state of the migrations and of the cloning code (`fingerprint`); `script` is the DDL that builds
    an empty actor schema exactly like the template, read once from the template's
    catalogue so that creating an actor is one round trip instead of every migration
    replayed.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    schema_name = models.CharField(max_length=63)
    script = models.TextField()
    built_at = models.DateTimeField(auto_now=True)
    build_seconds = models.FloatField(default=0)


class SchemaState(models.Model):
    """The state of the migrations a schema (public, the template or an actor's) was last
    brought to. Start-up compares it with the code's in one query, whatever the number of
    actors, and migrates only when they differ."""

    schema_name = models.CharField(max_length=63, unique=True)
    fingerprint = models.CharField(max_length=64)
    migrated_at = models.DateTimeField(auto_now=True)

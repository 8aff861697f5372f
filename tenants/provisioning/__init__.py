"""Actors' schemas: created by cloning a migrated template, migrated only when needed.

- `actor_create(...)` is the one way to create an actor (the demo, the tests and the
  coordinator's onboarding call it): its schema is a copy of the template, made by one
  SQL script (tenants/provisioning/cloning.py) instead of replaying every migration
  (~0.5 s and growing with every migration).
- `template_ensure()` builds the template when the code's migrations differ from the
  ones it was built with (a fingerprint of every migration file).
- `schemas_migrate()` is `./nsp migrate` (and the first step of `./nsp run`): it compares
  each schema's recorded fingerprint with the code's in one query and runs
  `migrate_schemas` only when they differ, then in parallel over the actors' schemas.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.provisioning.cloning import TemplateNotClonable
from tenants.provisioning.schemas import (
    TEMPLATE_PREFIX, MigrationReport, fingerprint_of, migrations_fingerprint, schema_create, schemas_migrate,
    schemas_pending, template_ensure,
)

__all__ = [
    "TEMPLATE_PREFIX", "MigrationReport", "TemplateNotClonable", "actor_create", "fingerprint_of",
    "migrations_fingerprint", "schema_create", "schemas_migrate", "schemas_pending", "template_ensure",
]


def actor_create(*, slug: str, name: str, kind: str, host: str | None = None, **profile):
    """Create a certified actor (or one in certification): its row, its schema cloned from
    the template, and its host (`<slug>.<PORTAL_BASE_DOMAIN>` unless given). The caller
    decides about users, audit and certification."""
    from tenants.models import Actor, Domain

    schema_name = slug.replace("-", "_").lower()
    with schema_context(get_public_schema_name()), transaction.atomic():
        actor = Actor(schema_name=schema_name, slug=slug, name=name, kind=kind, **profile)
        actor.full_clean(exclude=["schema_name"])
        actor.save()  # Actor.create_schema clones the template
        Domain.objects.create(domain=host or f"{slug}.{settings.PORTAL_BASE_DOMAIN}", tenant=actor, is_primary=True)
    return actor

"""Demo data: fictional actors, users for every role, cases. Idempotent.

Names are invented; no real organisation or person. Running it again finds what is
there by its natural key and creates only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_context

from portal.accounts import twofactor
from portal.models import Membership, User
from portal.roles import Region, Role
from tenants.models import Actor, ActorKind, CertificationStatus, Domain
from tenants.provisioning import actor_create

DEMO_PASSWORD = "nsp-demo-2026"


@dataclass(frozen=True)
class DemoActor:
    slug: str
    name: str
    region: str
    kind: str
    profile: dict = field(default_factory=dict)


DEMO_ACTORS = [
    DemoActor(
        "lindskyddet", "Stiftelsen Lindskyddet", Region.SYD, ActorKind.SHELTER,
        dict(places=8, places_free=2, accepts_women=True, accepts_children=True, accepts_pets=True),
    ),
    DemoActor(
        "norrbro", "Norrbro Skyddat Boende", Region.STOCKHOLM, ActorKind.SHELTER,
        dict(places=6, places_free=1, accepts_women=True, accepts_men=True,
             men_exploitation_forms=["labour", "begging", "crime"]),
    ),
    DemoActor(
        "ankarstod", "Ankarstöd Juridik och Socialt stöd", Region.VAST, ActorKind.LOW_THRESHOLD,
        dict(places=0, places_free=0, accepts_women=True, accepts_men=True, accepts_active_substance_use=True),
    ),
]


def host_for(slug: str) -> str:
    return f"{slug}.{settings.PORTAL_BASE_DOMAIN}"


def _public_tenant() -> Actor:
    programme, _ = Actor.objects.get_or_create(
        schema_name="public",
        defaults=dict(name="Nationella Stödprogrammet", slug="nsp", kind=ActorKind.PROGRAMME),
    )
    for host in (settings.PORTAL_BASE_DOMAIN, "127.0.0.1"):
        Domain.objects.get_or_create(domain=host, defaults=dict(tenant=programme, is_primary=host == settings.PORTAL_BASE_DOMAIN))
    return programme


def _actor(spec: DemoActor) -> Actor:
    actor = Actor.objects.filter(slug=spec.slug).first()
    if actor is None:
        # Its schema is cloned from the migrated template (tenants/provisioning).
        actor = actor_create(slug=spec.slug, name=spec.name, kind=spec.kind, region=spec.region,
                             certification=CertificationStatus.CERTIFIED, host=host_for(spec.slug), **spec.profile)
    Domain.objects.get_or_create(domain=host_for(spec.slug), defaults=dict(tenant=actor, is_primary=True))
    return actor


def _user(username: str, *, first: str, last: str, role: str, actor: Actor | None = None,
          region: str = "", language: str = "sv") -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults=dict(first_name=first, last_name=last, email=f"{username}@example.org",
                      preferred_language=language),
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    # The same second factor as everyone's, with the README's demo secret.
    twofactor.enrol_demo(user)
    Membership.objects.get_or_create(user=user, actor=actor, role=role, defaults=dict(region=region))
    return user


@dataclass
class DemoSummary:
    programme_url: str
    actors: list[tuple[Actor, str]]
    logins: list[tuple[str, str, str]]  # username, role, where


def load(*, with_cases: bool = True) -> DemoSummary:
    port = settings.PORTAL_PORT
    base = f"http://{settings.PORTAL_BASE_DOMAIN}:{port}/"
    with schema_context("public"):
        with transaction.atomic():
            _public_tenant()
        logins: list[tuple[str, str, str]] = []
        _user("samordnare", first="Sara", last="Samordnare", role=Role.COORDINATOR)
        logins.append(("samordnare", Role.COORDINATOR.label, base))
        _user("region.syd", first="Rami", last="Regionsson", role=Role.REGIONAL_COORDINATOR, region=Region.SYD)
        logins.append(("region.syd", Role.REGIONAL_COORDINATOR.label, base))
        actors = []
        for spec in DEMO_ACTORS:
            actor = _actor(spec)
            url = f"http://{host_for(spec.slug)}:{port}/"
            actors.append((actor, url))
            _user(f"{spec.slug}.admin", first="Alex", last=spec.name.split()[0], role=Role.ACTOR_ADMIN, actor=actor)
            _user(f"{spec.slug}.staff", first="Kim", last=spec.name.split()[0], role=Role.ACTOR_STAFF, actor=actor,
                  language="en" if spec.slug == "norrbro" else "sv")
            logins.append((f"{spec.slug}.admin", Role.ACTOR_ADMIN.label, url))
            logins.append((f"{spec.slug}.staff", Role.ACTOR_STAFF.label, url))
    if with_cases:
        from intake import demo as intake_demo

        for actor, _url in actors:
            intake_demo.load(actor)
    _load_optional_parts()
    if with_cases:
        # After the programme years: the follow-up demo needs the current year's rules.
        from intake.followup import demo as followup_demo

        followup_demo.load()
    return DemoSummary(programme_url=base, actors=actors, logins=logins)


def _load_optional_parts() -> None:
    """Knowledge base, programme years, referrals, earlier years' decisions, budgets and certification,
    when those apps provide demo loaders."""
    import importlib

    for module_name in ("tenants.years.demo", "knowledge.demo", "tenants.referrals.demo", "tenants.statistics.demo",
                        "tenants.budget.demo", "tenants.certification.demo"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        with schema_context("public"):
            module.load()

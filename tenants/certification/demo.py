"""Demo certification: one actor in each state of the life cycle. Idempotent.

The three demo actors with cases may apply: Lindskyddet is certified, Ankarstöd in its
yearly follow-up, Norrbro due for re-certification (its validity ends in 45 days). Four
more, without cases, stand at the other steps: Solrosen filling in its profile, Fyrbaken
visited with an overdue action, Bergsgården suspended, Strandgården ended. Each has an administrator
and a staff member (`<slug>.admin`, `<slug>.staff`, the demo password).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.demo import _user, host_for
from portal.models import User
from portal.roles import Region, Role
from tenants.certification import questions, services
from tenants.certification.models import CertificationFile, StatusChange
from tenants.models import Actor, ActorKind, CertificationStatus as Status
from tenants.provisioning import actor_create

# slug, name, region, kind, the state to reach
STATE_ACTORS = [
    ("solrosen", "Föreningen Solrosen", Region.NORD, ActorKind.SHELTER, Status.PROFILE),
    ("fyrbaken", "Fyrbaken Stödcenter", Region.MITT, ActorKind.LOW_THRESHOLD, Status.VISITED),
    ("bergsgarden", "Bergsgårdens Skyddade Boende", Region.BERGSLAGEN, ActorKind.SHELTER, Status.SUSPENDED),
    ("strandgarden", "Strandgårdens Kvinnojour", Region.SYD, ActorKind.SHELTER, Status.ENDED),
]

PROFILE = {
    "housing.places": {"value": 5, "target": ["women", "young_women"]},
    "housing.staff_on_site": {"value": "always"},
    "housing.classification": {"value": "protected"},
    "housing.security": {"value": "high"},
    "support.counselling": {"offers": "yes", "provision": "internal", "target": ["women"]},
    "support.authorities": {"offers": "yes", "provision": "internal", "target": ["women"]},
    "children.allowed": {"offers": "yes", "provision": "internal", "target": ["children"]},
    "substance.zero_tolerance": {"offers": "yes"},
    "legal_info.rights": {"offers": "yes", "provision": "external", "target": ["women"]},
}

ANSWER = ("Rutinen finns skriftligt i verksamhetens handbok och gås igenom med ny personal.",
          "Handboken, avsnitt om människohandel (demo).")


def _assessments(not_met: tuple[str, ...] = ()) -> dict:
    return {item.id: services.Assessed(
        "not_met" if item.id in not_met else "met",
        "Ta fram en skriftlig rutin och förankra den hos all personal." if item.id in not_met else "")
        for item in questions.requirements()}


def _walk(actor: Actor, target: str, coordinator: User) -> None:
    today = timezone.localdate()
    services.profile_save(actor=actor, answers=PROFILE, by=coordinator, submit=target != Status.PROFILE)
    services.answers_save(actor=actor, answers={item.id: ANSWER for item in questions.requirements()},
                          by=coordinator)
    if target == Status.PROFILE:
        return
    visited = today - timedelta(days=100) if target == Status.VISITED else today - timedelta(days=30)
    services.visit_record(actor=actor, visited_on=visited, by=coordinator,
                          assessments=_assessments(("mc20", "mc23") if target == Status.VISITED else ()))
    if target == Status.VISITED:
        return
    services.status_change(actor=actor, event="certify", reason="Alla minimikrav uppfyllda vid besöket (demo).",
                           valid_until=today + timedelta(days=700), by=coordinator)
    if target == Status.SUSPENDED:
        services.status_change(actor=actor, event="suspend", by=coordinator,
                               reason="Avstängd i väntan på utredning av ett klagomål (demo).")
    elif target == Status.ENDED:
        services.status_change(actor=actor, event="end", by=coordinator,
                               reason="Verksamheten har upphört (demo); ärendena bevaras under gallringsfristen.")


def _certified_already(actor: Actor, coordinator: User, *, valid_days: int, then: str = "") -> None:
    """The demo actors with cases were certified before the portal: their file says so."""
    if CertificationFile.objects.filter(actor=actor).exists():
        return
    today = timezone.localdate()
    CertificationFile.objects.create(actor=actor, contact_name="Alex", certified_at=today - timedelta(days=300),
                                     visited_at=today - timedelta(days=310),
                                     next_follow_up=today + timedelta(days=65) if valid_days > 65 else None)
    if actor.certified_until is None:
        actor.certified_until = today + timedelta(days=valid_days)
        actor.save(update_fields=["certified_until"])
    StatusChange.objects.create(actor=actor, before=Status.VISITED, after=Status.CERTIFIED, event="certify",
                                reason="Omcertifierad 2022/23 (demo).", valid_until=actor.certified_until,
                                changed_by=coordinator)
    if then == "follow_up_start" and actor.certification == Status.CERTIFIED:
        services.status_change(actor=actor, event="follow_up_start", by=coordinator,
                               reason="Årlig uppföljning: besök och digital enkät bokade (demo).")
    elif then == "recertification_due":
        services.recertifications_mark_due(today=today, by=coordinator)


def load() -> None:
    coordinator = User.objects.filter(username="samordnare").first()
    if coordinator is None:
        return
    for slug, valid_days, then in (("lindskyddet", 430, ""), ("norrbro", 45, "recertification_due"),
                                   ("ankarstod", 500, "follow_up_start")):
        actor = Actor.objects.filter(slug=slug).first()
        if actor is not None:
            with transaction.atomic():
                _certified_already(actor, coordinator, valid_days=valid_days, then=then)
    for slug, name, region, kind, target in STATE_ACTORS:
        actor = Actor.objects.filter(slug=slug).first()
        if actor is None:
            with transaction.atomic():
                actor = actor_create(slug=slug, name=name, kind=kind, region=region, host=host_for(slug),
                                     certification=Status.PROFILE)
                CertificationFile.objects.create(actor=actor, contact_name=f"Kontakt {name.split()[-1]}",
                                                 contact_email=f"kontakt@{slug}.example.org")
                StatusChange.objects.create(actor=actor, before="", after=Status.PROFILE, event="register",
                                            reason="Registrerad av programsamordnaren (demo).",
                                            changed_by=coordinator)
                _walk(actor, target, coordinator)
        _user(f"{slug}.admin", first="Alex", last=name.split()[-1], role=Role.ACTOR_ADMIN, actor=actor)
        _user(f"{slug}.staff", first="Kim", last=name.split()[-1], role=Role.ACTOR_STAFF, actor=actor)

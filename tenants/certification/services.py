"""Writes of the certification: onboarding, the profile, answers, the visit, the action
plan and every step of the life cycle. Each is atomic and audited (portal.audit_event,
the programme's log: the actor's slug, never the sealed text)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from portal.audit import audit_event
from portal.models import Membership, User
from portal.roles import Role
from tenants.certification import questions
from tenants.certification.derive import referral_facts
from tenants.certification.models import ActionItem, Assessment, CertificationFile, Invitation, RequirementAnswer, StatusChange
from tenants.models import Actor, ActorKind, CertificationStatus as Status

INVITATION_DAYS = 7
DEFAULT_ACTION_DAYS = 90
FOLLOW_UP_MONTHS = 12
TEXT_LIMIT = 10_000


class CertificationInvalid(ValueError):
    """A step that cannot be taken; `field` names the form field at fault (or "")."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


def _text(value: str | None, limit: int = TEXT_LIMIT) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def _actor_save(actor: Actor, fields: list[str]) -> None:
    """django-tenants lets an actor row be saved only from the public schema or its own;
    the services run on the programme's host, the actor's own, or in a command."""
    with schema_context(get_public_schema_name()):
        actor.save(update_fields=fields)


def file_of(actor: Actor) -> CertificationFile:
    found, _ = CertificationFile.objects.get_or_create(actor=actor)
    return found


# --- The life cycle -----------------------------------------------------------------------

# event: (the statuses it may start from, the status it leads to). One table, so the
# coordinator's page offers exactly the steps the services accept.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "visit": ((Status.PROFILE,), Status.VISITED),
    "certify": ((Status.VISITED, Status.RECERTIFICATION_DUE, Status.SUSPENDED), Status.CERTIFIED),
    "decline": ((Status.VISITED,), Status.PROFILE),
    "follow_up_start": ((Status.CERTIFIED,), Status.FOLLOW_UP),
    "follow_up_done": ((Status.FOLLOW_UP,), Status.CERTIFIED),
    "recertification_due": ((Status.CERTIFIED, Status.FOLLOW_UP), Status.RECERTIFICATION_DUE),
    "suspend": ((Status.PROFILE, Status.VISITED, Status.CERTIFIED, Status.FOLLOW_UP, Status.RECERTIFICATION_DUE),
                Status.SUSPENDED),
    "end": ((Status.PROFILE, Status.VISITED, Status.CERTIFIED, Status.FOLLOW_UP, Status.RECERTIFICATION_DUE,
             Status.SUSPENDED), Status.ENDED),
}
# Taken on the coordinator's actor page with a reason; "visit" is the visit form's own.
MANUAL_EVENTS = ("certify", "decline", "follow_up_start", "follow_up_done", "recertification_due", "suspend", "end")


def events_from(status: str) -> list[str]:
    return [event for event in MANUAL_EVENTS if status in TRANSITIONS[event][0]]


@transaction.atomic
def status_change(*, actor: Actor, event: str, reason: str, by, valid_until: date | None = None,
                  today: date | None = None) -> StatusChange:
    """Move `actor` one step in its life cycle: only the steps TRANSITIONS allows, always
    with a reason, recorded (StatusChange) and audited."""
    today = today or timezone.localdate()
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if event not in TRANSITIONS:
        raise CertificationInvalid("event", "unknown_event")
    starts, after = TRANSITIONS[event]
    if actor.certification not in starts:
        raise CertificationInvalid("event", "not_from_here")
    reason = _text(reason)
    if not reason:
        raise CertificationInvalid("reason", "reason_required")
    if valid_until is not None and event != "certify":
        raise CertificationInvalid("valid_until", "valid_until_only_certify")
    record = CertificationFile.objects.select_for_update().get_or_create(actor=actor)[0]
    if event == "certify":
        if valid_until is None:
            raise CertificationInvalid("valid_until", "valid_until_required")
        if valid_until <= today or valid_until > today + timedelta(days=5 * 366):
            raise CertificationInvalid("valid_until", "valid_until_range")
        actor.certified_until = valid_until
        record.certified_at = today
        record.next_follow_up = _months_later(today, FOLLOW_UP_MONTHS) if valid_until > _months_later(
            today, FOLLOW_UP_MONTHS) else None
    elif event == "follow_up_done":
        following = _months_later(today, FOLLOW_UP_MONTHS)
        record.next_follow_up = following if actor.certified_until and following < actor.certified_until else None
    before = actor.certification
    actor.certification = after
    _actor_save(actor, ["certification", "certified_until"])
    record.save()
    change = StatusChange.objects.create(actor=actor, before=before, after=after, event=event, reason=reason,
                                         valid_until=valid_until if event == "certify" else None, changed_by=by)
    audit_event(user=by, action="certification_status", actor=actor.slug, event=event, before=before, after=after,
                change=change.pk, **({"valid_until": valid_until.isoformat()} if event == "certify" else {}))
    return change


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 28):
        try:
            return date(year, month, min(candidate, 31))
        except ValueError:
            continue
    return date(year, month, 28)


RECERTIFICATION_NOTICE_DAYS = 90


@transaction.atomic
def recertifications_mark_due(*, today: date | None = None, by=None) -> list[Actor]:
    """Certified actors whose validity ends within RECERTIFICATION_NOTICE_DAYS become
    "re-certification due" (the reminder's trigger; run daily by the scheduler the
    follow-up issue brings, or `manage.py certification_daily`)."""
    today = today or timezone.localdate()
    due = list(Actor.objects.filter(certification__in=[Status.CERTIFIED, Status.FOLLOW_UP],
                                    certified_until__lte=today + timedelta(days=RECERTIFICATION_NOTICE_DAYS))
               .order_by("pk"))
    for actor in due:
        status_change(actor=actor, event="recertification_due", by=by, today=today,
                      reason=f"The certification is valid until {actor.certified_until.isoformat()}.")
    return due


# --- Onboarding ---------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
RESERVED_SLUGS = {"www", "public", "admin", "nsp", "api", "static", "media", "mail"}


@dataclass(frozen=True)
class Registered:
    actor: Actor
    invitation: Invitation
    token: str  # shown once to the coordinator, never stored


@transaction.atomic
def actor_register(*, name: str, slug: str, region: str, kind: str, contact_name: str, contact_email: str,
                   contact_phone: str = "", by) -> Registered:
    """The coordinator registers a new actor: its tenant (schema cloned from the template),
    its host, its certification file at step 1, and a one-time invitation for its first
    administrator."""
    from tenants.provisioning import actor_create

    slug = _text(slug, 40).lower()
    if not SLUG.match(slug) or slug in RESERVED_SLUGS or "--" in slug:
        raise CertificationInvalid("slug", "slug_invalid")
    if Actor.objects.filter(slug=slug).exists() or Actor.objects.filter(schema_name=slug.replace("-", "_")).exists():
        raise CertificationInvalid("slug", "slug_taken")
    if kind not in (ActorKind.SHELTER, ActorKind.LOW_THRESHOLD):
        raise CertificationInvalid("kind", "kind_invalid")
    actor = actor_create(slug=slug, name=_text(name, 200), kind=kind, region=region,
                         certification=Status.PROFILE)
    CertificationFile.objects.create(actor=actor, contact_name=_text(contact_name, 200),
                                     contact_email=_text(contact_email, 254), contact_phone=_text(contact_phone, 40))
    StatusChange.objects.create(actor=actor, before="", after=Status.PROFILE, event="register",
                                reason="Registered by the programme coordinator.", changed_by=by)
    invitation, token = _invitation_new(actor=actor, name=contact_name, email=contact_email, by=by)
    audit_event(user=by, action="actor_registered", actor=actor.slug, kind=kind, region=region,
                invitation=invitation.pk)
    return Registered(actor=actor, invitation=invitation, token=token)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _invitation_new(*, actor: Actor, name: str, email: str, by) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        actor=actor, name=_text(name, 200), email=_text(email, 254), token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS), created_by=by)
    return invitation, token


@transaction.atomic
def invitation_renew(*, actor: Actor, by) -> tuple[Invitation, str]:
    """A new link when the first one expired or was lost; the open ones stop working."""
    latest = actor.invitations.order_by("-created_at").first()
    actor.invitations.filter(used_at__isnull=True).update(expires_at=timezone.now())
    invitation, token = _invitation_new(actor=actor, name=latest.name if latest else "",
                                        email=latest.email if latest else "", by=by)
    audit_event(user=by, action="invitation_renewed", actor=actor.slug, invitation=invitation.pk)
    return invitation, token


def invitation_open(*, actor: Actor, token: str) -> Invitation | None:
    """The unused, unexpired invitation of `actor` with this token, or None."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.filter(actor=actor, token_hash=_token_hash(token), used_at__isnull=True,
                                     expires_at__gt=timezone.now()).first()


@transaction.atomic
def invitation_accept(*, actor: Actor, token: str, username: str, password: str, first_name: str = "",
                      last_name: str = "") -> User:
    """The invited administrator chooses a username and a password; the second factor is
    set up at the first login (portal.accounts: a user without a device enrols)."""
    invitation = invitation_open(actor=actor, token=token)
    if invitation is None:
        raise CertificationInvalid("", "invitation_invalid")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise CertificationInvalid("", "invitation_invalid")
    username = _text(username, 150)
    if not re.fullmatch(r"[\w.@+-]{3,150}", username):
        raise CertificationInvalid("username", "username_invalid")
    if User.objects.filter(username__iexact=username).exists():
        raise CertificationInvalid("username", "username_taken")
    user = User(username=username, email=invitation.email, first_name=_text(first_name, 150),
                last_name=_text(last_name, 150))
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CertificationInvalid("password1", " ".join(error.messages)) from None
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, actor=actor, role=Role.ACTOR_ADMIN)
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    audit_event(user=user, action="invitation_accepted", actor=actor.slug, invitation=invitation.pk)
    return user


# --- Step 1: the profile ------------------------------------------------------------------

PROFILE_KEYS = {"offers", "provision", "target", "comment", "all_regions", "value"}


def _profile_clean(answers: dict) -> dict:
    known = {row.id: row for row in questions.profile_rows() + questions.supplement_rows()}
    clean = {}
    for row_id, answer in answers.items():
        row = known.get(row_id)
        if row is None or not isinstance(answer, dict):
            continue
        entry = {}
        for key, value in answer.items():
            if key not in PROFILE_KEYS:
                continue
            if key in ("comment",):
                value = _text(str(value), 500)
            elif key == "value" and row.value == "number":
                value = int(value) if isinstance(value, int) and 0 <= value <= 999 else None
            elif key == "target" or (key == "value" and row.value == "exploitation_forms"):
                allowed = {o.value for o in questions.options("target" if key == "target" else row.value)}
                value = [item for item in value if item in allowed] if isinstance(value, list) else []
            elif key == "all_regions":
                value = bool(value)
            else:
                allowed = {o.value for o in questions.options({"offers": "offers", "provision": "provision"}.get(
                    key, row.value))}
                value = value if value in allowed else ""
            if value not in ("", None, [], False):
                entry[key] = value
        if entry:
            clean[row_id] = entry
    return clean


@transaction.atomic
def profile_save(*, actor: Actor, answers: dict, by, submit: bool = False) -> CertificationFile:
    """The actor's administrator saves the profile (NSP/VP/Dok.09); the referral facts on
    the actor's row (places, whom it accepts) are derived from it, never typed twice."""
    record = CertificationFile.objects.select_for_update().get_or_create(actor=actor)[0]
    record.profile = _profile_clean(answers)
    if submit:
        record.profile_submitted_at = timezone.now()
    record.save()
    facts = referral_facts(record.profile, kind=actor.kind)
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    for key, value in facts.items():
        setattr(actor, key, value)
    actor.places_free = min(actor.places_free, actor.places)
    _actor_save(actor, [*facts.keys(), "places_free"])
    audit_event(user=by, action="certification_profile_saved", actor=actor.slug, submitted=submit,
                rows=len(record.profile))
    return record


@transaction.atomic
def places_free_set(*, actor: Actor, places_free: int, by) -> Actor:
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if not 0 <= places_free <= actor.places:
        raise CertificationInvalid("places_free", "places_free_range")
    actor.places_free = places_free
    _actor_save(actor, ["places_free"])
    audit_event(user=by, action="places_free_set", actor=actor.slug, places_free=places_free)
    return actor


# --- Step 2: answers, the visit, the action plan ------------------------------------------

@transaction.atomic
def answers_save(*, actor: Actor, answers: dict[str, tuple[str, str]], by) -> int:
    """The actor's answers to the minimum requirements: {requirement id: (answer, evidence)}."""
    if actor.certification == Status.ENDED:
        raise CertificationInvalid("", "ended")
    record = file_of(actor)
    known = {item.id for item in questions.requirements()}
    changed = 0
    for requirement_id, (answer, evidence) in answers.items():
        if requirement_id not in known:
            continue
        row, _ = RequirementAnswer.objects.get_or_create(file=record, requirement=requirement_id)
        answer, evidence = _text(answer), _text(evidence)
        if (row.answer, row.evidence) != (answer, evidence):
            row.answer, row.evidence, row.answered_at = answer, evidence, timezone.now()
            row.save()
            changed += 1
    audit_event(user=by, action="certification_answers_saved", actor=actor.slug, changed=changed)
    return changed


@dataclass(frozen=True)
class Assessed:
    assessment: str
    recommendation: str
    owner: str = ""
    deadline: date | None = None


@transaction.atomic
def visit_record(*, actor: Actor, visited_on: date, assessments: dict[str, Assessed], by,
                 reason: str = "") -> list[ActionItem]:
    """The certification visit (step 2): the coordinator's assessment of every requirement
    (met / partly met / not met, with a recommendation). Every requirement not fully met
    becomes an action with an owner and a deadline. The first visit moves the actor from
    "profile" to "visited"; a later one (follow-up, re-certification) keeps its status."""
    record = CertificationFile.objects.select_for_update().get_or_create(actor=actor)[0]
    today = timezone.localdate()
    if visited_on > today or visited_on < today - timedelta(days=366):
        raise CertificationInvalid("visited_on", "visit_date_range")
    missing = [item.id for item in questions.requirements() if item.id not in assessments]
    if missing:
        raise CertificationInvalid(f"assessment_{missing[0]}", "assessment_required")
    created = []
    for item in questions.requirements():
        given = assessments[item.id]
        if given.assessment not in Assessment.values:
            raise CertificationInvalid(f"assessment_{item.id}", "assessment_required")
        recommendation = _text(given.recommendation)
        if given.assessment != Assessment.MET:
            if not recommendation:
                raise CertificationInvalid(f"recommendation_{item.id}", "recommendation_required")
            owner = _text(given.owner, 200) or record.contact_name or actor.name
            deadline = given.deadline or visited_on + timedelta(days=DEFAULT_ACTION_DAYS)
            if deadline <= visited_on:
                raise CertificationInvalid(f"deadline_{item.id}", "deadline_after_visit")
            created.append(ActionItem(file=record, requirement=item.id, description=recommendation, owner=owner,
                                      deadline=deadline, created_by=by))
        row, _ = RequirementAnswer.objects.get_or_create(file=record, requirement=item.id)
        row.assessment, row.recommendation = given.assessment, recommendation
        row.assessed_by, row.assessed_at = by, timezone.now()
        row.save()
    for action in created:
        action.save()
    record.visited_at, record.visited_by = visited_on, by
    record.save()
    audit_event(user=by, action="certification_visit", actor=actor.slug, visited_on=visited_on.isoformat(),
                actions=len(created),
                not_met=sum(1 for a in assessments.values() if a.assessment == Assessment.NOT_MET))
    if actor.certification == Status.PROFILE:
        status_change(actor=actor, event="visit", by=by,
                      reason=_text(reason) or f"Certification visit on {visited_on.isoformat()}.")
    return created


@transaction.atomic
def action_add(*, actor: Actor, description: str, owner: str, deadline: date, by, requirement: str = "") -> ActionItem:
    record = file_of(actor)
    description, owner = _text(description), _text(owner, 200)
    if not description:
        raise CertificationInvalid("description", "description_required")
    if not owner:
        raise CertificationInvalid("owner", "owner_required")
    if requirement and questions.requirement(requirement) is None:
        raise CertificationInvalid("requirement", "requirement_unknown")
    if deadline < timezone.localdate():
        raise CertificationInvalid("deadline", "deadline_past")
    action = ActionItem.objects.create(file=record, requirement=requirement, description=description, owner=owner,
                                       deadline=deadline, created_by=by)
    audit_event(user=by, action="certification_action_added", actor=actor.slug, item=action.pk)
    return action


@transaction.atomic
def action_progress(*, actor: Actor, action: ActionItem, progress: str, done: bool, by) -> ActionItem:
    """The actor reports progress on an action (or the coordinator records it)."""
    action = ActionItem.objects.select_for_update().get(pk=action.pk, file__actor=actor)
    progress = _text(progress)
    if not progress and not done:
        raise CertificationInvalid("progress", "progress_required")
    if progress:
        action.progress, action.progress_at = progress, timezone.now()
    if done and action.done_at is None:
        action.done_at = timezone.now()
    elif not done:
        action.done_at = None
    action.save()
    audit_event(user=by, action="certification_action_progress", actor=actor.slug, item=action.pk, done=done)
    return action

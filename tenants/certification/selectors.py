"""Reads of the certification. Programme-wide lists read public rows in one or a few
queries (never a loop over the actors' schemas)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from tenants.certification import questions
from tenants.certification.models import ActionItem, CertificationFile, RequirementAnswer, StatusChange
from tenants.models import MAY_APPLY, Actor, Application, ApplicationStatus, CertificationStatus as Status

EXPIRY_WARNING_DAYS = 90


def application_block(actor) -> dict | None:
    """Why `actor` may not apply now, or None when it may (the case and application pages).

    Reads the actor the request's host resolved to (no query; the programme's gate in
    application_receive reads the row itself when an application arrives)."""
    if actor is None or getattr(actor, "schema_name", "public") == "public":
        return None
    status = getattr(actor, "certification", None)
    return None if status in MAY_APPLY else {"status": status}


def file_get(actor: Actor) -> CertificationFile | None:
    return CertificationFile.objects.filter(actor=actor).first()


def history(actor: Actor) -> list[StatusChange]:
    return list(StatusChange.objects.filter(actor=actor).select_related("changed_by"))


def actions(actor: Actor) -> list[ActionItem]:
    return list(ActionItem.objects.filter(file__actor=actor).order_by("done_at", "deadline", "pk"))


def answers_by_requirement(actor: Actor) -> dict[str, RequirementAnswer]:
    return {row.requirement: row for row in RequirementAnswer.objects.filter(file__actor=actor)}


@dataclass(frozen=True)
class RequirementView:
    requirement: questions.Requirement
    section: str
    question: str
    text: str
    answer: RequirementAnswer | None


def requirements_with_answers(actor: Actor, lang: str) -> list[RequirementView]:
    found = answers_by_requirement(actor)
    return [RequirementView(requirement=item, section=questions.section_text(item.section, lang),
                            question=item.question_text(lang), text=item.requirement_text(lang),
                            answer=found.get(item.id)) for item in questions.requirements()]


@dataclass(frozen=True)
class AttentionLine:
    """One line for a start page: what needs someone's attention in the certification."""

    kind: str  # "action_overdue", "certification_expiring", "certification_expired", "follow_up_due"
    actor_slug: str
    actor_name: str
    day: date
    count: int = 1


def attention_lines(*, today: date | None = None, actor: Actor | None = None) -> list[AttentionLine]:
    """Overdue actions and certifications expiring (or expired, or their yearly follow-up
    due), for the coordinator's start page (all actors) or one actor's own start page.

    Three queries whatever the number of actors; oldest first."""
    today = today or timezone.localdate()
    lines: list[AttentionLine] = []
    overdue = ActionItem.objects.filter(done_at__isnull=True, deadline__lt=today)
    actors = Actor.objects.exclude(schema_name="public").exclude(certification=Status.ENDED)
    files = CertificationFile.objects.filter(next_follow_up__lte=today).exclude(actor__certification__in=[
        Status.ENDED, Status.SUSPENDED])
    if actor is not None:
        overdue, actors, files = overdue.filter(file__actor=actor), actors.filter(pk=actor.pk), files.filter(actor=actor)
    for row in (overdue.values("file__actor__slug", "file__actor__name")
                .annotate(count=Count("pk"), oldest=Min("deadline")).order_by("oldest")):
        lines.append(AttentionLine("action_overdue", row["file__actor__slug"], row["file__actor__name"],
                                   row["oldest"], row["count"]))
    for found in actors.filter(certification__in=MAY_APPLY,
                               certified_until__lte=today + timedelta(days=EXPIRY_WARNING_DAYS)) \
            .order_by("certified_until").values("slug", "name", "certified_until"):
        kind = "certification_expired" if found["certified_until"] < today else "certification_expiring"
        lines.append(AttentionLine(kind, found["slug"], found["name"], found["certified_until"]))
    for found in files.order_by("next_follow_up").values("actor__slug", "actor__name", "next_follow_up"):
        lines.append(AttentionLine("follow_up_due", found["actor__slug"], found["actor__name"],
                                   found["next_follow_up"]))
    return sorted(lines, key=lambda line: line.day)


@dataclass(frozen=True)
class ActorOverview:
    actor: Actor
    file: CertificationFile | None
    open_actions: int
    overdue_actions: int


def actors_overview(*, today: date | None = None) -> list[ActorOverview]:
    """Every actor with its status and open/overdue actions, in two queries."""
    today = today or timezone.localdate()
    actors = list(Actor.objects.exclude(schema_name="public").select_related("certification_file")
                  .annotate(open_actions=Count("certification_file__actions",
                                               filter=Q(certification_file__actions__done_at__isnull=True)),
                            overdue_actions=Count("certification_file__actions",
                                                  filter=Q(certification_file__actions__done_at__isnull=True,
                                                           certification_file__actions__deadline__lt=today)))
                  .order_by("name"))
    return [ActorOverview(actor=actor, file=getattr(actor, "certification_file", None),
                          open_actions=actor.open_actions, overdue_actions=actor.overdue_actions)
            for actor in actors]


@dataclass(frozen=True)
class ApplicationsSummary:
    total: int
    open: int
    granted_this_year: int
    applied_this_year: int


def applications_summary(actor: Actor, year: int) -> ApplicationsSummary:
    """The actor's applications and grants this year, from the public rows (one query)."""
    found = Application.objects.filter(actor=actor).aggregate(
        n_all=Count("pk"),
        n_open=Count("pk", filter=Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO])),
        granted=Sum("granted_total", filter=Q(year=year)),
        applied=Sum("total", filter=Q(year=year)),
    )
    return ApplicationsSummary(total=found["n_all"] or 0, open=found["n_open"] or 0,
                               granted_this_year=found["granted"] or 0, applied_this_year=found["applied"] or 0)


def recent_applications(actor: Actor, limit: int = 10) -> list[Application]:
    return list(Application.objects.filter(actor=actor).order_by("-submitted_at", "-pk")[:limit])

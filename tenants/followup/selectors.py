"""Reads for the programme's follow-up: public rows only, one query per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import DateField, Exists, Func, OuterRef, QuerySet
from django.urls import reverse

from tenants.followup.models import Admission, PeriodEnd
from tenants.models import BINDING_STATUSES, Application, ApplicationStatus
from tenants.presenting import intervention_names

GRANTING = (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED)


class _Lower(Func):
    function = "lower"
    output_field = DateField()


class _Upper(Func):
    function = "upper"
    output_field = DateField()


@dataclass(frozen=True)
class EndingPeriod:
    """One line of "periods ending without a follow-up"."""

    actor: str          # the actor's name
    actor_slug: str
    case_code: str
    intervention: str   # the period's intervention, named in the reader's language
    last_day: date
    url: str            # the application on the coordinator's side
    application_id: int


def ending_without_follow_up(*, today: date, within_days: int) -> QuerySet[Application]:
    """Granted periods whose last day falls in [today, today + within_days] with no later
    application of the same case (submitted, asked about, or granted) and not ended early.

    One query over public rows: never a loop over the actors' schemas.
    """
    # PostgreSQL keeps a date range as [first, day after last).
    follow_up = Application.objects.annotate(first=_Lower("period")).filter(
        actor=OuterRef("actor"), case_code=OuterRef("case_code"), status__in=BINDING_STATUSES,
        first__gte=OuterRef("after"),
    )
    return (
        Application.objects.filter(status__in=GRANTING, period__isnull=False)
        .annotate(after=_Upper("period"))
        .filter(after__gt=today, after__lte=today + timedelta(days=within_days + 1))
        .exclude(Exists(PeriodEnd.objects.filter(application=OuterRef("pk"))))
        .exclude(Exists(follow_up))
        # Imported decisions (import_history) are the programme's records, not cases an actor
        # has in the portal: nobody is reminded of them.
        .filter(imported__isnull=True)
        .select_related("actor")
        .order_by("after", "actor__name", "case_code")
    )


def _main_intervention(application: Application) -> str:
    items = application.granted_interventions or application.interventions
    main = next((item for item in items if item.get("days") and not item.get("parent")), None)
    return (main or (items[0] if items else {"code": ""}))["code"]


def periods_ending(*, today: date, within_days: int = 7, lang: str = "sv",
                   actor_slug: str | None = None) -> list[EndingPeriod]:
    """For the coordinator's start page (and an actor's): the lines {actor, case code,
    intervention, last day, url} of periods ending within `within_days` days without a
    follow-up application."""
    found = ending_without_follow_up(today=today, within_days=within_days)
    if actor_slug:
        found = found.filter(actor__slug=actor_slug)
    names = intervention_names(lang)
    lines = []
    for application in found:
        code = _main_intervention(application)
        lines.append(EndingPeriod(
            actor=application.actor.name, actor_slug=application.actor.slug, case_code=application.case_code,
            intervention=names.get(code, code), last_day=application.after - timedelta(days=1),
            url=reverse("tenants:application", args=[application.pk], urlconf=settings.PUBLIC_SCHEMA_URLCONF), application_id=application.pk,
        ))
    return lines


def admission_of(*, actor, case_code: str) -> Admission | None:
    return Admission.objects.filter(actor=actor, case_code=case_code).first()


def admission_asked(application: Application) -> bool:
    """Admission is asked for with a case's first application: while no admission decision
    exists for the case, the coordinator decides it with this application."""
    return not Admission.objects.filter(actor=application.actor_id, case_code=application.case_code).exists()


def case_chain(application: Application) -> list[Application]:
    """The chain of the case's periods at this actor, each with its decisions, oldest first
    (one query and one prefetch): the coordinator sees it in every application."""
    return list(Application.objects.filter(actor=application.actor_id, case_code=application.case_code)
                .prefetch_related("decisions").order_by("period", "submitted_at"))

"""Reads of a case's follow-up: its entitlement clocks and the chain of its periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from intake.followup.models import ClockKind, PriorDays
from intake.models import Case, CaseApplication
from tenants.models import ApplicationStatus
from tenants.years.rulesets import active_rulesets

GRANTING = (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED)
KINDS = tuple(ClockKind.values)


def counters_of(ruleset) -> dict[str, str]:
    """Intervention code → the clock it counts on, from the year's data (the shelter steps'
    counters and the integration section); child supplements and point items count on none."""
    counters = {step.intervention: step.counter for step in ruleset.shelter_steps}
    section = ruleset.section("integration")
    for key in ("support_code", "residential_code"):
        if section.get(key):
            counters[section[key]] = section["counter"]
    return counters


def limits_of(ruleset) -> dict[str, int]:
    """The most days of each kind the year allows (RULES.md: 30 / 180 / 45 in 2025)."""
    limits: dict[str, int] = {}
    for step in ruleset.shelter_steps:
        intervention = ruleset.interventions[step.intervention]
        limits[step.counter] = max(limits.get(step.counter, 0), step.offset + (intervention.max_days or 0))
    section = ruleset.section("integration")
    for key in ("support_code", "residential_code"):
        if section.get(key):
            days = ruleset.interventions[section[key]].max_days or 0
            limits[section["counter"]] = max(limits.get(section["counter"], 0), days)
    return limits


def ruleset_for(day: date):
    rulesets = active_rulesets()
    if not rulesets:
        return None
    if day.year in rulesets:
        return rulesets[day.year]
    earlier = [year for year in rulesets if year <= day.year]
    return rulesets[max(earlier)] if earlier else rulesets[min(rulesets)]


@dataclass
class Period:
    """One granted (or asked-for) period of the case, as its decision in force has it."""

    application: CaseApplication
    code: str
    kind: str | None
    first: date
    last: date
    days: int
    status: str
    ended_on: date | None = None

    @property
    def used_days(self) -> int:
        last = min(self.last, self.ended_on) if self.ended_on else self.last
        return max(0, (last - self.first).days + 1)

    @property
    def effective_last(self) -> date:
        return min(self.last, self.ended_on) if self.ended_on else self.last


@dataclass
class Clock:
    kind: str
    label: str
    used: int          # granted days (cut at any early end) plus days entered from before
    prior: int         # of which entered from before the portal or another actor
    limit: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.limit)) if self.limit else 0


@dataclass
class CaseClocks:
    clocks: list[Clock]
    periods: list[Period] = field(default_factory=list)
    current: Period | None = None       # the period running today
    latest: Period | None = None        # the granted period that ends last
    known: bool = False                 # anything granted or entered: the clock answers days_used

    def days_used(self) -> dict[str, int]:
        return {clock.kind: clock.used for clock in self.clocks}

    def clock(self, kind: str) -> Clock:
        return next(clock for clock in self.clocks if clock.kind == kind)


def periods_of(case: Case, *, statuses=GRANTING) -> list[Period]:
    """The case's day periods (not child supplements, not point items), oldest first."""
    rulesets = active_rulesets()
    periods = []
    applications = (CaseApplication.objects.filter(case=case, status__in=statuses)
                    .select_related("ended").order_by("created_at", "pk"))
    for application in applications:
        items = application.granted_interventions if application.status in GRANTING else application.interventions
        ruleset = rulesets.get(application.year)
        counters = counters_of(ruleset) if ruleset else {}
        ended = getattr(application, "ended", None)
        for item in items or []:
            if item.get("parent") or not item.get("days") or not item.get("start"):
                continue
            first = date.fromisoformat(item["start"])
            last = date.fromisoformat(item["end"]) if item.get("end") else first + timedelta(days=item["days"] - 1)
            periods.append(Period(application=application, code=item["code"], kind=counters.get(item["code"]),
                                  first=first, last=last, days=item["days"], status=application.status,
                                  ended_on=ended.ended_on if ended else None))
    periods.sort(key=lambda period: (period.first, period.application.pk))
    return periods


def clocks_of(case: Case, *, today: date | None = None) -> CaseClocks:
    """Days granted and used per kind, from the programme's decisions on the case's
    applications (the decision in force), plus the days entered from before; against the
    limits of the year that runs today (or of the latest period's year)."""
    today = today or timezone.localdate()
    periods = periods_of(case)
    prior = {entry.kind: entry.days for entry in PriorDays.objects.filter(case=case)}
    used = {kind: prior.get(kind, 0) for kind in KINDS}
    for period in periods:
        if period.kind in used:
            used[period.kind] += period.used_days
    latest = max(periods, key=lambda period: period.effective_last, default=None)
    ruleset = ruleset_for(max(today, latest.effective_last + timedelta(days=1)) if latest else today)
    limits = limits_of(ruleset) if ruleset else {}
    labels = dict(ClockKind.choices)
    clocks = [Clock(kind=kind, label=str(labels[kind]), used=used[kind], prior=prior.get(kind, 0),
                    limit=limits.get(kind, 0)) for kind in KINDS]
    current = next((period for period in periods if period.first <= today <= period.effective_last), None)
    return CaseClocks(clocks=clocks, periods=periods, current=current, latest=latest,
                      known=bool(periods or prior))


@dataclass
class CaseRow:
    """One line of the case list: the case, the period that runs now (or last ran) and what is due."""

    case: Case
    period: Period | None = None
    running: bool = False
    due: str = ""          # "extension": the period ends within the week with no next application


def case_rows(*, today: date, status: str | None = None, due_only: bool = False, query: str = "",
              due_within_days: int = 7) -> list[CaseRow]:
    """The actor's cases with their period and due work: two queries, whatever the number of cases."""
    cases = Case.objects.all().order_by("-opened_at")
    if status:
        cases = cases.filter(status=status)
    query = query.strip()
    if query:
        from django.db.models import Q

        cases = cases.filter(Q(code__icontains=query) | Q(initials__icontains=query.replace(".", "")) |
                             Q(initials__icontains=query))
    rows = {case.pk: CaseRow(case=case) for case in cases}
    if not rows:
        return []
    rulesets = active_rulesets()
    applications = (CaseApplication.objects.filter(case_id__in=rows)
                    .select_related("ended").order_by("created_at", "pk"))
    open_after: dict[int, list[date]] = {}
    for application in applications:
        if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO):
            if application.period is not None:
                open_after.setdefault(application.case_id, []).append(application.period.lower)
            continue
        if application.status not in GRANTING:
            continue
        ruleset = rulesets.get(application.year)
        counters = counters_of(ruleset) if ruleset else {}
        ended = getattr(application, "ended", None)
        for item in application.granted_interventions or []:
            if item.get("parent") or not item.get("days") or not item.get("start"):
                continue
            first = date.fromisoformat(item["start"])
            last = date.fromisoformat(item["end"]) if item.get("end") else first + timedelta(days=item["days"] - 1)
            period = Period(application=application, code=item["code"], kind=counters.get(item["code"]),
                            first=first, last=last, days=item["days"], status=application.status,
                            ended_on=ended.ended_on if ended else None)
            row = rows[application.case_id]
            if row.period is None or period.effective_last > row.period.effective_last:
                row.period = period
    for row in rows.values():
        period = row.period
        if period is None:
            continue
        row.running = period.first <= today <= period.effective_last
        followed = any(first > period.effective_last for first in open_after.get(row.case.pk, []))
        if row.running and not followed and row.case.status != "closed" and \
                (period.effective_last - today).days <= due_within_days:
            row.due = "extension"
    found = list(rows.values())
    if due_only:
        found = [row for row in found if row.due]
    return found


def case_rows_audited(*, user, today: date, **filters) -> list[CaseRow]:
    """case_rows for the list page: a read of case data (initials), audited once; what was
    searched for is not written down, only that there was a search."""
    from intake.models import CaseAuditEntry

    rows = case_rows(today=today, **filters)
    CaseAuditEntry.objects.create(user=user, action="list", detail={
        "cases": len(rows), "status": filters.get("status"), "due_only": bool(filters.get("due_only")),
        "searched": bool(filters.get("query"))})
    return rows

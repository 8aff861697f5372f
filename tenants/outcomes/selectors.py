"""The coordinator's view of the reports: which granted periods still lack their report."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from tenants.models import Application, ApplicationStatus
from tenants.outcomes.models import ReportOutcome

# How long after a granted period's last day its report may take before the coordinator
# sees it flagged (a setting: the programme decides).
GRACE_DAYS_DEFAULT = 7


def grace_days() -> int:
    return int(getattr(settings, "OUTCOMES_PERIOD_REPORT_GRACE_DAYS", GRACE_DAYS_DEFAULT))


def overdue_period_reports(*, today: date) -> QuerySet[Application]:
    """Granted applications whose period ended more than the grace days ago with no signed
    period report from the actor: one query over every actor, never a loop over schemas.
    Decisions imported from earlier years' records are history: no report is due for them."""
    from tenants.statistics.models import ImportedDecision

    reported = ReportOutcome.objects.filter(
        actor_id=OuterRef("actor_id"), application_local_id=OuterRef("local_id"),
        kind=ReportOutcome.Kind.PERIOD_REPORT)
    # A date range's upper bound is the day after its last day.
    last_allowed = today - timedelta(days=grace_days())
    return (Application.objects
            .filter(status__in=(ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED),
                    period__isnull=False, period__endswith__lte=last_allowed)
            .exclude(Exists(reported))
            .exclude(Exists(ImportedDecision.objects.filter(application=OuterRef("pk"))))
            .select_related("actor").order_by("period"))

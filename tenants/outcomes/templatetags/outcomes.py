"""{% overdue_period_reports %}: on the coordinator's inbox, the granted periods whose
report is overdue (issue 10: "an overdue period report is flagged to the coordinator")."""

from __future__ import annotations

from django import template
from django.utils import timezone

from tenants.outcomes import selectors

register = template.Library()
SHOWN = 20


@register.inclusion_tag("outcomes/_overdue_period_reports.html")
def overdue_period_reports():
    rows = list(selectors.overdue_period_reports(today=timezone.localdate())[:SHOWN + 1])
    return {"rows": rows[:SHOWN], "more": len(rows) > SHOWN}

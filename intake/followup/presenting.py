"""What the case page shows of the follow-up: clocks, the period running now, what is due."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.safestring import mark_safe

from intake.followup.forms import CloseForm, PeriodEndForm, PriorDaysForm
from intake.followup.models import CaseClosure, PriorDays
from intake.followup.selectors import clocks_of
from intake.followup.timeline import timeline_svg
from intake.models import Case, CaseApplication, CaseStatus
from tenants.models import OPEN_STATUSES
from tenants.presenting import intervention_names

# A period ending within this many days shows "apply for an extension" as due.
DUE_WITHIN_DAYS = 7


def case_followup(case: Case, lang: str, *, today: date, forms: dict | None = None) -> dict:
    clocks = clocks_of(case, today=today)
    names = intervention_names(lang)
    latest = clocks.latest
    closed = case.status == CaseStatus.CLOSED
    next_start = latest.effective_last + timedelta(days=1) if latest else None
    # An application for the next period already made (a draft, submitted, or asked about).
    followed = latest is not None and CaseApplication.objects.filter(
        case=case, status__in=OPEN_STATUSES, period__startswith__gt=latest.effective_last).exists()
    due = None
    if latest and not closed and not followed and latest.effective_last >= today and \
            (latest.effective_last - today).days <= DUE_WITHIN_DAYS:
        due = {"last_day": latest.effective_last, "days_left": (latest.effective_last - today).days}
    forms = forms or {}
    current = clocks.current
    return {
        "timeline": mark_safe(timeline_svg(case, today=today, lang=lang,
                                           due=due["last_day"] if due else None)) if clocks.periods or
        case.applications.exists() else "",
        "clocks": clocks.clocks,
        "current": current, "current_name": names.get(current.code, current.code) if current else "",
        "latest": latest, "next_start": next_start, "due": due, "closed": closed,
        "closure": CaseClosure.objects.filter(case=case).first() if closed else None,
        "can_extend": latest is not None and not closed and not followed,
        "can_end": current is not None and current.ended_on is None and not closed,
        "prior": list(PriorDays.objects.filter(case=case)),
        "prior_form": forms.get("prior") or PriorDaysForm(prefix="prior"),
        "end_form": forms.get("end") or PeriodEndForm(prefix="end"),
        "close_form": forms.get("close") or CloseForm(prefix="close"),
    }

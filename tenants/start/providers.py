"""The start page's lines: new applications (oldest first, with their age), periods ending
without a follow-up application, overdue period reports, certification actions and
follow-ups due, certifications expiring. Public rows only; each capability's selector
does the reading, this module only words it for her."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tenants.attention import Attention, AttentionLine, attention_provider, programme_url
from tenants.certification.selectors import attention_lines as certification_lines
from tenants.followup.selectors import periods_ending as followup_periods_ending
from tenants.models import MAY_APPLY, Actor, Application, ApplicationStatus
from tenants.outcomes.selectors import overdue_period_reports

SHOWN = 8  # lines under a heading; the heading links to all of them
EXPIRY_WARNING = timedelta(days=60)


@attention_provider(order=10)
def new_applications(today: date) -> list[Attention]:
    waiting = Application.objects.filter(status=ApplicationStatus.SUBMITTED)
    count = waiting.count()
    if not count:
        return []
    oldest = waiting.select_related("actor").order_by("submitted_at", "pk")[:SHOWN]
    lines = []
    for application in oldest:
        age = (today - timezone.localtime(application.submitted_at).date()).days
        lines.append(AttentionLine(
            text=f"{application.nsp_number or application.case_code} · {application.actor.name}",
            url=programme_url("tenants:application", application.pk), age_days=age))
    return [Attention(
        key="new_applications", count=count, url=programme_url("tenants:inbox") + "?status=submitted",
        text=ngettext("%(n)s application waits for a decision", "%(n)s applications wait for a decision",
                      count) % {"n": count},
        severity="danger" if lines and (lines[0].age_days or 0) > 7 else "warn", items=lines)]


@attention_provider(order=30)
def periods_ending(today: date) -> list[Attention]:
    """A person loses the place when a period ends with no follow-up asked for (issue 9)."""
    from django.utils.translation import get_language

    ending = followup_periods_ending(today=today, within_days=7, lang=get_language() or "sv")
    if not ending:
        return []
    return [Attention(
        key="periods_ending", count=len(ending), url=ending[0].url,
        text=ngettext("%(n)s period ends within a week without a follow-up application",
                      "%(n)s periods end within a week without a follow-up application", len(ending)) % {
            "n": len(ending)},
        severity="danger" if any(line.last_day <= today + timedelta(days=2) for line in ending) else "warn",
        items=[AttentionLine(text=_("%(code)s · %(actor)s: %(intervention)s until %(day)s") % {
            "code": line.case_code, "actor": line.actor, "intervention": line.intervention,
            "day": line.last_day.isoformat()}, url=line.url) for line in ending[:SHOWN]])]


@attention_provider(order=40)
def period_reports_overdue(today: date) -> list[Attention]:
    """Granted periods that ended without the actor's signed period report (issue 10)."""
    overdue = list(overdue_period_reports(today=today)[:SHOWN + 1])
    if not overdue:
        return []
    count = len(overdue) if len(overdue) <= SHOWN else overdue_period_reports(today=today).count()
    return [Attention(
        key="period_reports_overdue", count=count, url=programme_url("tenants:inbox"),
        text=ngettext("%(n)s period report is overdue", "%(n)s period reports are overdue", count) % {"n": count},
        items=[AttentionLine(text=f"{application.nsp_number or application.case_code} · {application.actor.name}",
                             url=programme_url("tenants:application", application.pk),
                             age_days=(today - application.period.upper).days + 1)
               for application in overdue[:SHOWN]])]


@attention_provider(order=50)
def certification_actions(today: date) -> list[Attention]:
    """Action-plan items past their deadline and yearly follow-ups due (issue 12)."""
    lines = [line for line in certification_lines(today=today) if line.kind in ("action_overdue", "follow_up_due")]
    if not lines:
        return []
    words = {"action_overdue": _("%(actor)s: %(n)s action(s) overdue since %(day)s"),
             "follow_up_due": _("%(actor)s: yearly follow-up due %(day)s")}
    return [Attention(
        key="certification_actions", count=len(lines), url=programme_url("tenants:dashboard"),
        text=ngettext("%(n)s certification matter is due", "%(n)s certification matters are due",
                      len(lines)) % {"n": len(lines)},
        severity="danger" if any(line.kind == "action_overdue" for line in lines) else "warn",
        items=[AttentionLine(text=words[line.kind] % {"actor": line.actor_name, "n": line.count,
                                                      "day": line.day.isoformat()},
                             url=programme_url("tenants:actor", line.actor_slug)) for line in lines[:SHOWN]])]


@attention_provider(order=60)
def certifications_expiring(today: date) -> list[Attention]:
    expiring = list(Actor.objects.exclude(schema_name="public").filter(
        certification__in=MAY_APPLY, certified_until__isnull=False, certified_until__lte=today + EXPIRY_WARNING)
        .order_by("certified_until"))
    if not expiring:
        return []
    return [Attention(
        key="certifications_expiring", count=len(expiring), url=programme_url("tenants:dashboard"),
        text=ngettext("%(n)s certification ends within 60 days", "%(n)s certifications end within 60 days",
                      len(expiring)) % {"n": len(expiring)},
        severity="danger" if any(a.certified_until < today for a in expiring) else "warn",
        items=[AttentionLine(text=_("%(actor)s: until %(day)s") % {
            "actor": actor.name, "day": actor.certified_until.isoformat()}, url=programme_url("tenants:dashboard"))
            for actor in expiring[:SHOWN]])]

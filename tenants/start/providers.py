"""The start page's own lines: new applications (oldest first, with their age) and
certifications expiring. Public rows only."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tenants.attention import Attention, AttentionLine, attention_provider, programme_url
from tenants.models import Actor, Application, ApplicationStatus

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


@attention_provider(order=60)
def certifications_expiring(today: date) -> list[Attention]:
    expiring = list(Actor.objects.exclude(schema_name="public").filter(
        certification="certified", certified_until__isnull=False, certified_until__lte=today + EXPIRY_WARNING)
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

"""Reminders before a granted period runs out with no follow-up application.

Found from the programme's public rows alone (one query, tenants.followup.selectors); a
period is reminded of once: the programme's Reminder row is written in the transaction
that notifies and sends, so a rerun or a restart finds it and sends nothing twice (and a
failed e-mail rolls the claim back, so the next run tries again). Only the actors with
something due are entered, to put the notification where their staff read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from intake.models import Case
from intake.services import notification_create
from portal.audit import audit_event
from portal.models import Membership
from portal.roles import Role
from tenants.followup.models import Reminder
from tenants.followup.selectors import ending_without_follow_up
from tenants.followup.services import reminder_claim
from tenants.models import Application


@dataclass
class ReminderRun:
    found: int = 0
    sent: int = 0
    emails: int = 0


def _staff_of(actor_id: int) -> list:
    memberships = (Membership.objects.filter(actor_id=actor_id, role__in=[Role.ACTOR_ADMIN, Role.ACTOR_STAFF],
                                             user__is_active=True)
                   .select_related("user").order_by("user_id"))
    return list({membership.user_id: membership.user for membership in memberships}.values())


def reminders_send(*, today: date, within_days: int | None = None) -> ReminderRun:
    within_days = within_days or settings.FOLLOWUP_REMIND_DAYS
    due = list(ending_without_follow_up(today=today, within_days=within_days)
               .exclude(Exists(Reminder.objects.filter(application=OuterRef("pk")))))
    run = ReminderRun(found=len(due))
    for application in due:
        with transaction.atomic():
            # Two runs at once: the second skips what the first holds, then finds its reminder.
            locked = Application.objects.select_for_update(skip_locked=True).filter(pk=application.pk).first()
            if locked is None:
                continue
            last_day = application.after - timedelta(days=1)
            staff = _staff_of(application.actor_id)
            if not reminder_claim(application=locked, last_day=last_day, recipients=len(staff)):
                continue
            _notify(application, staff, last_day)
            run.emails += _mail(application, staff, last_day)
            audit_event(user=None, action="followup_reminder", schema_name="public", application=application.pk,
                        actor=application.actor.slug, case_code=application.case_code, recipients=len(staff))
            run.sent += 1
    return run


def _notify(application: Application, staff: list, last_day: date) -> None:
    with tenant_context(application.actor):
        case = Case.objects.filter(code=application.case_code).first()
        for user in staff:
            notification_create(user=user, case=case, kind="period_ending",
                                data={"code": application.case_code, "last_day": last_day.isoformat()})


def _mail(application: Application, staff: list, last_day: date) -> int:
    """One e-mail to the actor's staff: the case code and the day only (never case content)."""
    addresses = sorted({user.email for user in staff if user.email})
    if not addresses:
        return 0
    with translation.override("sv"):
        subject = _("NSP: the period of case %(code)s ends %(last_day)s") % {
            "code": application.case_code, "last_day": last_day.isoformat()}
        body = _("The granted period of case %(code)s ends %(last_day)s and no extension has been applied for "
                 "yet. Applications come before the period they ask for: open the case in the portal and "
                 "choose \"Apply for an extension\".") % {
            "code": application.case_code, "last_day": last_day.isoformat()}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    return len(addresses)

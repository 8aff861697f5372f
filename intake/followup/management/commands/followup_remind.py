"""Remind actors of granted periods ending soon with no follow-up application.

Run every night (`./nsp run` schedules it) and on demand. Idempotent: a period is
reminded of once, whatever the number of runs or restarts.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intake.followup.reminders import reminders_send


class Command(BaseCommand):
    help = "Notify actors of granted periods ending within N days with no follow-up application (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Within how many days (default: the setting).")
        parser.add_argument("--today", default=None, help="The day to count from (YYYY-MM-DD; default today).")

    def handle(self, *args, days=None, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError("--today must be a date, YYYY-MM-DD") from None
        if days is not None and not 1 <= days <= 60:
            raise CommandError("--days must be from 1 to 60")
        run = reminders_send(today=day, within_days=days)
        self.stdout.write(f"Periods due: {run.found}; reminders sent: {run.sent}; e-mails: {run.emails}.")

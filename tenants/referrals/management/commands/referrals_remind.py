"""Remind actors of referral requests unanswered past settings.NSP_REFERRAL_REMIND_HOURS.

Run it every few minutes (cron or a systemd timer). Idempotent: each request is reminded
once, however often the command runs.
"""

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from tenants.referrals.services import referrals_remind


class Command(BaseCommand):
    help = "Remind actors of referral requests that have waited too long for an answer."

    def handle(self, *args, **options):
        with schema_context("public"):
            reminded = referrals_remind()
        self.stdout.write(f"{len(reminded)} referral request(s) reminded.")

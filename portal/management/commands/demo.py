from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import demo
from portal.accounts import twofactor


class Command(BaseCommand):
    help = "Load the demo data (fictional actors, users for every role, cases, knowledge base). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, quiet=False, **options):
        if not settings.DEBUG and not getattr(settings, "NSP_ALLOW_DEMO", False):
            raise CommandError("Demo data is for laptops: set DEBUG=1 to load it (never in production).")
        summary = demo.load()
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS("\nNSP portal demo is ready.\n"))
        self.stdout.write(f"  Programme (coordinators, knowledge base): {summary.programme_url}")
        for actor, url in summary.actors:
            self.stdout.write(f"  {actor.name} ({actor.get_region_display()}): {url}")
        self.stdout.write(f"\n  Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, role, where in summary.logins:
            self.stdout.write(f"    {username:<22} {role:<24} {where}")
        self.stdout.write(
            "\n  Second step: the code of an authenticator app with the demo secret "
            f"{twofactor.DEMO_TOTP_SECRET},\n  or print the current one: ./nsp manage demo_code <username>"
        )
        self.stdout.write("")

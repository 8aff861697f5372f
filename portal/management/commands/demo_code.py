from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import twofactor
from portal.models import User


class Command(BaseCommand):
    help = "Print a demo user's current TOTP code (laptops only: refused when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for laptops: it is refused when DEBUG is off.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}. The demo users are listed by ./nsp run.")
        # Only the demo secret: this command never reveals a real user's code.
        device = TOTPDevice.objects.filter(user=user, confirmed=True,
                                           key=twofactor.hex_key(twofactor.DEMO_TOTP_SECRET)).first()
        if device is None:
            raise CommandError(f"{username} has no demo authenticator (only demo users have one).")
        self.stdout.write(twofactor.current_code(device))

"""The second factor: TOTP (an authenticator app), recovery codes, passkeys (WebAuthn).

Every signed-in role uses one, in every mode: the demo's users are enrolled with the
documented demo secret (README), so the demo logs in the same way production does.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.helpers import WebAuthnHelper as LibraryWebAuthnHelper

# The demo's TOTP secret (base32, as authenticator apps take it). Documented in the
# README; only the demo command enrols it, and it refuses to run in production.
DEMO_TOTP_SECRET = "NSPDEMONSPDEMONSPDEMONSPDEMONSPD"
RECOVERY_NAME = "recovery"
RECOVERY_COUNT = 10


def hex_key(base32_secret: str) -> str:
    return base64.b32decode(base32_secret).hex()


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(binascii.unhexlify(device.key)).decode().rstrip("=")


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG data: URL (the CSP allows data: images only)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#1b2733")


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def confirmed_devices(user) -> list:
    return list(devices_for_user(user, confirmed=True))


def has_second_factor(user) -> bool:
    return any(not isinstance(device, StaticDevice) for device in confirmed_devices(user))


def totp_device_pending(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (one at a time), made if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


_SPACES = re.compile(r"[\s-]+")


def normalise(token: str) -> str:
    return _SPACES.sub("", (token or "").replace("\x00", "")).lower()[:32]


def verify_second_factor(user, token: str):
    """The device that accepts `token` (a 6-digit TOTP code or a recovery code), or None.

    Codes are checked against the kind of device they can belong to, so a wrong code
    slows down (django-otp's throttling) only that device.
    """
    token = normalise(token)
    if not token:
        return None
    with transaction.atomic():
        if token.isdigit() and len(token) == 6:
            candidates = TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        else:
            candidates = StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
            token = recovery_digest(token)
        for device in candidates:
            if device.verify_token(token):
                return device
    return None


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: a keyed hash (django-otp would keep it as typed).

    A copy of the database alone does not give anybody a way in.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), normalise(code).encode(), hashlib.sha256)
    return digest.hexdigest()[:16]  # StaticToken.token holds 16 characters


def recovery_codes_new(user) -> list[str]:
    """Fresh recovery codes, shown once; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=recovery_digest(code)) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def devices_reset(user) -> int:
    """Remove every second-factor device (the user enrols anew at their next login)."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


def enrol_demo(user) -> TOTPDevice:
    """The demo user's authenticator: the documented demo secret (laptops only)."""
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="Demo", defaults={"key": hex_key(DEMO_TOTP_SECRET), "confirmed": True},
    )
    return device


# --- Passkeys (django-otp-webauthn) ------------------------------------------------------


def webauthn_rp_id(request) -> str:
    """A passkey belongs to the address it was made on: each actor's host is its own."""
    return request.get_host().rsplit(":", 1)[0]


class WebAuthnHelper(LibraryWebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        return [f"{self.request.scheme}://{self.request.get_host()}"]

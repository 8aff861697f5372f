"""Small helpers shared by tests."""

from django.conf import settings

PUBLIC_HOST = "localhost"


def host_of_actor(slug: str) -> str:
    return f"{slug}.{settings.PORTAL_BASE_DOMAIN}"


def login_verified(client, user) -> None:
    """Log `client` in as `user` with both factors, as the login pages would.

    The session records a confirmed TOTP device (the demo users have the demo one;
    others get one here), which is what every access policy and socket checks.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user, backend="portal.accounts.backends.HostMembershipBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

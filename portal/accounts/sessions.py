"""Sessions: they end after inactivity, and their websockets end with them.

Each websocket joins a channel-layer group named after its session (a hash of the key,
never the key itself); logging out, by hand or after inactivity, tells that group to
close. Consumers also re-check the session before every message they send
(`session_still_valid`), so a socket on another process or a missed message cannot
outlive the session.
"""

from __future__ import annotations

import hashlib
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.translation import gettext as _

from portal.roles import Role

LAST_SEEN = "nsp_last_seen"
# Saving the session on every request would be a write per click: a minute is precise enough.
TOUCH_EVERY = 60


def idle_limit_seconds(user) -> int:
    """Minutes of inactivity allowed; the coordinator's limit is shorter."""
    is_coordinator = any(m.role == Role.COORDINATOR for m in user.memberships.all())
    minutes = settings.SESSION_IDLE_MINUTES_COORDINATOR if is_coordinator else settings.SESSION_IDLE_MINUTES
    return minutes * 60


def session_group(session_key: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{session_key}".encode()).hexdigest()[:40]
    return f"session.{digest}"


def close_sockets_of(session_key: str | None) -> None:
    layer = get_channel_layer()
    if layer is not None and session_key:
        async_to_sync(layer.group_send)(session_group(session_key), {"type": "session.ended"})


@receiver(user_logged_out)
def _close_sockets_at_logout(sender, request, user, **kwargs):
    # Still the old key here: logout() flushes the session after sending the signal.
    close_sockets_of(getattr(request.session, "session_key", None))


class IdleTimeoutMiddleware:
    """Logs out a session that has been idle longer than its user's limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if isinstance(last, int) and now - last > idle_limit_seconds(user):
                from portal.audit import audit_event

                audit_event(user=user, action="session_expired", request=request, idle_seconds=now - last)
                logout(request)
                messages.info(request, _("You were logged out after a while without activity. Log in again."))
            elif not isinstance(last, int) or now - last >= TOUCH_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def session_still_valid(session_key: str | None, user_id) -> bool:
    """Is this session still logged in as this user, with the second factor, and not idle?

    Runs on the database thread (websocket consumers), so it reads the session afresh.
    """
    if not session_key or user_id is None:
        return False
    from importlib import import_module

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    data = store.load()  # an expired or deleted session loads as {}
    if str(data.get(SESSION_KEY)) != str(user_id) or not data.get(BACKEND_SESSION_KEY):
        return False
    device = Device.from_persistent_id(data.get(DEVICE_ID_SESSION_KEY) or "")
    if device is None or device.user_id != user_id or not getattr(device, "confirmed", True):
        return False
    from portal.models import User

    user = User.objects.filter(pk=user_id, is_active=True).prefetch_related("memberships").first()
    if user is None:
        return False
    last = data.get(LAST_SEEN)
    if isinstance(last, int) and int(time.time()) - last > idle_limit_seconds(user) + TOUCH_EVERY:
        return False
    return True

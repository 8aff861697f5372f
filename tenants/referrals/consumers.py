"""Free places, live on every open search page of the programme's host.

Only coordinators and regional coordinators, logged in with both factors on the
programme's host, may listen; the messages carry an actor's short name and its number
of free places, never case data. Every database call runs through `in_public`
(portal/channels_tenancy.py), and each message re-checks the session, as the actors'
sockets do.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from portal.accounts.sessions import session_group, session_still_valid
from portal.audit import audit_event, where, where_of_scope
from portal.channels_tenancy import in_public
from portal.membership import roles_here
from portal.roles import Role
from tenants.referrals.services import PLACES_GROUP

CLOSE_NOT_PROGRAMME = 4404
CLOSE_NOT_LOGGED_IN = 4401
CLOSE_NOT_ALLOWED = 4403
LISTENERS = frozenset({Role.COORDINATOR, Role.REGIONAL_COORDINATOR})


def _snapshot() -> dict:
    """Every certified actor's free places now: a page rendered before the socket opened
    catches up on what changed in between. Profile facts only, no case data."""
    from tenants.models import MAY_APPLY, Actor

    return dict(Actor.objects.exclude(schema_name="public").filter(certification__in=MAY_APPLY)
                .values_list("slug", "places_free"))


def _allowed(session_key, user) -> bool:
    from portal.models import User

    if not session_still_valid(session_key, user.pk):
        return False
    fresh = User.objects.filter(pk=user.pk, is_active=True).first()
    return fresh is not None and bool(roles_here(fresh, None) & LISTENERS)


class PlacesConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        tenant = self.scope.get("tenant")
        self.user = self.scope.get("user")
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None)
        if tenant is None or tenant.schema_name != "public":
            await self.refuse(CLOSE_NOT_PROGRAMME)
        elif self.user is None or not self.user.is_authenticated:
            await self.refuse(CLOSE_NOT_LOGGED_IN)
        elif not await in_public(_allowed, self.session_key, self.user):
            await self.refuse(CLOSE_NOT_ALLOWED)
        else:
            await self.channel_layer.group_add(PLACES_GROUP, self.channel_name)
            if self.session_key:
                self.session_group = session_group(self.session_key)
                await self.channel_layer.group_add(self.session_group, self.channel_name)
            self.joined = True
            await self.accept()
            await self.send_json({"type": "snapshot", "places": await in_public(_snapshot)})

    async def refuse(self, code: int) -> None:
        user = self.user if self.user is not None and self.user.is_authenticated else None
        tenant = self.scope.get("tenant")

        def record():
            with where(where_of_scope(self.scope)):
                audit_event(user=user, action="socket_refused", schema_name=tenant.schema_name if tenant else "",
                            path=self.scope.get("path", ""), close_code=code)

        await in_public(record)
        await self.close(code=code)

    async def send_json(self, content, close=False):
        if not await in_public(_allowed, self.session_key, self.user):
            await self.close(code=CLOSE_NOT_LOGGED_IN)
            return
        await super().send_json(content, close=close)

    async def places_changed(self, event):
        payload = event["payload"]
        await self.send_json({"type": "places", "actor": payload["actor"], "places_free": payload["places_free"],
                              "updated_at": payload["updated_at"]})

    async def referral_changed(self, event):
        payload = event["payload"]
        if payload.get("coordinator") == self.user.pk:
            await self.send_json({"type": "referral", "referral": payload["referral"], "status": payload["status"]})

    async def session_ended(self, event):
        await self.close(code=CLOSE_NOT_LOGGED_IN)

    async def disconnect(self, code):
        if getattr(self, "joined", False):
            await self.channel_layer.group_discard(PLACES_GROUP, self.channel_name)
        if hasattr(self, "session_group"):
            await self.channel_layer.group_discard(self.session_group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        return  # the page only listens

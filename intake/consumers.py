"""Live updates at one actor, over websockets.

Every database call goes through `in_tenant` (portal/channels_tenancy.py): the consumer
shares its database connection with every other consumer of the process.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from intake import notifications
from intake.selectors import case_list, notifications_unread
from portal.access import roles_here
from portal.broadcast import actor_group, case_group
from portal.channels_tenancy import in_tenant
from portal.roles import ACTOR_ROLES

# Close codes in the private 4000 range: the client can tell why it was refused.
CLOSE_UNKNOWN_ACTOR = 4404
CLOSE_NOT_LOGGED_IN = 4401
CLOSE_NOT_A_MEMBER = 4403


def _member_roles(user, tenant) -> set[str]:
    return roles_here(user, tenant) & set(ACTOR_ROLES)


def _snapshot(user, lang: str) -> dict:
    """What a newly connected screen needs: this actor's open cases and unread notices."""
    return {
        "cases": [case.code for case in case_list()[:50]],
        "notifications": [
            {"id": n.pk, "text": notifications.render(n.kind, n.data, lang)}
            for n in notifications_unread(user=user)
        ],
    }


class ActorMemberConsumer(AsyncJsonWebsocketConsumer):
    """A read-only socket for a logged-in member of the actor whose host it opened on.

    Subclasses say which group to join and what to send first (`admitted`).
    """

    async def connect(self):
        self.tenant = self.scope.get("tenant")
        self.user = self.scope.get("user")
        if self.tenant is None or self.tenant.schema_name == "public":
            await self.close(code=CLOSE_UNKNOWN_ACTOR)
        elif self.user is None or not self.user.is_authenticated:
            await self.close(code=CLOSE_NOT_LOGGED_IN)
        elif not await in_tenant(self.tenant, _member_roles, self.user, self.tenant):
            await self.close(code=CLOSE_NOT_A_MEMBER)
        else:
            await self.admitted()

    async def join(self, group: str) -> None:
        self.group = group
        await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def admitted(self) -> None:
        # A subclass that says nothing to join admits nobody (fail closed).
        await self.close(code=CLOSE_NOT_A_MEMBER)

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        return  # screens only listen


class NotificationsConsumer(ActorMemberConsumer):
    """Notifications for the logged-in member of the actor whose host the socket opened on."""

    async def admitted(self) -> None:
        self.lang = getattr(self.user, "preferred_language", "sv") or "sv"
        await self.join(actor_group(self.tenant.schema_name))
        snapshot = await in_tenant(self.tenant, _snapshot, self.user, self.lang)
        await self.send_json({"type": "snapshot", **snapshot})

    async def notification_new(self, event):
        payload = event["payload"]
        if payload.get("user_id") != self.user.pk:
            return
        text = notifications.render(payload["kind"], payload.get("data", {}), self.lang)
        await self.send_json({"type": "notification", "id": payload.get("id"), "text": text})

    async def case_event(self, event):
        await self.send_json({"type": "case", **event["payload"]})


def _case_state(code: str) -> dict | None:
    """Where the case's intake is now; None if this actor has no such case."""
    from intake import flow as intake_flow
    from intake.models import Case
    from intake.selectors import case_facts, conversation_of

    case = Case.objects.filter(code=code).prefetch_related("children").first()
    if case is None:
        return None
    conversation = conversation_of(case)
    facts = case_facts(case)
    upcoming = intake_flow.next_question(conversation.answers, facts)
    return {
        "revision": conversation.revision,
        "question_id": upcoming.id if upcoming else None,
        "progress": list(intake_flow.progress(conversation.answers, facts)),
    }


class CaseConsumer(ActorMemberConsumer):
    """One case, live: every screen of the intake (staff and the person's) hears each change.

    Messages carry no case content, only what changed and the revision; screens fetch
    the content over HTTP, where it is audited and rendered in the reader's language.
    """

    async def admitted(self) -> None:
        code = self.scope["url_route"]["kwargs"]["code"]
        state = await in_tenant(self.tenant, _case_state, code)
        if state is None:
            await self.close(code=CLOSE_UNKNOWN_ACTOR)
            return
        await self.join(case_group(self.tenant.schema_name, code))
        await self.send_json({"type": "state", "code": code, **state})

    async def case_changed(self, event):
        await self.send_json({"type": "changed", **event["payload"]})

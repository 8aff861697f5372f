"""Live updates at one actor, over websockets.

Every database call goes through `in_tenant` (portal/channels_tenancy.py): the consumer
shares its database connection with every other consumer of the process.

A socket lives no longer than the right to it: it joins its session's group, so logging
out closes it (portal.accounts.sessions), and before every message it sends it asks
again whether the session is still logged in with both factors and the user still a
member here. Refusals and what a screen is sent first (the snapshot) are audited.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from intake import notifications
from intake.selectors import case_list, notifications_unread
from portal.access import roles_here
from portal.accounts.sessions import session_group, session_still_valid
from portal.audit import audit_event, where, where_of_scope
from portal.broadcast import actor_group, case_group
from portal.channels_tenancy import in_tenant, in_public
from portal.roles import ACTOR_ROLES

# Close codes in the private 4000 range: the client can tell why it was refused.
CLOSE_UNKNOWN_ACTOR = 4404
CLOSE_NOT_LOGGED_IN = 4401
CLOSE_NOT_A_MEMBER = 4403


def _member_roles(user, tenant) -> set[str]:
    return roles_here(user, tenant) & set(ACTOR_ROLES)


def _still_allowed(session_key, user, tenant) -> bool:
    from portal.models import User

    if not session_still_valid(session_key, user.pk):
        return False
    fresh = User.objects.filter(pk=user.pk, is_active=True).first()
    return fresh is not None and bool(_member_roles(fresh, tenant))


def _audit_case_read(user, action: str, *, case_code: str | None = None, **detail) -> None:
    """A websocket's read of case data, in the actor's own audit log."""
    from intake.models import Case, CaseAuditEntry

    case = Case.objects.filter(code=case_code).first() if case_code else None
    CaseAuditEntry.objects.create(user=user, case=case, action=action, detail=detail)


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
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None)
        self.roles: set[str] = set()
        if self.tenant is None or self.tenant.schema_name == "public":
            await self.refuse(CLOSE_UNKNOWN_ACTOR)
        elif self.user is None or not self.user.is_authenticated:
            await self.refuse(CLOSE_NOT_LOGGED_IN)
        elif not await in_tenant(self.tenant, _still_allowed, self.session_key, self.user, self.tenant):
            await self.refuse(CLOSE_NOT_A_MEMBER)
        else:
            self.roles = await in_tenant(self.tenant, _member_roles, self.user, self.tenant)
            await self.admitted()

    def where(self):
        return where(where_of_scope(self.scope, roles=self.roles))

    async def refuse(self, code: int) -> None:
        user = self.user if self.user is not None and self.user.is_authenticated else None
        schema = self.tenant.schema_name if self.tenant is not None else "public"

        def record():
            with self.where():
                audit_event(user=user, action="socket_refused", schema_name=schema,
                            path=self.scope.get("path", ""), close_code=code,
                            case_code=str(self.scope.get("url_route", {}).get("kwargs", {}).get("code", "")))

        await in_public(record)
        await self.close(code=code)

    async def audit_read(self, action: str, **detail) -> None:
        def record():
            with self.where():
                _audit_case_read(self.user, action, **detail)

        await in_tenant(self.tenant, record)

    async def join(self, group: str) -> None:
        self.group = group
        await self.channel_layer.group_add(group, self.channel_name)
        if self.session_key:
            self.session_group = session_group(self.session_key)
            await self.channel_layer.group_add(self.session_group, self.channel_name)
        await self.accept()

    async def send_json(self, content, close=False):
        """Every message re-checks that this session may still hear it."""
        if not await in_tenant(self.tenant, _still_allowed, self.session_key, self.user, self.tenant):
            await self.close(code=CLOSE_NOT_LOGGED_IN)
            return
        await super().send_json(content, close=close)

    async def session_ended(self, event):
        await self.close(code=CLOSE_NOT_LOGGED_IN)

    async def admitted(self) -> None:
        # A subclass that says nothing to join admits nobody (fail closed).
        await self.close(code=CLOSE_NOT_A_MEMBER)

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)
        if hasattr(self, "session_group"):
            await self.channel_layer.group_discard(self.session_group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        return  # screens only listen


class NotificationsConsumer(ActorMemberConsumer):
    """Notifications for the logged-in member of the actor whose host the socket opened on."""

    async def admitted(self) -> None:
        self.lang = getattr(self.user, "preferred_language", "sv") or "sv"
        await self.join(actor_group(self.tenant.schema_name))
        snapshot = await in_tenant(self.tenant, _snapshot, self.user, self.lang)
        # The snapshot lists the actor's case codes: a read of case data.
        await self.audit_read("socket_snapshot", cases=len(snapshot["cases"]))
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
            await self.refuse(CLOSE_UNKNOWN_ACTOR)
            return
        await self.join(case_group(self.tenant.schema_name, code))
        await self.audit_read("socket_case_state", case_code=code)
        await self.send_json({"type": "state", "code": code, **state})

    async def case_changed(self, event):
        await self.send_json({"type": "changed", **event["payload"]})

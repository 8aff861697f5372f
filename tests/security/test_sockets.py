"""Websockets live no longer than the right to them, and open only from their own host."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from portal.asgi import application
from portal.broadcast import actor_group
from portal.models import AuditEvent, Membership
from portal.roles import Role
from tests.helpers import host_of_actor, login_verified

pytestmark = pytest.mark.django_db(transaction=False)

LIND = host_of_actor("lindskyddet")
NORR = host_of_actor("norrbro")


def socket(host: str, session_key: str | None, *, origin: str | None = None, path="/ws/notifications/"):
    headers = [(b"host", host.encode()), (b"origin", (origin or f"http://{host}").encode()),
               (b"user-agent", b"pytest-ws/1.0")]
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def fresh_session(user, host: str) -> Client:
    client = Client(HTTP_HOST=host)
    login_verified(client, user)
    return client


async def test_logout_closes_every_socket_of_that_session(demo_users):
    client = await sync_to_async(fresh_session)(demo_users["lindskyddet.staff"], LIND)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    first, second = socket(LIND, key), socket(LIND, key, path="/ws/notifications/")
    assert (await first.connect())[0] and (await second.connect())[0]
    await first.receive_json_from(timeout=5)
    await second.receive_json_from(timeout=5)
    response = await sync_to_async(client.post)("/accounts/logout/")
    assert response.status_code == 302
    for open_socket in (first, second):
        closed = await open_socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 4401}


async def test_a_socket_stops_hearing_once_the_membership_is_gone(demo_users, demo_actors):
    user = demo_users["norrbro.admin"]
    client = await sync_to_async(fresh_session)(user, NORR)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    listener = socket(NORR, key)
    assert (await listener.connect())[0]
    await listener.receive_json_from(timeout=5)

    # Committed (channels' database thread reads it), and put back afterwards.
    def drop_membership():
        Membership.objects.filter(user=user, actor=demo_actors["norrbro"]).delete()

    def restore_membership():
        Membership.objects.get_or_create(user=user, actor=demo_actors["norrbro"], role=Role.ACTOR_ADMIN)

    await sync_to_async(drop_membership)()
    try:
        await get_channel_layer().group_send(actor_group("norrbro"), {
            "type": "case.event", "payload": {"kind": "case_opened", "code": "X"}})
        closed = await listener.receive_output(timeout=5)
        assert closed["type"] == "websocket.close"
    finally:
        await sync_to_async(restore_membership)()
        await listener.disconnect()


async def test_origin_must_be_the_sockets_own_host(session_cookies):
    key = session_cookies["lindskyddet.staff"]
    foreign = socket(LIND, key, origin=f"http://{NORR}")
    connected, _ = await foreign.connect()
    assert not connected
    refused = await sync_to_async(
        lambda: AuditEvent.objects.filter(action="socket_refused", detail__reason="origin").latest("at"))()
    assert refused.schema_name == "lindskyddet" and refused.detail["origin"] == NORR
    assert refused.user_agent == "pytest-ws/1.0" and refused.channel == "websocket"

    port_differs = socket(LIND, key, origin=f"http://{LIND}:9999")
    assert not (await port_differs.connect())[0]
    own = socket(LIND, key)
    assert (await own.connect())[0]
    await own.disconnect()


async def test_refused_sockets_are_audited(session_cookies):
    probe = socket(LIND, session_cookies["norrbro.staff"], path="/ws/cases/NSP001/")
    assert not (await probe.connect())[0]
    refused = await sync_to_async(
        lambda: AuditEvent.objects.filter(action="socket_refused", username="norrbro.staff").latest("at"))()
    assert refused.schema_name == "lindskyddet" and refused.detail["close_code"] == 4403
    assert refused.case_code == "NSP001"


async def test_the_snapshot_is_audited_in_the_actors_log(session_cookies, demo_actors):
    from django_tenants.utils import tenant_context

    from intake.models import CaseAuditEntry

    listener = socket(LIND, session_cookies["lindskyddet.staff"])
    assert (await listener.connect())[0]
    snapshot = await listener.receive_json_from(timeout=5)
    assert snapshot["type"] == "snapshot"
    await listener.disconnect()

    def latest():
        with tenant_context(demo_actors["lindskyddet"]):
            return CaseAuditEntry.objects.select_related("user").filter(action="socket_snapshot").latest("at")

    entry = await sync_to_async(latest)()
    assert entry.user.username == "lindskyddet.staff"
    assert entry.detail["cases"] == len(snapshot["cases"])


async def test_a_coordinator_socket_at_an_actor_is_refused(session_cookies):
    probe = socket(LIND, session_cookies["samordnare"])
    assert not (await probe.connect())[0]
    assert await sync_to_async(
        lambda: Membership.objects.filter(user__username="samordnare", role=Role.COORDINATOR).exists())()

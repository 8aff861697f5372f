"""Websockets resolve the actor from the host, authenticate, check membership, and
never mix two actors' data even when two consumers of two actors share the process."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django_tenants.utils import tenant_context

from intake.models import Case
from portal.asgi import application
from portal.broadcast import actor_group
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db


def communicator(host: str, session_key: str | None = None) -> WebsocketCommunicator:
    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode())]
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


def codes_of(actor) -> set[str]:
    with tenant_context(actor):
        return set(Case.objects.values_list("code", flat=True))


async def test_two_actors_at_once_each_see_only_their_own_data(demo_actors, session_cookies):
    from asgiref.sync import sync_to_async

    syd_codes = await sync_to_async(codes_of)(demo_actors["lindskyddet"])
    sthlm_codes = await sync_to_async(codes_of)(demo_actors["norrbro"])
    assert syd_codes and sthlm_codes and not syd_codes & sthlm_codes

    syd = communicator(host_of_actor("lindskyddet"), session_cookies["lindskyddet.staff"])
    sthlm = communicator(host_of_actor("norrbro"), session_cookies["norrbro.staff"])
    # Connect both concurrently so their database calls interleave on the shared thread.
    (ok_a, _), (ok_b, _) = await asyncio.gather(syd.connect(), sthlm.connect())
    assert ok_a and ok_b
    snap_a, snap_b = await asyncio.gather(syd.receive_json_from(timeout=5), sthlm.receive_json_from(timeout=5))
    assert set(snap_a["cases"]) == syd_codes
    assert set(snap_b["cases"]) == sthlm_codes

    # A broadcast to one actor reaches only that actor's sockets.
    layer = get_channel_layer()
    await layer.group_send(actor_group("lindskyddet"), {"type": "case.event", "payload": {"kind": "x", "code": "NSP-A"}})
    message = await syd.receive_json_from(timeout=5)
    assert message["code"] == "NSP-A"
    assert await sthlm.receive_nothing(timeout=0.3)

    # Many interleaved reconnects: every snapshot is still the right actor's.
    for _ in range(5):
        again_a = communicator(host_of_actor("lindskyddet"), session_cookies["lindskyddet.admin"])
        again_b = communicator(host_of_actor("norrbro"), session_cookies["norrbro.admin"])
        await asyncio.gather(again_a.connect(), again_b.connect())
        got_a, got_b = await asyncio.gather(again_a.receive_json_from(timeout=5), again_b.receive_json_from(timeout=5))
        assert set(got_a["cases"]) == syd_codes and set(got_b["cases"]) == sthlm_codes
        await asyncio.gather(again_a.disconnect(), again_b.disconnect())
    await asyncio.gather(syd.disconnect(), sthlm.disconnect())


@pytest.mark.parametrize("host, user, close_code", [
    (host_of_actor("norrbro"), "lindskyddet.staff", 4403),  # member of another actor
    (host_of_actor("lindskyddet"), "samordnare", 4403),      # the coordinator: no case data
    (host_of_actor("lindskyddet"), None, 4401),              # not logged in
    (PUBLIC_HOST, "samordnare", 4404),                       # the programme's host has no actor
])
async def test_refused_connections(session_cookies, host, user, close_code):
    socket = communicator(host, session_cookies[user] if user else None)
    connected, code = await socket.connect()
    assert not connected
    assert code == close_code


async def test_unknown_host_is_refused_by_the_origin_check():
    socket = communicator("evil.example")
    connected, _ = await socket.connect()
    assert not connected

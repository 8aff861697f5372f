"""Consumers' database calls run on the worker's thread pool, side by side: each call
must still see only its own actor's schema, with several actors' sockets at once."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django_tenants.utils import tenant_context

from intake.models import Case
from portal import channels_tenancy
from portal.asgi import application
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db

ACTORS = ("lindskyddet", "norrbro", "ankarstod")


def _socket(slug: str, session_key: str) -> WebsocketCommunicator:
    host = host_of_actor(slug)
    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode()),
               (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode())]
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


def _codes(actor) -> set[str]:
    with tenant_context(actor):
        return set(Case.objects.values_list("code", flat=True))


async def test_three_actors_many_sockets_at_once_each_see_only_their_own(demo_actors, session_cookies, monkeypatch):
    expected = {slug: await sync_to_async(_codes)(demo_actors[slug]) for slug in ACTORS}
    assert all(expected.values())
    threads: set[str] = set()
    original = channels_tenancy.tenant_context

    def recording(tenant):
        threads.add(threading.current_thread().name)
        return original(tenant)

    monkeypatch.setattr(channels_tenancy, "tenant_context", recording)
    sockets = [(slug, _socket(slug, session_cookies[f"{slug}.{role}"]))
               for _ in range(4) for slug in ACTORS for role in ("staff", "admin")]
    connected = await asyncio.gather(*(socket.connect(timeout=10) for _slug, socket in sockets))
    assert all(ok for ok, _code in connected)
    snapshots = await asyncio.gather(*(socket.receive_json_from(timeout=10) for _slug, socket in sockets))
    for (slug, _socket_), snapshot in zip(sockets, snapshots):
        assert set(snapshot["cases"]) == expected[slug], slug
    await asyncio.gather(*(socket.disconnect() for _slug, socket in sockets))
    # The calls ran on the pool's threads, not all on channels' one shared thread.
    assert len(threads) > 1

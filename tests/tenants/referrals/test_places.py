"""Free places: the actor's staff update them from the start page in two clicks, and every
open search page hears it at once (real websockets through the ASGI application)."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction

from portal.asgi import application
from portal.models import AuditEvent
from tenants.models import Actor
from tenants.referrals import services
from tenants.referrals.models import Availability
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.django_db


def free(slug: str) -> int:
    return Actor.objects.get(slug=slug).places_free


def test_the_start_page_shows_free_places_and_two_clicks_change_them(client_at, demo_users):
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    start = client.get("/cases/", follow=True).content.decode()
    assert 'data-testid="places-box"' in start and 'name="step" value="up"' in start
    before = free("lindskyddet")
    response = client.post("/referrals/places/", {"step": "up", "next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert free("lindskyddet") == before + 1
    client.post("/referrals/places/", {"step": "down", "next": "/cases/"})
    client.post("/referrals/places/", {"step": "down", "next": "/cases/"})
    assert free("lindskyddet") == before - 1
    availability = Availability.objects.get(actor__slug="lindskyddet")
    assert availability.places_updated_by == demo_users["lindskyddet.staff"]
    assert AuditEvent.objects.filter(action="places_update", detail__actor="lindskyddet",
                                     detail__after=before - 1).exists()


def test_steps_count_from_the_number_stored_even_with_the_host_cached(client_at, demo_users, settings):
    """The host's actor is kept per worker (portal/tenancy.py): two members' clicks must
    still count twice, and the start page must show the number stored, not the kept one."""
    settings.TENANT_CACHE_SECONDS = 30
    staff = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    admin = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.admin"])
    Actor.objects.filter(slug="lindskyddet").update(places_free=3)
    staff.get("/cases/")  # the host's actor is now kept, with 3
    admin.post("/referrals/places/", {"step": "down"})
    staff.post("/referrals/places/", {"step": "down"})
    assert free("lindskyddet") == 1
    assert '<strong class="places__count" data-testid="places-count">1</strong>' in staff.get("/cases/").content.decode()


def test_a_number_can_be_set_but_never_beyond_the_places(client_at, demo_users):
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.admin"])
    client.post("/referrals/places/", {"places_free": "5"})
    assert free("lindskyddet") == 5
    places = Actor.objects.get(slug="lindskyddet").places
    for wrong in (str(places + 1), "-1", "9" * 5000, "abc"):
        response = client.post("/referrals/places/", {"places_free": wrong}, follow=True)
        assert response.status_code == 200
        assert free("lindskyddet") == 5
    Actor.objects.filter(slug="lindskyddet").update(places_free=0)
    client.post("/referrals/places/", {"step": "down"})
    assert free("lindskyddet") == 0


def test_next_never_leaves_the_site(client_at, demo_users):
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    response = client.post("/referrals/places/", {"step": "up", "next": "https://evil.example.org/"})
    assert response["Location"] == "/cases/"


@pytest.mark.parametrize("host, username, status", [
    (host_of_actor("lindskyddet"), "norrbro.staff", 403),  # another actor's staff, on this host
    (host_of_actor("lindskyddet"), "samordnare", 403),     # the programme changes no actor's places
    (host_of_actor("lindskyddet"), "region.syd", 403),
    (PUBLIC_HOST, "samordnare", 404),                      # no such page on the programme's host
])
def test_only_the_actors_own_members_update_its_places(client_at, demo_users, host, username, status):
    before = {slug: free(slug) for slug in ("lindskyddet", "norrbro")}
    response = client_at(host, demo_users[username]).post("/referrals/places/", {"step": "up"})
    assert response.status_code == status
    assert {slug: free(slug) for slug in ("lindskyddet", "norrbro")} == before


def test_opening_a_case_offers_to_update_free_places_once(client_at, demo_users):
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.staff"])
    response = client.post("/cases/new/", {
        "initials": "P.O.", "birth_year": "1994", "nationality": "RO", "gender": "woman", "person_language": "sv",
        "children-TOTAL_FORMS": "0", "children-INITIAL_FORMS": "0"}, follow=True)
    body = response.content.decode()
    assert "A case was opened" in body or "Ett ärende öppnades" in body
    again = client.get(response.redirect_chain[-1][0]).content.decode()
    assert 'data-testid="places-box"' not in again


def test_an_update_is_broadcast_to_the_search_pages_after_commit(demo_users, django_capture_on_commit_callbacks):
    actor = Actor.objects.get(slug="norrbro")
    with django_capture_on_commit_callbacks() as callbacks:
        services.places_update(actor=actor, user=demo_users["norrbro.staff"], places_free=0)
    assert len(callbacks) == 1  # sent only once the change is committed
    with pytest.raises(services.ReferralInvalid):
        with transaction.atomic():
            services.places_update(actor=actor, user=demo_users["norrbro.staff"], places_free=actor.places + 1)


# --- real websockets -------------------------------------------------------------------------


def communicator(host: str, session_key: str | None) -> WebsocketCommunicator:
    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode())]
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return WebsocketCommunicator(application, "/ws/places/", headers=headers)


def _update(slug: str, username: str, value: int) -> int:
    """Committed on purpose, in a thread of its own, as the view would: the broadcast goes
    out on commit. Returns the value before, to put back."""
    from portal.models import User

    actor = Actor.objects.get(slug=slug)
    before = actor.places_free
    services.places_update(actor=actor, user=User.objects.get(username=username), places_free=value)
    return before


def _restore(slug: str, value: int) -> None:
    Actor.objects.filter(slug=slug).update(places_free=value)


async def test_every_open_search_page_hears_an_update_at_once(session_cookies):
    syd = communicator(PUBLIC_HOST, session_cookies["region.syd"])
    coordinator = communicator(PUBLIC_HOST, session_cookies["samordnare"])
    (ok_a, _), (ok_b, _) = await asyncio.gather(syd.connect(), coordinator.connect())
    assert ok_a and ok_b
    first = await syd.receive_json_from(timeout=5)
    assert first["type"] == "snapshot" and first["places"]["norrbro"] == 1  # demo: 1 free
    assert set(first["places"]) >= {"lindskyddet", "norrbro", "ankarstod"}
    await coordinator.receive_json_from(timeout=5)
    before = await sync_to_async(_update, thread_sensitive=False)("lindskyddet", "lindskyddet.staff", 1)
    try:
        got_a, got_b = await asyncio.gather(syd.receive_json_from(timeout=5), coordinator.receive_json_from(timeout=5))
        for got in (got_a, got_b):
            assert got["type"] == "places" and got["actor"] == "lindskyddet" and got["places_free"] == 1
            assert set(got) == {"type", "actor", "places_free", "updated_at"}  # no case data
    finally:
        await sync_to_async(_restore, thread_sensitive=False)("lindskyddet", before)
        await asyncio.gather(syd.disconnect(), coordinator.disconnect())


@pytest.mark.parametrize("host, user, close_code", [
    (PUBLIC_HOST, "lindskyddet.staff", 4403),          # an actor's staff: not the programme
    (PUBLIC_HOST, None, 4401),                          # not logged in
    (host_of_actor("lindskyddet"), "lindskyddet.staff", 4404),  # only on the programme's host
    (host_of_actor("lindskyddet"), "region.syd", 4404),
])
async def test_refused_listeners(session_cookies, host, user, close_code):
    socket = communicator(host, session_cookies[user] if user else None)
    connected, code = await socket.connect()
    assert not connected and code == close_code


async def test_an_answered_referral_is_told_to_its_coordinator_only(session_cookies, demo_users):
    from channels.layers import get_channel_layer

    syd = communicator(PUBLIC_HOST, session_cookies["region.syd"])
    coordinator = communicator(PUBLIC_HOST, session_cookies["samordnare"])
    await asyncio.gather(syd.connect(), coordinator.connect())
    await asyncio.gather(syd.receive_json_from(timeout=5), coordinator.receive_json_from(timeout=5))  # snapshots
    await get_channel_layer().group_send(services.PLACES_GROUP, {"type": "referral.changed", "payload": {
        "referral": 7, "status": "accepted", "coordinator": demo_users["region.syd"].pk}})
    assert await syd.receive_json_from(timeout=5) == {"type": "referral", "referral": 7, "status": "accepted"}
    assert await coordinator.receive_nothing(timeout=0.3)
    await asyncio.gather(syd.disconnect(), coordinator.disconnect())

"""The intake live: a second screen hears every answer at once; other actors hear nothing."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from intake.models import Case
from intake.selectors import case_facts
from intake.services import answer_give, case_open
from portal.asgi import application
from tests.helpers import host_of_actor

pytestmark = pytest.mark.django_db


def communicator(slug: str, code: str, session_key: str) -> WebsocketCommunicator:
    host = host_of_actor(slug)
    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode()),
               (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode())]
    return WebsocketCommunicator(application, f"/ws/cases/{code}/", headers=headers)


def _open(actor, user) -> str:
    # Committed on purpose: the consumer reads on channels' own database thread.
    with tenant_context(actor):
        return case_open(user=user, initials="W.S.", birth_year=1990, nationality="SE", gender="woman").code


def _answer_first(actor, user, code) -> tuple[str, str]:
    with tenant_context(actor):
        case = Case.objects.get(code=code)
        first = intake_flow.next_question({}, case_facts(case))
        answer_give(case=case, user=user, question_id=first.id, raw=["social_services"], lang="sv")
        following = intake_flow.next_question(case.conversation.answers, case_facts(case))
        return first.id, following.id


def _remove(actor, code) -> None:
    with tenant_context(actor):
        Case.objects.filter(code=code).delete()


async def test_the_second_screen_receives_the_next_question_and_other_actors_nothing(
        demo_actors, demo_users, session_cookies):
    syd, sthlm = demo_actors["lindskyddet"], demo_actors["norrbro"]
    staff = demo_users["lindskyddet.staff"]
    code = await sync_to_async(_open)(syd, staff)
    try:
        person_screen = communicator("lindskyddet", code, session_cookies["lindskyddet.admin"])
        connected, _ = await person_screen.connect()
        assert connected
        state = await person_screen.receive_json_from(timeout=5)
        assert state["type"] == "state" and state["revision"] == 0
        assert state["question_id"] == "complementarity.authorities"

        # Another actor's member cannot listen to this case, on either host.
        outsider = communicator("norrbro", code, session_cookies["norrbro.staff"])
        connected, close_code = await outsider.connect()
        assert not connected and close_code == 4404  # no such case at that actor
        intruder = communicator("lindskyddet", code, session_cookies["norrbro.staff"])
        connected, close_code = await intruder.connect()
        assert not connected and close_code == 4403
        # A socket on another actor's case with the same code space hears nothing either.
        other_code = await sync_to_async(lambda: _first_code(sthlm))()
        other = communicator("norrbro", other_code, session_cookies["norrbro.staff"])
        assert (await other.connect())[0]
        await other.receive_json_from(timeout=5)

        # The answer is committed in a thread of its own, as a view would do it.
        first_id, next_id = await sync_to_async(_answer_first, thread_sensitive=False)(syd, staff, code)
        changed = await person_screen.receive_json_from(timeout=5)
        assert changed == {"type": "changed", "code": code, "event": "answered", "revision": 1,
                           "question_id": next_id, "progress": changed["progress"]}
        assert changed["progress"][0] == 1
        assert await other.receive_nothing(timeout=0.3)
        await asyncio.gather(person_screen.disconnect(), other.disconnect())
    finally:
        await sync_to_async(_remove)(syd, code)


def _first_code(actor) -> str:
    with tenant_context(actor):
        return Case.objects.values_list("code", flat=True).first()


async def test_a_case_socket_needs_a_logged_in_member(demo_actors, session_cookies):
    code = await sync_to_async(_first_code)(demo_actors["lindskyddet"])
    for session in (None, session_cookies["samordnare"]):
        host = host_of_actor("lindskyddet")
        headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode())]
        if session:
            headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()))
        socket = WebsocketCommunicator(application, f"/ws/cases/{code}/", headers=headers)
        connected, close_code = await socket.connect()
        assert not connected and close_code in (4401, 4403)

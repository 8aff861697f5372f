"""The intake step sends only what changed (issue 14): a new answer at the end of the
transcript brings back its own line and the next question, not the whole conversation,
so the response no longer grows with every answer. Anything else (a retry, a page that was
behind, a changed answer) gets the whole chat, as before."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from intake.services import case_open
from tests.browser.people import FACTS, raw_for, script
from tests.helpers import host_of_actor
from tests.intake.intake_helpers import post_data

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "chat"}


@pytest.fixture
def intake(client_at, demo_actors, demo_users):
    staff_user = demo_users[f"{ACTOR}.staff"]
    with tenant_context(demo_actors[ACTOR]):
        case = case_open(user=staff_user, initials="S.T.", birth_year=1990, nationality="RO", gender="woman")
    client = client_at(host_of_actor(ACTOR), staff_user)
    state = {"answers": {}, "revision": 0, "script": script()}

    def answer(headers=HTMX, revision=None):
        question = intake_flow.next_question(state["answers"], FACTS)
        raw = raw_for(question, state["script"])
        sent = state["revision"] if revision is None else revision
        response = client.post(f"/cases/{case.code}/intake/answer/",
                               {**post_data(question, raw), "revision": str(sent)}, **headers)
        assert response.status_code == 200
        state["answers"][question.id] = intake_flow.validate_answer(question, raw, "sv",
                                                                    today=timezone.localdate())
        state["revision"] += 1
        return question, response

    return answer


def lines_in(response) -> int:
    return response.content.decode().count('class="bubble-pair"')


def test_a_step_forward_brings_one_line_and_the_next_question(intake):
    intake()  # the first answer replaces the "no answers yet" line: the whole chat
    sizes = []
    for number in range(2, 25):
        question, response = intake()
        body = response.content.decode()
        assert response["HX-Retarget"] == "#current-question" and response["HX-Reswap"] == "outerHTML"
        assert lines_in(response) == 1 and 'hx-swap-oob="beforeend:#chat-log"' in body
        assert intake_flow.question_text(question, "sv") in body  # the line just answered
        assert f'data-revision="{number}"' in body
        sizes.append(len(body))
    # It does not grow with the transcript (a long question may be longer than a short one).
    assert max(sizes[-5:]) < 3 * min(sizes[:5]), sizes


def test_a_retry_or_a_page_behind_gets_the_whole_chat(intake):
    for _ in range(3):
        intake()
    # portal.js's retry sends no HX-Target: the page may have missed anything.
    _, response = intake(headers={"HTTP_HX_REQUEST": "true"})
    assert "HX-Retarget" not in response and lines_in(response) == 4
    assert 'id="chat-log"' in response.content.decode()


def test_a_page_that_was_behind_is_not_sent_a_step(intake):
    for _ in range(3):
        intake()
    _, response = intake(revision=1)  # the page showed revision 1; the intake is at 3
    assert "HX-Retarget" not in response
    assert 'id="chat-log"' in response.content.decode()

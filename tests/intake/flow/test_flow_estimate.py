"""The intake's position: question N and a range left, never going backwards going forward."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.flow import load_questions, next_question, progress, validate_answer
from intake.flow.estimate import position
from tests.intake.flow.test_flow_paths import ADULT, GENDERS, TODAY, random_raw

BANK = load_questions()


def test_the_first_question_is_number_one_with_a_range_left():
    where = position({}, ADULT)
    assert where.number == 1
    assert 1 <= where.left_at_least < where.left_at_most
    # Everything the flow could ask is inside the range's top.
    assert where.left_at_most >= progress({}, ADULT)[1]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1),
       age_group=st.sampled_from(["adult", "child"]), gender=st.sampled_from(GENDERS),
       children=st.integers(min_value=0, max_value=2))
def test_going_forward_the_number_grows_by_one_and_the_bar_never_moves_back(seed, age_group, gender, children):
    rng = random.Random(seed)
    case = {"age_group": age_group, "gender": gender, "children_accompanying": children}
    answers: dict = {}
    before = position(answers, case)
    while (question := next_question(answers, case, bank=BANK)) is not None:
        assert before.left_at_least >= 1
        assert before.left_at_least <= before.left_at_most
        answers[question.id] = validate_answer(question, random_raw(question, rng), "sv", today=TODAY)
        after = position(answers, case, bank=BANK)
        assert after.number == before.number + 1
        # The bar (answered of answered + at most left) only grows: the top never rises.
        assert after.bar_max <= before.bar_max
        assert after.answered * before.bar_max >= before.answered * after.bar_max
        before = after
    assert before.left_at_least == 0 and before.left_at_most == 0
    assert before.answered == progress(answers, case)[0] == progress(answers, case)[1]


def test_requests_to_an_authority_count_as_may_come_until_they_are_chosen():
    chosen = {"complementarity.authorities": ["social_services"]}
    before = position(chosen, ADULT)
    # What social services was asked for is to come; up to seven requests of four questions may.
    assert before.left_at_most - before.left_at_least >= 7 * 4
    asked = {**chosen, "authority.social_services.asked_for": ["shelter", "financial_support"]}
    after = position(asked, ADULT)
    assert after.answered == before.answered + 1
    assert after.bar_max <= before.bar_max
    # Two outcomes to come now; each request's decision and reasons may follow.
    assert after.left_at_least == before.left_at_least - 1 + 2
    assert after.left_at_most - after.left_at_least == before.left_at_most - before.left_at_least - 7 * 4 + 2 * 3

"""Answers that several parts of a page ask for are computed once per request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal.request_memo import RequestMemoMiddleware, per_request
from tenants.years.models import ProgrammeYear
from tenants.years.rulesets import active_rulesets

pytestmark = pytest.mark.django_db


def test_once_per_request_and_as_usual_outside_one():
    calls = []

    @per_request
    def answer():
        calls.append(1)
        return len(calls)

    assert (answer(), answer()) == (1, 2)  # no request: computed each time

    def view(request):
        return (answer(), answer())

    assert RequestMemoMiddleware(view)(RequestFactory().get("/")) == (3, 3)
    assert RequestMemoMiddleware(view)(RequestFactory().get("/")) == (4, 4)  # the next request anew


def _queries_of_five_calls() -> int:
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            active_rulesets()
    return len(queries)


def test_active_rulesets_is_one_query_per_request():
    active_rulesets()  # the stored years are loaded once per process
    assert _queries_of_five_calls() == 5
    assert RequestMemoMiddleware(lambda request: _queries_of_five_calls())(RequestFactory().get("/")) == 1


def test_a_year_saved_in_the_request_is_seen_by_the_rest_of_it():
    def view(request):
        before = active_rulesets()
        year = ProgrammeYear.objects.order_by("year").first()
        if year is None:
            return None
        year.save()
        return before is not active_rulesets()

    assert RequestMemoMiddleware(view)(RequestFactory().get("/")) in (True, None)

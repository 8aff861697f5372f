"""Answers computed once per request: what several parts of one page ask for.

A function decorated with `per_request` runs once per HTTP request (the middleware
opens and closes the memo) and as usual outside one (commands, consumers, tests).
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import wraps
from typing import Callable, TypeVar

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("nsp_request_memo", default=None)


def per_request(fn: Callable[[], T]) -> Callable[[], T]:
    @wraps(fn)
    def memoised() -> T:
        memo = _memo.get()
        if memo is None:
            return fn()
        if fn not in memo:
            memo[fn] = fn()
        return memo[fn]

    return memoised


def forget() -> None:
    """After a change within the request that a memoised answer depends on."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)

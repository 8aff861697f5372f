"""The circumstances of the request or websocket event being handled, for audit rows.

Its own module so that the models (which fill every audit row from it) and the audit
helpers need not import each other.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """The circumstances of one request or websocket event, as the audit keeps them."""

    host: str = ""
    ip: str | None = None
    user_agent: str = ""
    roles: str = ""
    channel: str = "command"  # http, websocket or command


_current: contextvars.ContextVar[Where] = contextvars.ContextVar("nsp_audit_where", default=Where())


def current_where() -> Where:
    return _current.get()


@contextmanager
def where(value: Where):
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)

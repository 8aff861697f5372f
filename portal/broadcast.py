"""Websocket broadcasts go out only after the transaction that caused them commits.

A listener that hears of a change must be able to read it; a rolled-back change must
never be announced (Zulip's send_event_on_commit).
"""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def actor_group(schema_name: str) -> str:
    """Everything live at one actor: only that actor's members can join it."""
    return f"actor.{schema_name}"


def case_group(schema_name: str, case_code: str) -> str:
    """One case's intake and decisions, live: staff screens and the person's screen."""
    return f"case.{schema_name}.{case_code}"


def send_on_commit(group: str, event_type: str, payload: dict) -> None:
    def send():
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, {"type": event_type, "payload": payload})

    transaction.on_commit(send)

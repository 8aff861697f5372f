"""The plans and purchase requests that go with an application, as the coordinator reads
them when deciding (issue 10, "What the programme sees").

They stay in the actor's schema: the actor's side registers a reader at start-up
(`documents_reader`, like tenants.services.decision_receiver), which reads them in that
one actor's schema and writes the coordinator's read to the actor's own audit log. So the
programme never imports the actors' code and keeps no copy of their text.
"""

from __future__ import annotations

from collections.abc import Callable

_readers: list[Callable[..., list[dict]]] = []


def documents_reader(reader: Callable[..., list[dict]]) -> Callable[..., list[dict]]:
    """Register reader(actor=, local_id=, coordinator=, lang=) -> [document as plain data]."""
    if reader not in _readers:
        _readers.append(reader)
    return reader


def application_documents(*, application, coordinator, lang: str) -> list[dict]:
    documents: list[dict] = []
    for reader in _readers:
        documents.extend(reader(actor=application.actor, local_id=application.local_id, coordinator=coordinator,
                                lang=lang))
    return documents

"""What needs the coordinator: the lines of her start page, from a small list of providers.

A provider is one function that reads public rows (one query or a few, never a loop over
the actors' schemas) and returns the lines it has for her now, or none. Each capability
adds its own with one decorator, from its module or its AppConfig.ready():

    from tenants.attention import Attention, attention_provider

    @attention_provider(order=30)
    def periods_ending(today):
        rows = ...  # public rows only
        return [Attention(key="periods_ending", text=_("…"), url=programme_url("tenants:inbox"),
                          count=len(rows),
                          items=[AttentionLine(text=..., url=..., age_days=...)])]

`order` places the line on the page (lower first): 10 new applications, 20 budget,
30 periods ending without a follow-up application, 40 overdue reports, 50 certification
actions, 60 certifications expiring. A provider that fails is logged and left out: the
start page must open even when one capability is broken.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

logger = logging.getLogger(__name__)


@dataclass
class AttentionLine:
    """One thing under a heading: a link to where she acts, with its age if it waits."""

    text: str
    url: str = ""
    age_days: int | None = None


@dataclass
class Attention:
    """A heading of the start page: what, how many, where to act, and the first few."""

    key: str
    text: str
    url: str = ""
    count: int = 0
    severity: str = "warn"  # or "danger"
    items: list[AttentionLine] = field(default_factory=list)


Provider = Callable[[date], list[Attention]]
_providers: list[tuple[int, str, Provider]] = []


def attention_provider(order: int = 100) -> Callable[[Provider], Provider]:
    """Register a provider of start-page lines (idempotent: registering twice keeps one)."""

    def register(provider: Provider) -> Provider:
        name = f"{provider.__module__}.{provider.__qualname__}"
        if all(existing != name for _order, existing, _p in _providers):
            _providers.append((order, name, provider))
            _providers.sort(key=lambda entry: (entry[0], entry[1]))
        return provider

    return register


def attention_items(today: date) -> list[Attention]:
    """Every provider's lines, in order; those with nothing to say are left out."""
    found: list[Attention] = []
    for _order, name, provider in list(_providers):
        try:
            found.extend(item for item in provider(today) or [] if item.count)
        except Exception:  # one broken capability must not close the start page
            logger.exception("attention provider %s failed", name)
    return found


def programme_url(name: str, *args) -> str:
    """A programme page's address, from anywhere (the programme's URLs are not the actors')."""
    from django.conf import settings
    from django.urls import reverse

    return reverse(name, args=args, urlconf=settings.PUBLIC_SCHEMA_URLCONF)


def providers() -> list[str]:
    return [name for _order, name, _provider in _providers]

"""Demo budgets: last year's and this year's, with one transfer, so the budget page and
the start page's "posts near their end" have something to show."""

from __future__ import annotations

from django.utils import timezone

from portal.models import User
from tenants.budget import services
from tenants.budget.forms import DEFAULT_POSTS
from tenants.budget.models import Budget

# 2025 distributed 3 115 133 SEK to direct interventions (seed 002, 1.2).
AMOUNTS = {"reflection": 700_000, "extended": 1_900_000, "integration": 315_133, "point": 200_000}


def load() -> None:
    coordinator = User.objects.filter(username="samordnare").first()
    if coordinator is None:
        return
    this_year = timezone.localdate().year
    # This year's point interventions get the 2016 pilot's 15 000 ("Tabell 2"): near its end.
    for year, amounts in ((this_year - 1, AMOUNTS), (this_year, {**AMOUNTS, "point": 15_000 + 20_000})):
        if Budget.objects.filter(year=year).exists():
            continue
        posts = [{**post, "amount": amounts[post["key"]]} for post in DEFAULT_POSTS]
        budget = services.budget_create(year=year, posts=posts, user=coordinator,
                                        note="Demo: fördelat efter 2025 års utfall (årsrapport 2025, avsnitt 1.2).")
        by_key = dict(zip([post["key"] for post in DEFAULT_POSTS], budget.posts.order_by("position")))
        services.budget_transfer(from_post=by_key["point"], to_post=by_key["extended"],
                                 amount=20_000, reason="Fler förlängningar än väntat (demo).",
                                 user=coordinator)

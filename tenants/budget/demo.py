"""Demo budgets: last year's and this year's, with one transfer each, so the budget page
and the start page's "posts near their end" have something to show."""

from __future__ import annotations

from django.utils import timezone

from portal.models import User
from tenants.budget import services
from tenants.budget.forms import DEFAULT_POSTS
from tenants.budget.models import Budget
from tenants.statistics.selectors import year_vocabulary
from tenants.statistics.sql import committed_by_month

# 2025 distributed 3 115 133 SEK to direct interventions (seed 002, 1.2).
AMOUNTS = {"reflection": 1_000_000, "extended": 1_600_000, "integration": 315_133, "point": 200_000}
MOVED = 20_000  # from point interventions to the extended periods, once a year


def _point_committed(year: int) -> int:
    codes = next(post["interventions"] for post in DEFAULT_POSTS if post["key"] == "point")
    supplements, _order, _names = year_vocabulary(year, "sv")
    return sum(amount for code, _month, amount in committed_by_month(year=year, supplements=supplements)
               if code in codes)


def load() -> None:
    coordinator = User.objects.filter(username="samordnare").first()
    if coordinator is None:
        return
    this_year = timezone.localdate().year
    # This year's point interventions are near their end: 5 % left after what is granted so far.
    this_years = {**AMOUNTS, "point": round(_point_committed(this_year) / 0.95) + MOVED + 1_000}
    for year, amounts in ((this_year - 1, AMOUNTS), (this_year, this_years)):
        if Budget.objects.filter(year=year).exists():
            continue
        posts = [{**post, "amount": amounts[post["key"]]} for post in DEFAULT_POSTS]
        budget = services.budget_create(year=year, posts=posts, user=coordinator,
                                        note="Demo: fördelat efter 2025 års utfall (årsrapport 2025, avsnitt 1.2).")
        by_key = dict(zip([post["key"] for post in DEFAULT_POSTS], budget.posts.order_by("position")))
        services.budget_transfer(from_post=by_key["point"], to_post=by_key["extended"], amount=MOVED,
                                 reason="Fler förlängningar än väntat (demo).", user=coordinator)

"""The start page's line for budget posts near their end (this year's budget)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, get_language

from portal.formatting import sek
from tenants.attention import Attention, AttentionLine, attention_provider, programme_url
from tenants.budget.models import Budget
from tenants.budget.selectors import budget_figures


@attention_provider(order=20)
def budget_posts_near_end(today: date) -> list[Attention]:
    if not Budget.objects.filter(year=today.year).exists():
        return []
    lang = (get_language() or "sv").split("-")[0]
    figures = budget_figures(year=today.year, lang=lang)
    near = [post for post in figures.posts if post.near_end]
    if not near:
        return []
    url = programme_url("tenants:budget_year", today.year)
    return [Attention(
        key="budget_posts", count=len(near), url=url,
        text=ngettext("%(n)s budget post is near its end", "%(n)s budget posts are near their end",
                      len(near)) % {"n": len(near)},
        severity="danger" if any(post.remaining < 0 for post in near) else "warn",
        items=[AttentionLine(text=_("%(post)s: %(remaining)s left of %(budgeted)s") % {
            "post": post.name, "remaining": sek(post.remaining), "budgeted": sek(post.budgeted)}, url=url)
            for post in near])]

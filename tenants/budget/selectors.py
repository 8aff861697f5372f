"""Reads for the budget: the posts of a year with what is committed, from one query over
the public schema's granted applications (the statistics' own rows and counting rules)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tenants.budget.models import Budget, BudgetPost
from tenants.statistics import compute
from tenants.statistics.selectors import committed, year_vocabulary

OTHER = "other"  # committed money of interventions no post names


@dataclass
class PostFigures:
    post: BudgetPost | None
    name: str
    original: int
    budgeted: int
    committed: int = 0
    by_month: dict[int, int] = field(default_factory=dict)  # month → committed in it

    @property
    def remaining(self) -> int:
        return self.budgeted - self.committed

    @property
    def near_end(self) -> bool:
        """Less than a tenth of the post is left (or it is overdrawn)."""
        return self.budgeted > 0 and self.remaining < self.budgeted / 10


@dataclass
class BudgetFigures:
    year: int
    budget: Budget | None
    posts: list[PostFigures]
    unassigned: PostFigures

    @property
    def budgeted(self) -> int:
        return sum(p.budgeted for p in self.posts)

    @property
    def original(self) -> int:
        return sum(p.original for p in self.posts)

    @property
    def committed(self) -> int:
        return sum(p.committed for p in self.posts) + self.unassigned.committed

    @property
    def remaining(self) -> int:
        return self.budgeted - self.committed


def budget_of(year: int) -> Budget | None:
    return Budget.objects.filter(year=year).prefetch_related("posts").first()


def post_for(posts: list[BudgetPost], code: str) -> BudgetPost | None:
    return next((post for post in posts if code in (post.interventions or [])), None)


def budget_figures(*, year: int, lang: str = "sv") -> BudgetFigures:
    """Budgeted, committed (granted) and remaining per post, and per month for the chart."""
    budget = budget_of(year)
    posts = list(budget.posts.all()) if budget else []
    figures = {post.pk: PostFigures(post=post, name=post.name(lang), original=post.original_amount,
                                    budgeted=post.current_amount) for post in posts}
    unassigned = PostFigures(post=None, name="", original=0, budgeted=0)
    if budget is None:  # nothing to compare with: the grants are not read at all
        return BudgetFigures(year=year, budget=None, posts=[], unassigned=unassigned)
    supplements, _order, _names = year_vocabulary(year, lang)
    for code, month, amount in committed(year=year, supplements=supplements):
        post = post_for(posts, code)
        target = figures[post.pk] if post else unassigned
        target.committed += amount
        target.by_month[month] = target.by_month.get(month, 0) + amount
    return BudgetFigures(year=year, budget=budget, posts=list(figures.values()), unassigned=unassigned)


def grant_shortfalls(*, year: int, items: list[dict]) -> list[tuple[PostFigures, int]]:
    """The posts a grant of `items` would take below zero: (the post's figures, the amount
    it would take from it). Empty when the year has no budget."""
    if not Budget.objects.filter(year=year).exists():
        return []
    figures = budget_figures(year=year)
    supplements, _order, _names = year_vocabulary(year, "sv")
    by_post: dict[int, int] = defaultdict(int)
    for item in compute.counted_interventions(items, supplements | compute.ALWAYS_SUPPLEMENTS):
        post = post_for([p.post for p in figures.posts], item["code"])
        if post is not None:
            by_post[post.pk] += int(item.get("amount") or 0)
    return [(post, by_post[post.post.pk]) for post in figures.posts
            if by_post.get(post.post.pk) and post.remaining - by_post[post.post.pk] < 0]


def budgets() -> list[Budget]:
    return list(Budget.objects.order_by("-year"))

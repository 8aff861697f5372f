"""Writes for the budget: every change is atomic and audited."""

from __future__ import annotations

from django.db import transaction

from portal.audit import audit_event
from tenants.budget.models import Budget, BudgetOverrun, BudgetPost, BudgetTransfer


class BudgetInvalid(ValueError):
    """A budget change that cannot be made; `field` names the form field at fault."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


@transaction.atomic
def budget_create(*, year: int, posts: list[dict], user, note: str = "") -> Budget:
    """A year's budget with its posts: [{"name_sv", "name_en", "interventions", "amount"}]."""
    if Budget.objects.filter(year=year).exists():
        raise BudgetInvalid("year", "exists")
    seen: set[str] = set()
    for post in posts:
        if int(post["amount"]) < 0:
            raise BudgetInvalid("amount", "negative")
        codes = set(post.get("interventions") or [])
        if codes & seen:
            raise BudgetInvalid("interventions", "code_twice")
        seen |= codes
    budget = Budget.objects.create(year=year, note=note)
    for position, post in enumerate(posts):
        BudgetPost.objects.create(
            budget=budget, name_sv=post["name_sv"], name_en=post["name_en"],
            interventions=list(post.get("interventions") or []), original_amount=int(post["amount"]),
            current_amount=int(post["amount"]), position=position,
        )
    audit_event(user=user, action="budget_create", year=year, total=sum(int(p["amount"]) for p in posts))
    return budget


@transaction.atomic
def budget_transfer(*, from_post: BudgetPost, to_post: BudgetPost, amount: int, reason: str, user) -> BudgetTransfer:
    """Move money between two posts of the same year, with a reason.

    A post may give only what it still has budgeted (never below zero); what is already
    committed stays where it was granted."""
    reason = (reason or "").strip()
    if not reason:
        raise BudgetInvalid("reason", "reason_required")
    if from_post.pk == to_post.pk or from_post.budget_id != to_post.budget_id:
        raise BudgetInvalid("to_post", "same_post")
    if amount <= 0:
        raise BudgetInvalid("amount", "not_positive")
    locked = {post.pk: post for post in BudgetPost.objects.select_for_update().filter(pk__in=[from_post.pk, to_post.pk])}
    source, target = locked[from_post.pk], locked[to_post.pk]
    if amount > source.current_amount:
        raise BudgetInvalid("amount", "more_than_post")
    source.current_amount -= amount
    target.current_amount += amount
    source.save(update_fields=["current_amount"])
    target.save(update_fields=["current_amount"])
    transfer = BudgetTransfer.objects.create(budget_id=source.budget_id, from_post=source, to_post=target,
                                             amount=amount, reason=reason, made_by=user)
    audit_event(user=user, action="budget_transfer", year=source.budget.year, from_post=source.pk,
                to_post=target.pk, amount=amount, transfer=transfer.pk)
    return transfer


@transaction.atomic
def budget_overrun_record(*, application, shortfalls: list, motivation: str, user) -> list[BudgetOverrun]:
    """The coordinator grants although posts go below zero: her motivation, per post."""
    motivation = (motivation or "").strip()
    if not motivation:
        raise BudgetInvalid("budget_motivation", "motivation_required")
    overruns = [
        BudgetOverrun.objects.create(application=application, post=figures.post, remaining_before=figures.remaining,
                                     amount=amount, motivation=motivation, decided_by=user)
        for figures, amount in shortfalls
    ]
    audit_event(user=user, action="budget_overrun", application=application.pk,
                posts=[figures.post.pk for figures, _amount in shortfalls])
    return overruns


class BudgetShortfall(BudgetInvalid):
    """The grant would take posts below zero and no motivation was given: ask for one."""

    def __init__(self, shortfalls: list):
        super().__init__("budget_motivation", "shortfall")
        self.shortfalls = shortfalls


def granted_items(*, application, kind: str, days: dict | None = None, amounts: dict | None = None) -> list[dict]:
    """What a decision of `kind` would grant (nothing for a refusal or a question)."""
    from tenants.models import ApplicationStatus
    from tenants.services import DecisionInvalid, _granted_in_part

    if kind == ApplicationStatus.GRANTED:
        return list(application.interventions)
    if kind == ApplicationStatus.PARTLY_GRANTED:
        try:
            return _granted_in_part(application, days or {}, amounts or {})
        except DecisionInvalid:
            return []  # the decision itself says what is wrong
    return []


@transaction.atomic
def decision_with_budget(*, application, coordinator, kind: str, motivation: str, days=None, amounts=None,
                         supersedes=None, budget_motivation: str = "", admission: str | None = None):
    """Decide as tenants.services.application_decide does, but first check the budget: a
    grant that takes a post below zero needs the coordinator's motivation (kept, audited)."""
    from tenants.budget.selectors import grant_shortfalls
    from tenants.services import application_decide

    items = granted_items(application=application, kind=kind, days=days, amounts=amounts)
    shortfalls = grant_shortfalls(year=application.year, items=items) if items else []
    if shortfalls and not (budget_motivation or "").strip():
        raise BudgetShortfall(shortfalls)
    decision = application_decide(application=application, coordinator=coordinator, kind=kind, motivation=motivation,
                                  days=days, amounts=amounts, supersedes=supersedes, admission=admission)
    if shortfalls:
        budget_overrun_record(application=application, shortfalls=shortfalls, motivation=budget_motivation,
                              user=coordinator)
    return decision

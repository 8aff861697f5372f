from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedTextField


class Budget(models.Model):
    """The money a programme year has for direct interventions (direktinsatser).

    2022: 2 016 000 SEK set aside (seed 000); the year distributed 2 215 560 after other
    posts of the project were moved here. Split into posts by kind of intervention.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class BudgetPost(models.Model):
    """One post of a year's budget, for some kinds of intervention (the 2016 pilot's
    "Tabell 2": 30-day periods, 90-day periods, point interventions).

    `original_amount` is what the year started with; `current_amount` moves with each
    transfer. A child supplement counts on the post of the period it accompanies.
    """

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="posts")
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    interventions = models.JSONField(_("interventions"), default=list)
    original_amount = models.PositiveIntegerField(_("original amount"))
    current_amount = models.PositiveIntegerField(_("current amount"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["budget", "position", "pk"]

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_en

    def __str__(self) -> str:
        return self.name_en


class BudgetTransfer(models.Model):
    """Money moved from one post of a year to another, with the coordinator's reason."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="transfers")
    from_post = models.ForeignKey(BudgetPost, on_delete=models.RESTRICT, related_name="transfers_out")
    to_post = models.ForeignKey(BudgetPost, on_delete=models.RESTRICT, related_name="transfers_in")
    amount = models.PositiveIntegerField(_("amount"))
    reason = models.CharField(_("reason"), max_length=500)
    made_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-pk"]


class BudgetOverrun(models.Model):
    """A grant the coordinator made although it took a post below zero, and why."""

    application = models.ForeignKey("tenants.Application", on_delete=models.CASCADE, related_name="budget_overruns")
    post = models.ForeignKey(BudgetPost, on_delete=models.PROTECT, related_name="overruns")
    remaining_before = models.IntegerField()
    amount = models.PositiveIntegerField()
    # May speak of the person's situation: sealed at rest like every motivation.
    motivation = EncryptedTextField()
    decided_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

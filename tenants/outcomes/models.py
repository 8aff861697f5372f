from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Actor


class ReportOutcome(models.Model):
    """The structured outcome of one signed period or exit report, as the programme keeps
    it: pseudonymous (the actor's case code), and only codes from the report's own answer
    lists (how the exit went, each right met or not), never the report's free text, which
    stays in the actor's schema."""

    class Kind(models.TextChoices):
        PERIOD_REPORT = "period_report", _("Period report")
        EXIT_REPORT = "exit_report", _("Exit report")

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="report_outcomes")
    case_code = models.CharField(max_length=16, db_index=True)
    local_id = models.PositiveBigIntegerField(help_text="The report's id in the actor's schema.")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The application whose period a period report reports on (Application.local_id).
    application_local_id = models.PositiveBigIntegerField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # {question code: answer code}, e.g. {"exit": "as_planned", "rights.housing": "met"}.
    outcomes = models.JSONField(default=dict)
    signed_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["actor", "local_id"], name="report_outcome_once_per_local")]
        indexes = [models.Index(fields=["actor", "application_local_id"], name="report_outcome_application")]

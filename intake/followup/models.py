from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedTextField
from tenants.followup.models import EndReason


class ClockKind(models.TextChoices):
    """The kinds of period the programme counts days of (RULES.md `days_used`)."""

    REFLECTION = "reflection", _("Reflection period")
    EXTENDED = "extended", _("Extended reflection or deepened support")
    INTEGRATION = "integration", _("Integration support")


class PriorDaysSource(models.TextChoices):
    BEFORE_PORTAL = "before_portal", _("Used before the portal was taken into use")
    OTHER_ACTOR = "other_actor", _("Used at another programme actor")


class PriorDays(models.Model):
    """Days of one kind the person used before the portal or at another programme actor.

    Entered once per kind, with where they come from and why they are known, and never
    more than the year's maximum for that kind. They start the case's entitlement clock.
    """

    case = models.ForeignKey("intake.Case", on_delete=models.CASCADE, related_name="prior_days")
    kind = models.CharField(_("kind of period"), max_length=16, choices=ClockKind.choices)
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1), MaxValueValidator(366)])
    source = models.CharField(_("source"), max_length=16, choices=PriorDaysSource.choices)
    reason = EncryptedTextField(_("how the days are known"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="prior_days_once_per_kind")]


class PeriodEndReport(models.Model):
    """A granted period that ended before its last day, as staff reported it: the date and
    why (the category goes to the programme; the note stays here, sealed)."""

    application = models.OneToOneField("intake.CaseApplication", on_delete=models.CASCADE, related_name="ended")
    ended_on = models.DateField(_("last day of support"))
    reason = models.CharField(_("why"), max_length=24, choices=EndReason.choices)
    note = EncryptedTextField(_("note"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)


class CloseReason(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Moved to social services' care")
    RETURNED = "returned", _("Returned to the home country")
    CONTACT_LOST = "contact_lost", _("Contact lost")
    COMPLETED = "completed", _("Support completed (exit report)")
    OTHER = "other", _("Other reason")


class CaseClosure(models.Model):
    """A case closed with a reason: read-only from then on, and no longer counted in
    free places."""

    case = models.OneToOneField("intake.Case", on_delete=models.CASCADE, related_name="closure")
    reason = models.CharField(_("reason"), max_length=24, choices=CloseReason.choices)
    note = EncryptedTextField(_("note"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)


class ReviewRequest(models.Model):
    """The actor's request for review (omprövning) of a refusal or a partial grant, as sent:
    once per decision, with a motivation and new facts (sealed)."""

    decision = models.OneToOneField("intake.CaseDecision", on_delete=models.CASCADE, related_name="review")
    motivation = EncryptedTextField(_("why the decision should be reviewed"))
    new_facts = EncryptedTextField(_("new facts"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

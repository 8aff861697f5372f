from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedTextField


class AdmissionKind(models.TextChoices):
    GRANTED = "granted", _("Admitted to the programme")
    REFUSED = "refused", _("Admission refused")


class Admission(models.Model):
    """Admission to the programme (tillträde till NSP, seed 001's decision block).

    A decision of its own, asked for with a case's first application: the coordinator
    decides admission and each intervention. A person admitted can get further
    interventions without being admitted again, so there is one per case and actor.
    """

    actor = models.ForeignKey("tenants.Actor", on_delete=models.PROTECT, related_name="+")
    case_code = models.CharField(max_length=16)
    # The application it was asked for with (the case's first); the admission outlives it.
    application = models.ForeignKey("tenants.Application", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    kind = models.CharField(max_length=16, choices=AdmissionKind.choices)
    motivation = EncryptedTextField(blank=True)
    decided_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "case_code"], name="admission_once_per_case")]


class EndReason(models.TextChoices):
    AUTHORITY_TOOK_OVER = "authority_took_over", _("An authority took over responsibility")
    NOT_NEEDED = "not_needed", _("The support was not needed any longer")
    LEFT = "left", _("The person left or returned")
    CONTACT_LOST = "contact_lost", _("Contact with the person was lost")
    OTHER = "other", _("Other reason")


class PeriodEnd(models.Model):
    """A granted period that ended before its last day (seed 001: "NSP's period ends from
    the day the authorities take responsibility"). The days after it are released."""

    application = models.OneToOneField("tenants.Application", on_delete=models.CASCADE, related_name="ended")
    ended_on = models.DateField()
    reason = models.CharField(max_length=24, choices=EndReason.choices)
    reported_at = models.DateTimeField(auto_now_add=True)


class Reminder(models.Model):
    """A reminder sent (once) that a granted period runs out with no follow-up application.

    The row is written in the same transaction that sends: a restart between two runs
    finds it and sends nothing twice."""

    application = models.OneToOneField("tenants.Application", on_delete=models.CASCADE, related_name="reminder")
    last_day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Review requested")
    DECIDED = "decided", _("Review decided (final)")


class Review(models.Model):
    """A request for review (omprövning, NSP/OB/Dok.08) of a refusal or a partial grant.

    Asked once per decision, by the actor, with a motivation and new facts (sealed: the
    coordinator must read them to judge). The review decision is a new decision that
    supersedes the one reviewed; it is final: no review of a review.
    """

    application = models.ForeignKey("tenants.Application", on_delete=models.CASCADE, related_name="reviews")
    decision = models.OneToOneField("tenants.Decision", on_delete=models.CASCADE, related_name="review")
    motivation = EncryptedTextField()
    new_facts = EncryptedTextField(blank=True)
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING,
                              db_index=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    result = models.OneToOneField("tenants.Decision", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="review_result")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

"""The certification file of each actor, in the public schema (the programme's records).

The actor's status itself is `tenants.Actor.certification` (the capacity directory and
the application gate read it in the same row); everything about how it got there lives
here. Free text (answers, evidence, recommendations, reasons, progress) is sealed at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedTextField


class Assessment(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class CertificationFile(models.Model):
    """An actor's certification file (certifieringsakt): its profile (step 1), its answers
    to the minimum requirements and the coordinator's assessment at the visit (step 2),
    the action plan, the decision and the yearly follow-up (step 3)."""

    actor = models.OneToOneField("tenants.Actor", on_delete=models.PROTECT, related_name="certification_file")
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # {row id: {"offers", "provision", "target": [...], "comment", "all_regions", "value"}}
    profile = models.JSONField(default=dict, blank=True)
    profile_submitted_at = models.DateTimeField(null=True, blank=True)
    visited_at = models.DateField(null=True, blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    certified_at = models.DateField(null=True, blank=True)
    next_follow_up = models.DateField(_("next yearly follow-up"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.actor} · certification"


class RequirementAnswer(models.Model):
    """The actor's answer to one minimum requirement (NSP/MC/Dok.10) with its evidence, and
    the coordinator's assessment of it at the certification visit."""

    file = models.ForeignKey(CertificationFile, on_delete=models.CASCADE, related_name="answers")
    requirement = models.CharField(max_length=8)  # "mc01".."mc25" (questions.requirements)
    answer = EncryptedTextField(blank=True, default="")
    evidence = EncryptedTextField(blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)
    assessment = models.CharField(max_length=8, choices=Assessment.choices, blank=True)
    recommendation = EncryptedTextField(blank=True, default="")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requirement"]
        constraints = [models.UniqueConstraint(fields=["file", "requirement"], name="certification_answer_once")]


class ActionItem(models.Model):
    """One item of the action plan (åtgärdsplan): what the actor must do about a requirement
    not (fully) met, who owns it and by when; the actor reports progress."""

    file = models.ForeignKey(CertificationFile, on_delete=models.CASCADE, related_name="actions")
    requirement = models.CharField(max_length=8, blank=True)
    description = EncryptedTextField()
    owner = models.CharField(_("owner"), max_length=200)
    deadline = models.DateField(_("deadline"))
    progress = EncryptedTextField(blank=True, default="")
    progress_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["done_at", "deadline"], name="certification_action_open")]

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.deadline < timezone.localdate()


class StatusChange(models.Model):
    """One step of the actor's life cycle (profile → visited → certified → follow-up →
    re-certification due → certified, or suspended / ended), always with a reason. Never
    changed: the history is the list of these."""

    actor = models.ForeignKey("tenants.Actor", on_delete=models.PROTECT, related_name="certification_changes")
    before = models.CharField(max_length=24)
    after = models.CharField(max_length=24)
    event = models.CharField(max_length=24)  # the service's name for it: certify, decline, suspend…
    reason = EncryptedTextField()
    valid_until = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]


class Invitation(models.Model):
    """A one-time link for an actor's first administrator: they choose a username and a
    password on the actor's host, then set up their second factor at the first login.
    Only a hash of the token is kept."""

    actor = models.ForeignKey("tenants.Actor", on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

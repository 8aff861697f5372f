"""Referrals: a regional coordinator finds a free place and refers a person to an actor.

Public schema only, and pseudonymous: a referral carries the facts a shelter needs to
say yes or no (age group, gender, children, needs, language, urgency, authorities
contacted), never a name. The person's identity is recorded by the actor when the case
opens, in the actor's own schema.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedTextField
from portal.roles import Region
from tenants.models import Actor


class Availability(models.Model):
    """What a regional coordinator needs beside an actor's profile to refer to it: the
    contact line for referrals, and when its free places were last reported and by whom."""

    actor = models.OneToOneField(Actor, on_delete=models.CASCADE, related_name="availability")
    contact = models.CharField(_("contact for referrals"), max_length=200, blank=True)
    places_updated_at = models.DateTimeField(null=True, blank=True)
    places_updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Under 18")
    YOUNG = "18_29", _("18–29")
    ADULT = "30_plus", _("30 or older")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    TRANS_WOMAN = "trans_woman", _("Trans woman")
    TRANS_MAN = "trans_man", _("Trans man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNKNOWN = "unknown", _("Unknown")


# Whom a shelter's profile calls women and men (accepts_women / accepts_men).
WOMEN = (Gender.WOMAN, Gender.TRANS_WOMAN)
MEN = (Gender.MAN, Gender.TRANS_MAN)


class ExploitationForm(models.TextChoices):
    """The intake's forms of exploitation (intake/flow/questions.json, exploitation.forms)."""

    SEXUAL = "sexual", _("Sexual exploitation")
    PROSTITUTION = "prostitution", _("Prostitution")
    LABOUR = "labour", _("Forced labour")
    BEGGING = "begging", _("Begging")
    CRIME = "crime", _("Forced criminality")
    ORGAN = "organ", _("Organ trade")


class Support(models.TextChoices):
    SHELTER = "shelter", _("Protected shelter")
    LOW_THRESHOLD = "low_threshold", _("Support without housing")


class Urgency(models.TextChoices):
    TODAY = "today", _("Today")
    DAYS = "days", _("Within a few days")
    PLANNED = "planned", _("Planned, no hurry")


class Authority(models.TextChoices):
    """Which authorities the coordinator knows were contacted (complementarity)."""

    POLICE = "police", _("Police")
    SOCIAL_SERVICES = "social_services", _("Social services")
    MIGRATION_AGENCY = "migration_agency", _("Swedish Migration Agency")
    HEALTHCARE = "healthcare", _("Healthcare")
    NONE = "none", _("None yet")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted: case opened")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn: asked another actor")


class DeclineReason(models.TextChoices):
    NO_PLACE = "no_place", _("No free place after all")
    NOT_TARGET = "not_target", _("Outside whom we accept")
    NEEDS = "needs", _("We cannot meet the person's needs")
    SAFETY = "safety", _("Safety (e.g. the exploiter knows our address)")
    OTHER = "other", _("Other")


class Referral(models.Model):
    """A regional coordinator's request that one actor take a person in (seed 002:
    most reflection-period recipients come this way).

    Pseudonymous facts only, and the coordinator's contact. The actor accepts (a case
    opens in its schema, pre-filled, "referred by: regional coordinator") or declines with
    a reason; the coordinator sees the status, never the case.
    """

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="referrals")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    exploitation_forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    children = models.PositiveSmallIntegerField(_("accompanying children"), default=0)
    support = models.CharField(_("support needed"), max_length=16, choices=Support.choices)
    pets = models.BooleanField(_("has pets"), default=False)
    substance_use = models.BooleanField(_("active substance use"), default=False)
    language = models.CharField(_("language"), max_length=8)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices)
    authorities = models.JSONField(_("authorities contacted"), default=list, blank=True)
    contact = models.CharField(_("your contact"), max_length=200)
    status = models.CharField(max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT,
                              db_index=True)
    decline_reason = models.CharField(max_length=12, choices=DeclineReason.choices, blank=True)
    # The actor's words on a decline may describe the person: sealed at rest.
    decline_note = EncryptedTextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # The actor's own code of the case opened on acceptance: for the programme's
    # statistics and the actor's screens, never shown to the coordinator.
    case_code = models.CharField(max_length=16, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["actor", "status"], name="referral_actor_status")]

    def __str__(self) -> str:
        return f"R{self.pk}"

    @property
    def language_name(self) -> str:
        """The person's language, named in the reader's language ("rumänska", "Romanian")."""
        from django.utils import translation

        from knowledge import languages

        if self.language in languages.CODES:
            name = languages.name_in(self.language, translation.get_language() or "sv")
            return name[:1].upper() + name[1:]
        return str(_("Another language"))

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Initials only: one to three letters, optionally with dots ("A.B."). Names are never stored.
initials_validator = RegexValidator(
    r"^(\w\.?){1,3}$", _("Write initials only, one to three letters, e.g. A.B.")
)


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    TRANS_WOMAN = "trans_woman", _("Trans woman")
    TRANS_MAN = "trans_man", _("Trans man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNKNOWN = "unknown", _("Unknown")


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake in progress")
    RECOMMENDED = "recommended", _("Recommendation ready")
    APPLIED = "applied", _("Application submitted")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """A person supported by the actor, known to the portal only pseudonymously.

    The case code is given by the programme (NSP001, NSP002, …) and is the only
    identifier that leaves the actor's schema. The person's name is never stored:
    initials, birth year, nationality and gender are what the programme's forms ask.
    """

    code = models.CharField(_("case code"), max_length=16, unique=True)
    initials = models.CharField(_("initials"), max_length=8, validators=[initials_validator])
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    nationality = models.CharField(_("nationality"), max_length=2, help_text=_("ISO country code"))
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.code


class ChildWhere(models.TextChoices):
    ACCOMPANYING = "accompanying", _("Living with the person in Sweden")
    ELSEWHERE = "elsewhere", _("Elsewhere (home country or with someone else)")


class Child(models.Model):
    """A child of the person: accompanying (the programme's child supplement) or elsewhere."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="children")
    where = models.CharField(_("where"), max_length=16, choices=ChildWhere.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=16, choices=[("girl", _("Girl")), ("boy", _("Boy")), ("unknown", _("Unknown"))],
        default="unknown",
    )


class CaseAuditEntry(models.Model):
    """One access to case data: who looked at or changed which case, when and how.

    Kept in the actor's own schema, next to the data it protects.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="audit")
    action = models.CharField(max_length=32)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]


class Notification(models.Model):
    """A message to a staff member of this actor, e.g. that a decision came back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True)
    # What happened, rendered in the reader's language when shown (never stored as text).
    kind = models.CharField(max_length=32)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

from django.conf import settings
from django.contrib.postgres.fields import DateRangeField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.crypto import EncryptedJSONField, EncryptedTextField
from portal.models import AuditedRow
from tenants.models import OPEN_STATUSES, ApplicationStatus

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


class AgeGroup(models.TextChoices):
    ADULT = "adult", _("Adult")
    CHILD = "child", _("Child (under 18)")


class ReferredBy(models.TextChoices):
    """How the case came to the actor, when the portal knows it (the statistics count it)."""

    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake in progress")
    RECOMMENDED = "recommended", _("Recommendation ready")
    APPLIED = "applied", _("Application submitted")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """A person supported by the actor, known to the portal only pseudonymously.

    The case code is the actor's own (LIN-0001, …) and is the only identifier that
    leaves the actor's schema; the programme gives its NSP number when an application
    arrives and keeps it on its side. The person's name is never stored:
    initials, birth year, nationality and gender are what the programme's forms ask.
    """

    code = models.CharField(_("case code"), max_length=16, unique=True)
    initials = models.CharField(_("initials"), max_length=8, validators=[initials_validator])
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    nationality = models.CharField(_("nationality"), max_length=2, help_text=_("ISO country code"))
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.ADULT)
    # Only for a child who is the person of the case: is a guardian with them?
    with_guardian = models.BooleanField(_("with a guardian"), null=True, blank=True)
    # The language of the person's screen during the intake (interpreter and person follow).
    person_language = models.CharField(_("the person's language"), max_length=8, default="sv")
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    # Set when the case opened from an accepted referral (tenants/referrals).
    referred_by = models.CharField(_("referred by"), max_length=24, choices=ReferredBy.choices, blank=True)
    # The pseudonymous duplicate key (tenants/referrals/keys.py): the only trace of the
    # person's identity facts that travels to the programme, with an application.
    duplicate_key = models.CharField(max_length=64, blank=True, db_index=True)
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


class LawfulBasis(models.Model):
    """Why the actor may share the person's data with the programme (GDPR art. 6 and 9).

    Recorded before any application leaves the actor's schema: the person's informed
    consent, or the other lawful basis that applies; who recorded it and when. A
    withdrawal is recorded too (never deleted): from then on nothing more is submitted.
    """

    class Basis(models.TextChoices):
        CONSENT = "consent", _("The person's informed and explicit consent (art. 6.1 a and 9.2 a)")
        VITAL_INTERESTS = "vital_interests", _(
            "The person's vital interests, when they cannot consent (art. 6.1 d and 9.2 c)")
        PUBLIC_INTEREST = "public_interest", _(
            "A task in the public interest given to the actor by law or agreement (art. 6.1 e and 9.2 g)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lawful_bases")
    basis = models.CharField(_("lawful basis"), max_length=24, choices=Basis.choices)
    # How the person was informed (language, interpreter); sealed, like every note.
    note = EncryptedTextField(_("how the person was informed"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]


class CaseAuditEntry(AuditedRow):
    """One access to case data: who looked at or changed which case, when, how and from
    where (roles, host, address, browser: portal.models.AuditedRow).

    Kept in the actor's own schema, next to the data it protects, and append-only (a
    database trigger refuses changes). The trail outlives the case: erasing a case's
    personal data leaves these rows, which name the case by its code only.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    # No database constraint and nothing done on delete: an erased case keeps its trail.
    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
                             related_name="audit")
    case_code = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def save(self, *args, **kwargs):
        if self.case_id is not None and not self.case_code:
            self.case_code = self.case.code
        super().save(*args, **kwargs)


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


class Conversation(models.Model):
    """The guided intake of one case: every answer given so far, stored as it is given.

    The answers alone decide where the intake is (intake.flow picks the next question
    from them), so a reload, a dropped connection or another screen resumes exactly there.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="conversation")
    # Sealed at rest: the answers hold notes, health and what happened to the person.
    # The structured facts the programme counts leave in clear with the application.
    answers = EncryptedJSONField(default=dict, blank=True)
    # The ids of the questions that applied after the last answer, so the next answer can
    # say which questions it added without walking the bank twice.
    applicable = models.JSONField(default=list, blank=True)
    # Bumped on every change; screens compare it to know they are stale.
    revision = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class AnswerEvent(models.Model):
    """One answer given, changed or dropped (because an earlier change made it not apply)."""

    class Kind(models.TextChoices):
        ANSWERED = "answered", _("answered")
        CHANGED = "changed", _("changed")
        DROPPED = "dropped", _("no longer applies")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    question_id = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = EncryptedJSONField(null=True, blank=True)  # sealed like the answers
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Recommendation(models.Model):
    """What the rules engine recommended for a case, and any adjustment by staff.

    Kept with the programme year's rule-set version, the answers document it judged and
    the rules that fired, so a decision can be explained years later.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    ruleset_version = models.CharField(max_length=32)
    answers = EncryptedJSONField()  # sealed: the full answers document, notes included
    result = models.JSONField()
    rules_fired = models.JSONField(default=list)
    # The conversation's revision the answers were taken at: a later change of any answer
    # makes this recommendation outdated (it can no longer be applied for).
    answers_revision = models.PositiveIntegerField(default=0)
    # Staff adjustment: the interventions as adjusted, who, when and why.
    adjusted_interventions = models.JSONField(null=True, blank=True)
    adjusted_reason = EncryptedTextField(blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adjusted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def interventions(self) -> list[dict]:
        if self.adjusted_interventions is not None:
            return self.adjusted_interventions
        return self.result.get("interventions", [])

    @property
    def total(self) -> int:
        return sum(item.get("amount", 0) for item in self.interventions)


class CaseApplication(models.Model):
    """The actor's application to the programme for one case and period, with its decisions.

    Drafted from a recommendation, reviewed and submitted by staff. On submission a
    minimal pseudonymous copy goes to the programme (tenants.services.application_receive);
    the decisions come back here. A case has at most one application per recommendation,
    and no two applications that are open or granted may cover the same day: the database
    refuses both, whatever the screens do (a unique constraint and a trigger).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="applications")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    year = models.PositiveSmallIntegerField()
    # The days the application's periods cover ([first, last], inclusive); None when it asks
    # for point interventions only.
    period = DateRangeField(null=True, blank=True)
    interventions = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    programme_application_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The decision in force (the latest); every decision is kept in CaseDecision.
    decision_motivation = EncryptedTextField(blank=True)
    granted_interventions = models.JSONField(null=True, blank=True)
    granted_total = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"], condition=~Q(status=ApplicationStatus.REFUSED),
                name="application_once_per_recommendation",
            ),
        ]
        # No two open or granted applications of a case may cover the same day: enforced by
        # the trigger `intake_application_periods_do_not_overlap` (migration 0004), which
        # locks the case row and refuses an overlap with SQLSTATE 23P01. An exclusion
        # constraint would need btree_gist, which the embedded PostgreSQL does not ship.

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseDecision(models.Model):
    """One decision of the programme on one of the actor's applications, as it arrived.

    A correction by the coordinator arrives as a new decision that supersedes an earlier
    one; both are shown on the case.
    """

    application = models.ForeignKey(CaseApplication, on_delete=models.CASCADE, related_name="decisions")
    programme_decision_id = models.PositiveBigIntegerField(unique=True)
    kind = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    motivation = EncryptedTextField()  # the coordinator's words about the person: sealed
    granted_interventions = models.JSONField(null=True, blank=True)
    granted_total = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField()
    supersedes = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-pk"]

from django.contrib.postgres.fields import DateRangeField
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from portal.crypto import EncryptedTextField
from portal.roles import Region


class ActorKind(models.TextChoices):
    PROGRAMME = "programme", _("The programme (public schema)")
    SHELTER = "shelter", _("Protected shelter")
    LOW_THRESHOLD = "low_threshold", _("Low-threshold support without housing")


class CertificationStatus(models.TextChoices):
    """Where an actor is in its life cycle (tenants.certification moves it, one audited
    service per step): profile → visited → certified → yearly follow-up → re-certification
    due → certified again; or suspended, or ended."""

    PROFILE = "profile", _("Step 1: actor profile collected")
    VISITED = "visited", _("Step 2: certification visit, action plan open")
    CERTIFIED = "certified", _("Certified")
    FOLLOW_UP = "follow_up", _("Certified, yearly follow-up under way")
    RECERTIFICATION_DUE = "recert_due", _("Certified, re-certification due")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


# The statuses in which an actor may apply to the programme for funds (seed 001: only
# certified actors). Staff of any other actor keep reading their cases.
MAY_APPLY = (CertificationStatus.CERTIFIED, CertificationStatus.FOLLOW_UP, CertificationStatus.RECERTIFICATION_DUE)


class Actor(TenantMixin):
    """A certified actor (certifierad aktör): a shelter or support service in civil society.

    Each actor is one tenant with its own PostgreSQL schema holding its cases. Only
    certified actors may apply to the programme for funds. The row whose schema is
    `public` is the programme itself, so the programme's host resolves like any other.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)
    certification = models.CharField(
        _("certification"), max_length=16, choices=CertificationStatus.choices,
        default=CertificationStatus.PROFILE,
    )
    certified_until = models.DateField(_("certified until"), null=True, blank=True)
    # Profile facts that matter when a regional coordinator looks for a place (seed 001,
    # "Verksamhetsprofil"; PROGRAMME.md "Certification").
    places = models.PositiveSmallIntegerField(_("places"), default=0)
    places_free = models.PositiveSmallIntegerField(_("free places"), default=0)
    accepts_women = models.BooleanField(_("accepts women"), default=False)
    accepts_men = models.BooleanField(_("accepts men"), default=False)
    men_exploitation_forms = models.JSONField(_("men accepted for exploitation forms"), default=list, blank=True)
    young_women_only = models.BooleanField(_("young women 18–29 only"), default=False)
    accepts_children = models.BooleanField(_("accepts accompanying children"), default=False)
    accepts_pets = models.BooleanField(_("accepts pets"), default=False)
    accepts_active_substance_use = models.BooleanField(_("accepts active substance use"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    auto_create_schema = True

    class Meta:
        ordering = ["name"]

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """The actor's schema, cloned from the migrated template (tenants/provisioning)
        rather than built by replaying every migration."""
        from tenants.provisioning.schemas import schema_create

        if sync_schema:
            schema_create(self.schema_name, check_if_exists=check_if_exists)
        connection.set_schema_to_public()

    def __str__(self) -> str:
        return self.name

    @property
    def is_programme(self) -> bool:
        return self.schema_name == "public"


class Domain(DomainMixin):
    """A host name that leads to one actor (or, for the public tenant, to the programme)."""


class ApplicationStatus(models.TextChoices):
    """Where an application is, on both sides: drafts exist only at the actor."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Granted in part")
    MORE_INFO = "more_info", _("More information requested")
    REFUSED = "refused", _("Refused")


# Still being worked on by the actor or the coordinator.
OPEN_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO)
# Money is (or may be) committed: a period that overlaps one of these cannot be applied for again.
BINDING_STATUSES = OPEN_STATUSES + (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED)
# What the coordinator may decide.
DECISION_KINDS = (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED, ApplicationStatus.MORE_INFO,
                  ApplicationStatus.REFUSED)


class Application(models.Model):
    """An actor's application for one case, as the programme sees it: pseudonymous.

    A minimal copy of the actor's application: the case code, the year, the period, the
    interventions with days and amounts, the complementarity evidence (which authority was
    asked for what, what it answered and the category of its reason), the statistics
    dimensions and the recommendation's reasons as rule ids with neutral parameters. Never
    names, initials or free-text notes: those stay in the actor's schema.
    """

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="applications")
    # The actor's own code of the case (what the actor's staff see), and the programme's
    # case number, given on arrival and shown on the programme's side only.
    case_code = models.CharField(max_length=16, db_index=True)
    nsp_number = models.CharField(max_length=16, blank=True, db_index=True)
    local_id = models.PositiveBigIntegerField(help_text="The application's id in the actor's schema.")
    year = models.PositiveSmallIntegerField(db_index=True)
    # The days the application's periods cover; None for point interventions only.
    period = DateRangeField(null=True, blank=True)
    ruleset_version = models.CharField(max_length=32)
    outcome = models.CharField(max_length=16)
    interventions = models.JSONField(default=list)
    intervention_codes = models.JSONField(default=list)  # for filtering without unpacking
    total = models.PositiveIntegerField()
    complementarity = models.JSONField(default=list)
    rules_fired = models.JSONField(default=list)
    # {"reasons": [{"rule", "params"}], "texts": {...}}: rendered in the reader's language.
    explanation = models.JSONField(default=dict, blank=True)
    statistics = models.JSONField(default=dict)
    adjusted_by_staff = models.BooleanField(default=False)
    # The case's pseudonymous duplicate key (tenants/referrals/keys.py), "" if unknown.
    duplicate_key = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED,
                              db_index=True)
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    granted_interventions = models.JSONField(null=True, blank=True)
    granted_total = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["actor", "local_id"], name="application_once_per_local")]
        indexes = [models.Index(fields=["actor", "case_code"], name="application_case")]


class Decision(models.Model):
    """The coordinator's decision on an application, always with a written motivation.

    A decision is never changed: a correction is a new decision that names the one it
    supersedes, so the actor and the audit see both.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    # The coordinator's words about the person's situation: sealed at rest (portal/crypto.py).
    motivation = EncryptedTextField()
    granted_interventions = models.JSONField(null=True, blank=True)
    granted_total = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by")

    class Meta:
        ordering = ["-decided_at", "-pk"]


# Capabilities in subpackages keep their models there; imported here so Django finds them.
from tenants.years.models import ProgrammeYear, ProgrammeYearChange, ProgrammeYearChangeKind, ProgrammeYearStatus  # noqa: E402,F401


# Operations' own tables (template schema, migration states) live with their code.
from tenants.provisioning.models import SchemaState, SchemaTemplate  # noqa: E402,F401

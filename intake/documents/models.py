from django.conf import settings
from django.contrib.postgres.fields import DateRangeField
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.documents import engine
from intake.models import Case, CaseApplication, Child
from portal.crypto import EncryptedTextField

KIND_LABELS = {
    "in_depth_assessment": _("In-depth assessment"),
    "implementation_plan": _("Implementation plan"),
    "period_report": _("Period report"),
    "exit_plan": _("Exit plan"),
    "exit_report": _("Exit report"),
    "purchase_request": _("Purchase request"),
    "integration_application": _("Integration application"),
}


class DocumentKind(models.TextChoices):
    IN_DEPTH_ASSESSMENT = "in_depth_assessment", KIND_LABELS["in_depth_assessment"]
    IMPLEMENTATION_PLAN = "implementation_plan", KIND_LABELS["implementation_plan"]
    PERIOD_REPORT = "period_report", KIND_LABELS["period_report"]
    EXIT_PLAN = "exit_plan", KIND_LABELS["exit_plan"]
    EXIT_REPORT = "exit_report", KIND_LABELS["exit_report"]
    PURCHASE_REQUEST = "purchase_request", KIND_LABELS["purchase_request"]
    INTEGRATION_APPLICATION = "integration_application", KIND_LABELS["integration_application"]


assert [kind.value for kind in DocumentKind] == list(engine.KINDS)


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class Document(models.Model):
    """One of the programme's case documents for one case: an assessment, a plan, a report
    or a request, filled in by the actor's staff from the document's questions
    (intake/documents/forms/<kind>.json) and a draft until a staff member signs it off.

    It may belong to a period (the application that granted it: a period report reports
    on it, a plan plans it), to one point item of an application (a purchase request), or
    to an accompanying child with support of its own (the child's implementation plan).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices,
                              default=DocumentStatus.DRAFT)
    # The version of the document's questions it was written with (the JSON's "version").
    form_version = models.CharField(max_length=32)
    application = models.ForeignKey(CaseApplication, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="documents")
    period = DateRangeField(null=True, blank=True)
    # A purchase request's point item within its application ("<index>:<item>").
    item_key = models.CharField(max_length=64, blank=True)
    child = models.ForeignKey(Child, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents")
    # Bumped on every change: a page compares it to know it is stale.
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}"

    @property
    def spec(self) -> engine.DocumentSpec:
        return engine.spec_of(self.kind)

    @property
    def is_signed(self) -> bool:
        return self.status == DocumentStatus.SIGNED


class DocumentValue(models.Model):
    """The current value of one input of a document, sealed at rest (every value: the
    answers hold health, what happened to the person and staff's notes).

    Its own revision lets two tabs, or a page left open, save one field each without
    overwriting the other, and refuses a save made from a stale copy of the same field.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(max_length=120)
    value = EncryptedTextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="document_value_once_per_key")]


class DocumentVersion(models.Model):
    """One change of a document: which input, to what (sealed), by whom, when; and the
    sign-off. Never changed afterwards: the document's history."""

    class Kind(models.TextChoices):
        CHANGED = "changed", _("changed")
        SIGNED = "signed", _("signed")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CHANGED)
    key = models.CharField(max_length=120, blank=True)
    value = EncryptedTextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

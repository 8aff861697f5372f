from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeYearStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")


class ProgrammeYear(models.Model):
    """A programme year's rules as the coordinator keeps them in the portal.

    The interventions with their rates and limits, the child supplements, the extension
    steps, the deductions and the rules in words: the same document as a year file of the
    rules engine (intake/rules/years/<year>.json), checked by the engine before it is
    saved. A stored year starts as a copy of another year and is a draft until the
    coordinator activates it; an active stored year takes the place of the built-in file of
    the same year for every recommendation made from then on.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    version = models.CharField(_("version"), max_length=32)
    data = models.JSONField(_("rule data"))
    status = models.CharField(_("status"), max_length=8, choices=ProgrammeYearStatus.choices,
                              default=ProgrammeYearStatus.DRAFT, db_index=True)
    based_on = models.PositiveSmallIntegerField(_("based on year"), null=True, blank=True)
    based_on_version = models.CharField(_("based on version"), max_length=32, blank=True)
    created_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.version}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == ProgrammeYearStatus.ACTIVE


class ProgrammeYearChangeKind(models.TextChoices):
    DERIVED = "derived", _("Started from another year")
    UPDATED = "updated", _("Rates or limits changed")
    ACTIVATED = "activated", _("Activated")


class ProgrammeYearChange(models.Model):
    """One change to a stored programme year: who made it, when, what changed and why.

    `changes` lists each value that changed ({"path", "before", "after"}, the path in the
    year document, e.g. "interventions.reflection.rate"); `previous_data` is the whole
    document as it was before, so any earlier version can be read back.
    """

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=ProgrammeYearChangeKind.choices)
    changed_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    version_before = models.CharField(max_length=32, blank=True)
    version_after = models.CharField(max_length=32)
    changes = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    previous_data = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedDecision(models.Model):
    """A decision of an earlier year brought in from the programme's spreadsheet.

    The programme has run since 2015; its earlier decisions live on as applications in the
    public schema (no case at any actor), each marked by one of these rows: where it came
    from and the fingerprint of its line, so importing the same file again changes nothing.
    Imported decisions count in statistics and budget like the portal's own.
    """

    application = models.OneToOneField("tenants.Application", on_delete=models.CASCADE,
                                       related_name="imported")
    fingerprint = models.CharField(max_length=64, unique=True)
    source = models.CharField(_("file"), max_length=255)
    line = models.PositiveIntegerField(_("line"))
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source}:{self.line}"

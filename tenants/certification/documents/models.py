from django.db import models


class RoutineDocument(models.Model):
    """A written routine (rutin) the actor uploaded as evidence for one minimum requirement.

    Kept in the actor's schema, as bytes in the row: a file on disk would sit outside the
    schema's isolation and its backups.
    """

    requirement = models.CharField(max_length=8, db_index=True)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by_id = models.BigIntegerField()  # portal.User in the public schema
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requirement", "-uploaded_at", "-pk"]

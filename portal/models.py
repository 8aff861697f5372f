from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.roles import ACTOR_ROLES, Region, Role


class User(AbstractUser):
    """A person who logs in: programme coordinator, regional coordinator or actor staff.

    One table for the whole programme, in the public schema. What a user may do comes
    from their memberships, never from the user row itself. Persons supported by the
    programme are never users.
    """

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


# In a fixed order: ACTOR_ROLES is a set, whose order changes from one process to the next,
# and the migration autodetector would see a new constraint each time.
ACTOR_ROLE_VALUES = ["actor_staff", "actor_admin"]
assert set(ACTOR_ROLE_VALUES) == {role.value for role in ACTOR_ROLES}


class Membership(models.Model):
    """A user's role: at one certified actor (admin, staff) or in the programme.

    Actor roles always name the actor; programme roles (coordinator, regional
    coordinator) never do. A regional coordinator belongs to a region.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(
        "tenants.Actor", on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "actor", "role"], name="membership_unique"),
            models.CheckConstraint(
                name="membership_actor_matches_role",
                condition=(
                    Q(role__in=ACTOR_ROLE_VALUES, actor__isnull=False)
                    | (~Q(role__in=ACTOR_ROLE_VALUES) & Q(actor__isnull=True))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.actor or 'NSP'}"


class AuditEvent(models.Model):
    """An action on the programme's side worth keeping: logins, refusals, decisions.

    Access to case data is audited in the actor's own schema (intake.CaseAuditEntry);
    this table never holds case content.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=64)
    schema_name = models.CharField(max_length=63, blank=True)
    path = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]

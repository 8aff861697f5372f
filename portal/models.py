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


class AuditedRow(models.Model):
    """What every audit row records besides the action: who, with which roles, from where.

    Filled from the request (or websocket event) being handled when the row is written
    (portal.audit); rows are append-only, in Python here and in the database by trigger.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Kept as text too: the row must say who it was even for a failed login by a name
    # that is no user, and users are deactivated, never deleted.
    username = models.CharField(max_length=150, blank=True, db_index=True)
    roles = models.CharField(max_length=120, blank=True)
    host = models.CharField(max_length=255, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from portal.audit_context import current_where

        if self.pk is not None:
            raise ValueError("Audit rows are append-only.")
        where = current_where()
        self.host = self.host or where.host
        self.ip = self.ip or where.ip
        self.user_agent = self.user_agent or where.user_agent
        self.roles = self.roles or where.roles
        self.channel = self.channel or where.channel
        user = getattr(self, "user", None)
        if user is not None and not self.username:
            self.username = user.get_username()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit rows are append-only.")


class AuditEvent(AuditedRow):
    """An event of the programme's log: logins, lockouts, second-factor changes, refused
    requests and sockets on any host, and the coordinator's own actions.

    Access to case data is audited in the actor's own schema (intake.CaseAuditEntry);
    this table never holds case content. `schema_name` says on whose host it happened,
    which is how an actor's administrator reads the part that concerns the actor.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    schema_name = models.CharField(max_length=63, blank=True, db_index=True)
    path = models.CharField(max_length=255, blank=True)
    # A refused or missing case's code as it was asked for (the case may not exist).
    case_code = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

"""The four roles of the portal and which of them belong to an actor (a tenant)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Programme coordinator")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    ACTOR_ADMIN = "actor_admin", _("Actor administrator")
    ACTOR_STAFF = "actor_staff", _("Actor staff")


# Roles held at one certified actor; the other two are the programme's.
ACTOR_ROLES = frozenset({Role.ACTOR_ADMIN, Role.ACTOR_STAFF})
PROGRAMME_ROLES = frozenset({Role.COORDINATOR, Role.REGIONAL_COORDINATOR})


class Region(models.TextChoices):
    """The seven police regions, used for certification goals and capacity (seeds 000, 002)."""

    NORD = "nord", "Nord"
    MITT = "mitt", "Mitt"
    STOCKHOLM = "stockholm", "Stockholm"
    VAST = "vast", "Väst"
    SYD = "syd", "Syd"
    OST = "ost", "Öst"
    BERGSLAGEN = "bergslagen", "Bergslagen"

"""Which roles a user holds where the request is: the one place that answers it.

Actor roles count only at the actor whose host the request came in on (the current
tenant); programme roles only on the programme's own host.
"""

from __future__ import annotations

from typing import Iterable

from django.db import connection

from portal.roles import ACTOR_ROLES


def current_actor():
    """The actor whose host this request came in on, or None on the programme's host."""
    tenant = getattr(connection, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return None
    return tenant


def _memberships(user) -> list:
    """The user's memberships, read once per user object. A request (and a websocket
    connection) loads its own user, so this is once per request: the access check, the
    page's frame and the view all ask."""
    cached = user.__dict__.get("_nsp_memberships")
    if cached is None:
        cached = user.__dict__["_nsp_memberships"] = list(user.memberships.all())
    return cached


def roles_here(user, actor=None) -> set[str]:
    """The roles `user` holds where the request is: actor roles at this actor only."""
    if not user.is_authenticated or not user.is_active:
        return set()
    actor = actor if actor is not None else current_actor()
    found: set[str] = set()
    for membership in _memberships(user):
        if membership.role in ACTOR_ROLES:
            if actor is not None and membership.actor_id == actor.pk:
                found.add(membership.role)
        elif actor is None:
            # Programme roles act on the programme's host only: a coordinator never
            # gets into a tenant's case data.
            found.add(membership.role)
    return found


def has_role(user, roles: Iterable[str], actor=None) -> bool:
    return bool(roles_here(user, actor) & set(roles))

"""Who may use which view.

Every view declares its policy with `@public` or `@allow(Role...)`. A view that forgets
is refused by AccessPolicyMiddleware (fail closed), and a test walks both URL
configurations to find it before a user does.

Actor roles count only at the actor whose host the request came in on (the current
tenant): a staff member of actor A has no role at actor B, whatever the URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import Callable, Iterable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection

from portal.roles import ACTOR_ROLES, Role


@dataclass(frozen=True)
class AccessPolicy:
    public: bool
    roles: frozenset[str] = frozenset()
    any_member: bool = False  # any logged-in user with a role here (password change)

    def describe(self) -> str:
        if self.public:
            return "public"
        if self.any_member:
            return "any member"
        return ", ".join(sorted(self.roles))


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


def _guard(view: Callable, policy: AccessPolicy) -> Callable:
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not policy.public:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = roles_here(request.user)
            if not held or (not policy.any_member and not held & policy.roles):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.access_policy = policy
    return guarded


def public(view: Callable) -> Callable:
    """Anyone, logged in or not (knowledge base, login, health)."""
    return _guard(view, AccessPolicy(public=True))


def allow(*roles: Role) -> Callable[[Callable], Callable]:
    """Only users holding one of `roles` here."""
    if not roles:
        raise ValueError("allow() needs at least one role; use @public for open views")

    def decorate(view: Callable) -> Callable:
        return _guard(view, AccessPolicy(public=False, roles=frozenset(roles)))

    return decorate


def any_member(view: Callable) -> Callable:
    """Any logged-in user who holds some role here (e.g. their own password change)."""
    return _guard(view, AccessPolicy(public=False, any_member=True))


def policy_of(view: Callable) -> AccessPolicy | None:
    return getattr(view, "access_policy", None) or getattr(
        getattr(view, "view_class", None), "access_policy", None
    )


class AccessPolicyMiddleware:
    """Refuses any view that declared no policy, so a forgotten decorator fails closed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if policy_of(view_func) is None:
            raise PermissionDenied("This view declares no access policy.")
        return None

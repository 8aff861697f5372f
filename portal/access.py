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
from typing import Callable

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.membership import current_actor, has_role, roles_here  # noqa: F401 (re-exported)
from portal.roles import Role


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


def is_verified(user) -> bool:
    """Logged in with both factors (django-otp's middleware marks the user)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def _guard(view: Callable, policy: AccessPolicy) -> Callable:
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not policy.public:
            if request.user.is_authenticated and not is_verified(request.user):
                # Only login() after the second factor makes a session; anything else
                # (a session from before, a removed device) is ended, never trusted.
                logout(request)
            if not request.user.is_authenticated:
                _audit_refusal(request, "refused_not_logged_in", **kwargs)
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


def _audit_refusal(request, action: str, **kwargs) -> None:
    from portal.audit import audit_event

    user = request.user if request.user.is_authenticated else None
    audit_event(user=user, action=action, request=request, case_code=str(kwargs.get("code", ""))[:32],
                method=request.method)


class AccessPolicyMiddleware:
    """Refuses any view that declared no policy, so a forgotten decorator fails closed,
    and audits every refusal (403) and every miss (404) behind a closed view: probing
    case codes or application numbers leaves a trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(request, "nsp_access_policy", None)
        if response.status_code in (403, 404) and (policy is None or not policy.public) \
                and hasattr(request, "nsp_access_policy"):
            kwargs = request.resolver_match.kwargs if request.resolver_match else {}
            _audit_refusal(request, "refused" if response.status_code == 403 else "not_found", **kwargs)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.nsp_access_policy = policy_of(view_func)
        if request.nsp_access_policy is None:
            raise PermissionDenied("This view declares no access policy.")
        return None

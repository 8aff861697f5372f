"""The password check, with the host's question asked in the same breath."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from portal.access import roles_here


class HostMembershipBackend(ModelBackend):
    """A password counts only on a host where the user holds a role.

    The right password on another actor's address gets the very answer a wrong one
    gets (and counts as a failure towards the lockout): the login page must not tell a
    stranger which passwords are right.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not roles_here(user):
            return None
        return user

    def get_user(self, user_id):
        # The host is checked by every view's access policy. Not here: websockets resolve
        # the user on channels' shared database thread, whose schema may be anybody's.
        try:
            user = get_user_model()._default_manager.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if user.is_active else None

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal.access import roles_here


class PortalLoginForm(AuthenticationForm):
    """Login that refuses, with a clear message, an account with no role on this host.

    Sessions are per host, so a staff member of one actor logging in on another actor's
    address learns at once that this is the wrong place instead of seeing empty 403s.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "no_role_here": _(
            "This account has no access here. Log in at your own organisation's address."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not roles_here(user):
            raise forms.ValidationError(self.error_messages["no_role_here"], code="no_role_here")

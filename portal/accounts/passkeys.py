"""Passkeys (WebAuthn, django-otp-webauthn) as the second factor, and registering one.

The library's views log a user in by a passkey alone or add a passkey for a logged-in
user. Here a passkey is a second factor: the user whose password was right a moment ago
(the pending login) proves it with a passkey, and login then completes exactly as with
a TOTP code. Registration needs a session already verified with both factors.
"""

from __future__ import annotations

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as library

from portal.access import any_member, public


class PendingUserMixin:
    def get_user(self):
        from portal.accounts.views import pending_user

        user, _data = pending_user(self.request)
        return user


class BeginAuthentication(PendingUserMixin, library.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(PendingUserMixin, library.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        from portal.accounts.views import finish_login, pending_user

        user, data = pending_user(self.request)
        self._target = finish_login(self.request, user, device, data)

    def get_success_url(self):
        return getattr(self, "_target", None) or super().get_success_url()


class CompleteRegistration(library.CompleteCredentialRegistrationView):
    """The library's registration, audited like every other change of a second factor."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            from portal.audit import audit_event

            audit_event(user=self.request.user, action="second_factor_added", request=self.request, kind="passkey")
        return response


app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", any_member(library.BeginCredentialRegistrationView.as_view()),
         name="credential-registration-begin"),
    path("registration/complete/", any_member(CompleteRegistration.as_view()),
         name="credential-registration-complete"),
    # Public: the pending login is checked inside (no pending user, no ceremony).
    path("authentication/begin/", public(BeginAuthentication.as_view()), name="credential-authentication-begin"),
    path("authentication/complete/", public(CompleteAuthentication.as_view()),
         name="credential-authentication-complete"),
    path("jsi18n/", public(JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])), name="js-i18n-catalog"),
]

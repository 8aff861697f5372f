"""Logging in with two factors, and each user's own security page.

The password step does not log anybody in: it remembers, for five minutes, whose
password was right. Only the second step (a TOTP code, a recovery code or a passkey)
calls Django's login(), so a session is either fully verified or anonymous, and the
`user_logged_in` signal (audit, lockout reset) means a complete login.
"""

from __future__ import annotations

import time

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from portal.access import any_member, public, roles_here
from portal.accounts import lockout, twofactor
from portal.audit import audit_event
from portal.forms import EnrolForm, PortalLoginForm, SecondFactorForm
from portal.models import User

PENDING = "nsp_pending_login"
PENDING_SECONDS = 5 * 60
NEW_CODES = "nsp_new_recovery_codes"


# --- Step one: the password ----------------------------------------------------------------


class PasswordStep(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        # A new key: whatever the session knew before the password is not carried over.
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk, "backend": user.backend, "since": int(time.time()),
            "next": self.get_success_url(),
        }
        if twofactor.has_second_factor(user):
            return redirect("portal:login_verify")
        return redirect("portal:login_enrol")


login = public(sensitive_post_parameters("password")(PasswordStep.as_view()))


def pending_user(request) -> tuple[User | None, dict]:
    """The user whose password was right a moment ago on this host, if still in time."""
    data = request.session.get(PENDING)
    if not isinstance(data, dict) or time.time() - data.get("since", 0) > PENDING_SECONDS:
        return None, {}
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or not roles_here(user):
        return None, {}
    return user, data


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("portal:home")


def finish_login(request, user, device, data: dict) -> str:
    """Both factors are in: log in, with the device recorded in the session."""
    request.session.pop(PENDING, None)
    user.otp_device = device  # django-otp keeps it in the session at login
    auth_login(request, user, backend=data["backend"])
    return _safe_next(request, data.get("next", ""))


def _restart(request):
    request.session.pop(PENDING, None)
    messages.info(request, _("Log in again: the first step was too long ago."))
    return redirect("portal:login")


# --- Step two: the second factor --------------------------------------------------------------


@public
@never_cache
@sensitive_post_parameters("code")
def login_verify(request):
    user, data = pending_user(request)
    if user is None:
        return _restart(request)
    if not twofactor.has_second_factor(user):
        return redirect("portal:login_enrol")
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING, None)
        return lockout.lockout_response(request)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_second_factor(user, form.cleaned_data["code"])
        if device is not None:
            if isinstance(device, StaticDevice):
                messages.warning(request, _("You used a recovery code. %(left)s are left.") % {
                    "left": twofactor.recovery_codes_left(user)})
            return HttpResponseRedirect(finish_login(request, user, device, data))
        # Counts towards the lockout like a wrong password (django-axes listens).
        user_login_failed.send(sender=__name__, credentials={**credentials, "step": "second_factor"},
                               request=request)
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
            return lockout.lockout_response(request)
        form.add_error("code", _("That code is not right. Try the newest code from the app."))
    return render(request, "registration/login_verify.html", {
        "form": form, "login_user": user,
        "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
    })


def _enrol_page(request, *, user, device, form, mode: str):
    secret = twofactor.base32_secret(device)
    return render(request, "registration/enrol.html", {
        "form": form, "qr": twofactor.qr_data_uri(device), "secret": secret,
        "secret_grouped": twofactor.grouped(secret), "mode": mode, "enrol_user": user,
    })


@public
@never_cache
@sensitive_post_parameters("code")
def login_enrol(request):
    """First login (or after an administrator reset the second factor): set up the app."""
    user, data = pending_user(request)
    if user is None:
        return _restart(request)
    if twofactor.has_second_factor(user):
        # Enrolling another device takes both factors: the security page, once logged in.
        return redirect("portal:login_verify")
    device = twofactor.totp_device_pending(user)
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_event(user=user, action="second_factor_added", kind="totp")
        request.session[NEW_CODES] = twofactor.recovery_codes_new(user)
        target = finish_login(request, user, device, data)
        return redirect(reverse("portal:recovery_codes") + "?next=" + target)
    return _enrol_page(request, user=user, device=device, form=form, mode="login")


# --- The signed-in user's own security page ---------------------------------------------------


def _device_rows(user) -> list[dict]:
    rows = []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"):
        rows.append({"id": device.persistent_id, "kind": _("Authenticator app"), "name": device.name,
                     "added": device.created_at, "used": device.last_used_at})
    for device in WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"):
        rows.append({"id": device.persistent_id, "kind": _("Passkey"), "name": device.name,
                     "added": device.created_at, "used": device.last_used_at})
    return rows


@any_member
@never_cache
def security(request):
    user = request.user
    rows = _device_rows(user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "recovery_new":
            request.session[NEW_CODES] = twofactor.recovery_codes_new(user)
            audit_event(user=user, action="recovery_codes_renewed", request=request)
            return redirect(reverse("portal:recovery_codes") + "?next=" + reverse("portal:security"))
        if action == "remove":
            wanted = request.POST.get("device", "")[:200]
            target = next((row for row in rows if row["id"] == wanted), None)
            if target is None:
                messages.error(request, _("That device is not yours or no longer exists."))
            elif len(rows) <= 1:
                messages.error(request, _("Add another authenticator or passkey before you remove the last one."))
            else:
                from django_otp.models import Device

                Device.from_persistent_id(wanted).delete()
                audit_event(user=user, action="second_factor_removed", request=request, device=wanted)
                messages.success(request, _("The device is removed."))
            return redirect("portal:security")
    return render(request, "registration/security.html", {
        "devices": rows, "recovery_left": twofactor.recovery_codes_left(user),
        "current_device": getattr(getattr(user, "otp_device", None), "persistent_id", ""),
    })


@any_member
@never_cache
@sensitive_post_parameters("code")
def security_totp_add(request):
    """Another authenticator app, for a user who is already logged in with both factors."""
    user = request.user
    device = twofactor.totp_device_pending(user)
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.name = _("Authenticator %(number)s") % {
            "number": TOTPDevice.objects.filter(user=user, confirmed=True).count() + 1}
        device.save(update_fields=["confirmed", "name"])
        audit_event(user=user, action="second_factor_added", request=request, kind="totp")
        messages.success(request, _("The new authenticator is added."))
        return redirect("portal:security")
    return _enrol_page(request, user=user, device=device, form=form, mode="add")


@any_member
@never_cache
def recovery_codes(request):
    """New recovery codes, shown this once."""
    codes = request.session.pop(NEW_CODES, None)
    target = _safe_next(request, request.GET.get("next", ""))
    if not codes:
        return redirect(target)
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": target})

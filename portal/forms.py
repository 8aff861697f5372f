from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; a pasted one must not become a server error.
    return (value or "").replace("\x00", "")


class PortalLoginForm(AuthenticationForm):
    """The password step. One answer for every refusal: a wrong password, an unknown
    user and the right password on a host where the user has no role all read the same
    (portal.accounts.backends)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is wrong, or the account has no access at this address. "
            "Staff of an actor log in at their own organisation's address."
        ),
    }

    def clean(self):
        self.cleaned_data["username"] = _no_nul(self.cleaned_data.get("username"))[:150]
        self.cleaned_data["password"] = _no_nul(self.cleaned_data.get("password"))[:4096]
        return super().clean()


class SecondFactorForm(forms.Form):
    """The second step: a code from the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("Code"), max_length=64, strip=True,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        return _no_nul(self.cleaned_data["code"])


class EnrolForm(forms.Form):
    """Confirming a new authenticator: the code it shows proves it was set up right."""

    code = forms.CharField(
        label=_("Code from the app"), max_length=16, strip=True,
        help_text=_("Six digits, as the app shows them after you added the account."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autocapitalize": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(_no_nul(self.cleaned_data["code"]).split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Write the six digits the app shows."), code="format")
        if self.device is None or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code does not match. Check that the phone's clock is right and try the newest code."),
                code="mismatch",
            )
        return code


class DeviceRemoveForm(forms.Form):
    device = forms.CharField(max_length=200)

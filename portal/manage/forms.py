from django import forms
from django.utils.translation import gettext_lazy as _


def _text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


class AuditFilterForm(forms.Form):
    case = forms.CharField(label=_("Case code"), max_length=32, required=False)
    user = forms.CharField(label=_("User"), max_length=150, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_case(self):
        return _text(self.cleaned_data["case"])

    def clean_user(self):
        return _text(self.cleaned_data["user"])

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class UserActionForm(forms.Form):
    ACTIONS = [("unlock", _("Lift the lockout")), ("reset_second_factor", _("Reset the second factor"))]

    action = forms.ChoiceField(choices=ACTIONS)
    user = forms.IntegerField(min_value=1, max_value=2**62)
    confirm = forms.BooleanField(required=False)

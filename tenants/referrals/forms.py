"""Forms of referrals and free places: every GET filter and every POST goes through one."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.flow.countries import country_codes, country_name
from knowledge import languages
from portal.roles import Region
from tenants.referrals.models import (
    AgeGroup, Authority, DeclineReason, ExploitationForm, Gender, Support, Urgency,
)
from tenants.referrals.services import PLACES_MAX

CHILDREN_MAX = 12
NOTE_MAX = 2000
OLDEST_AGE = 100
# Initials only, as the actor's case form asks (intake.models.initials_validator).
initials_validator = RegexValidator(r"^(\w\.?){1,3}$", _("Write initials only, one to three letters, e.g. A.B."))


def _clean_text(value: str) -> str:
    # PostgreSQL refuses NUL in text: a pasted one must not become a server error.
    return (value or "").replace("\x00", "").strip()


def language_choices() -> list[tuple[str, str]]:
    return [(code, languages.get(code).name) for code in languages.CODES] + [("other", _("Another language"))]


class SearchForm(forms.Form):
    """What the person needs; every field may be left open."""

    region = forms.ChoiceField(label=_("Region"), required=False,
                               choices=[("", _("All regions"))] + list(Region.choices))
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", "—")] + list(Gender.choices))
    age_group = forms.ChoiceField(label=_("Age"), required=False, choices=[("", "—")] + list(AgeGroup.choices))
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Form of exploitation"), required=False, choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple)
    children = forms.IntegerField(label=_("Accompanying children"), required=False, min_value=0,
                                  max_value=CHILDREN_MAX, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    support = forms.ChoiceField(label=_("Support"), required=False,
                                choices=[("", _("Shelter or support without housing"))] + list(Support.choices))
    pets = forms.BooleanField(label=_("Has pets"), required=False)
    substance_use = forms.BooleanField(label=_("Active substance use"), required=False)
    free_now = forms.BooleanField(label=_("Free places now"), required=False)

    def filters(self) -> dict:
        """The selector's arguments from what was valid (an invalid field is left open)."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "region": data.get("region") or None, "gender": data.get("gender") or None,
            "age_group": data.get("age_group") or None, "exploitation_forms": data.get("exploitation_forms") or [],
            "children": data.get("children") or 0, "support": data.get("support") or None,
            "pets": bool(data.get("pets")), "substance_use": bool(data.get("substance_use")),
            "free_now": bool(data.get("free_now")),
        }


class ReferralForm(forms.Form):
    """The request to one actor: pseudonymous facts only, and the coordinator's contact."""

    age_group = forms.ChoiceField(label=_("Age"), choices=AgeGroup.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Form of exploitation"), required=False, choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple)
    children = forms.IntegerField(label=_("Accompanying children"), min_value=0, max_value=CHILDREN_MAX,
                                  initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    support = forms.ChoiceField(label=_("Support"), choices=Support.choices)
    pets = forms.BooleanField(label=_("Has pets"), required=False)
    substance_use = forms.BooleanField(label=_("Active substance use"), required=False)
    language = forms.ChoiceField(label=_("The person's language"))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    authorities = forms.MultipleChoiceField(
        label=_("Authorities contacted"), choices=Authority.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("What you know: it tells the actor what the programme would complement."))
    contact = forms.CharField(
        label=_("Your contact"), max_length=200,
        help_text=_("Phone or e-mail where the actor reaches you. Never the person's name or contact."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()

    def clean_contact(self) -> str:
        contact = _clean_text(self.cleaned_data["contact"])
        if not contact:
            raise forms.ValidationError(_("Write how the actor reaches you."), code="required")
        return contact

    def clean(self):
        data = super().clean()
        authorities = data.get("authorities") or []
        if Authority.NONE in authorities and len(authorities) > 1:
            self.add_error("authorities", _("“None yet” cannot go with an authority that was contacted."))
        return data


class PlacesForm(forms.Form):
    """Free places now: a number, or one step up or down (the start page's two clicks)."""

    places_free = forms.IntegerField(label=_("Free places now"), required=False, min_value=0,
                                     max_value=PLACES_MAX, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    step = forms.ChoiceField(required=False, choices=[("", ""), ("up", "+1"), ("down", "−1")])

    def __init__(self, *args, limit: int = PLACES_MAX, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["places_free"].max_value = limit
        self.fields["places_free"].widget.attrs["max"] = limit

    def clean(self):
        data = super().clean()
        step = data.get("step")
        if step in ("up", "down"):
            # A step counts from the number stored when it is saved (services.places_update).
            self.errors.pop("places_free", None)
            return {"places_free": None, "step": 1 if step == "up" else -1}
        if self.errors:
            return data
        if data.get("places_free") is None:
            raise forms.ValidationError(_("Write the number of free places."), code="required")
        if data["places_free"] > self.limit:
            raise forms.ValidationError(
                _("Free places go from 0 to %(limit)s (the actor's places).") % {"limit": self.limit},
                code="range")
        return {"places_free": data["places_free"], "step": 0}


class AcceptForm(forms.Form):
    """Accepting: the actor records the person's initials, birth year and nationality, as
    for any case; they stay in the actor's schema."""

    initials = forms.CharField(
        label=_("Initials"), max_length=8, validators=[initials_validator],
        help_text=_("Initials only, never the name (e.g. A.B.)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    birth_year = forms.IntegerField(label=_("Birth year"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    nationality = forms.ChoiceField(label=_("Nationality"))

    def __init__(self, *args, lang: str = "sv", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—")] + sorted(
            ((code, country_name(code, lang)) for code in country_codes()), key=lambda pair: pair[1])

    def clean_initials(self) -> str:
        return _clean_text(self.cleaned_data["initials"]).upper()

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(
                _("The birth year cannot be in the future (it is %(year)s now).") % {"year": this_year})
        if year < this_year - OLDEST_AGE:
            raise forms.ValidationError(
                _("Check the birth year: the person would be more than %(age)s years old.") % {"age": OLDEST_AGE})
        return year


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note to the coordinator"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Optional. The coordinator sees the reason and this note."))

    def clean_note(self) -> str:
        return _clean_text(self.cleaned_data["note"])

    def clean(self):
        data = super().clean()
        if data.get("reason") == DeclineReason.OTHER and not data.get("note"):
            self.add_error("note", _("Say briefly why, when the reason is “Other”."))
        return data


class ContactForm(forms.Form):
    contact = forms.CharField(label=_("Contact for referrals"), max_length=200, required=False,
                              help_text=_("A phone number or address that answers referrals, shown to regional coordinators."))

    def clean_contact(self) -> str:
        return _clean_text(self.cleaned_data["contact"])

"""Forms of the programme's pages: every POST and every filter goes through one."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import DECISION_KINDS, ApplicationStatus

# The starting text's placeholders: "[which authorities were asked and what they answered]".
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{3,}\]")
MOTIVATION_MAX = 5000


class DecisionForm(forms.Form):
    """A decision (or a correction of one) with its motivation, and for a partial grant the
    days or amounts granted per intervention (a blank field keeps what was applied for)."""

    kind = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    motivation = forms.CharField(
        label=_("Motivation"), max_length=MOTIVATION_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Always written: the actor and, through them, the person will read it."),
    )

    budget_motivation = forms.CharField(
        label=_("Why grant although the budget post goes below zero"), required=False, max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when the page warns that a budget post would go below zero."),
    )

    def __init__(self, *args, interventions: list[dict], correction: bool = False, admission_asked: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        if admission_asked and not correction:
            # Admission (tillträde) is a decision of its own, asked with the case's first application.
            self.fields["admission"] = forms.ChoiceField(
                label=_("Admission to the programme"), widget=forms.RadioSelect, required=False, initial="granted",
                choices=[("granted", _("Admitted to the programme")), ("refused", _("Admission refused"))],
                help_text=_("Asked with the case's first application. A person admitted can get further "
                            "interventions without being admitted again."),
            )
        kinds = [kind for kind in DECISION_KINDS if not (correction and kind == ApplicationStatus.MORE_INFO)]
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.interventions = interventions
        self.reduction_fields = []
        for index, item in enumerate(interventions):
            if item.get("days"):
                name = f"days_{index}"
                self.fields[name] = forms.IntegerField(
                    label=_("%(name)s: days granted") % {"name": item["name"]}, required=False,
                    min_value=0, max_value=item["days"], initial=item["days"],
                    help_text=_("At most %(days)s, as applied for.") % {"days": item["days"]},
                )
            else:
                name = f"amount_{index}"
                self.fields[name] = forms.IntegerField(
                    label=_("%(name)s: amount granted (SEK)") % {"name": item["name"]}, required=False,
                    min_value=0, max_value=item["amount"], initial=item["amount"],
                    help_text=_("At most %(amount)s kr, as applied for.") % {"amount": item["amount"]},
                )
            self.reduction_fields.append(name)

    def clean_motivation(self) -> str:
        text = self.cleaned_data["motivation"].strip()
        if PLACEHOLDER.search(text):
            raise forms.ValidationError(
                _("Replace the text in square brackets with what applies to this application."),
                code="placeholder",
            )
        return text

    def reductions(self) -> tuple[dict[int, int], dict[int, int]]:
        """(days, amounts) by intervention index, for the fields that were filled in."""
        days, amounts = {}, {}
        for name in self.reduction_fields:
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            kind, index = name.split("_")
            (days if kind == "days" else amounts)[int(index)] = value
        return days, amounts


class InboxFilterForm(forms.Form):
    """The inbox's filters; an unknown value is an error on that filter, never a crash."""

    actor = forms.ChoiceField(label=_("Actor"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    intervention = forms.ChoiceField(label=_("Intervention"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000, widget=forms.HiddenInput)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["actor"].choices = everyone + list(choices["actors"])
        self.fields["year"].choices = everyone + [(year, year) for year in choices["years"]]
        self.fields["intervention"].choices = everyone + list(choices["interventions"])
        self.fields["status"].choices = everyone + [
            (status.value, status.label) for status in ApplicationStatus if status != ApplicationStatus.DRAFT]

    def filters(self) -> dict:
        """The valid filters; a filter with an error is left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or None for name in ("actor", "year", "intervention", "status")
                if name not in self.errors}

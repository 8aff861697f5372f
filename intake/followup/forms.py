"""Forms of the follow-up: every POST goes through one (errors next to the field)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.followup.models import ClockKind, CloseReason, PriorDaysSource
from tenants.followup.models import EndReason

NOTE_MAX = 2000
# Dates a period can have: the programme began in 2015, and no period runs past 2100.
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2100, 12, 31)


def _sensible(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise forms.ValidationError(_("Enter a date from 2015 onwards."), code="range")
    return day


class PriorDaysForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of period"), choices=ClockKind.choices)
    days = forms.IntegerField(label=_("Days used"), min_value=1, max_value=366,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    source = forms.ChoiceField(label=_("Where the days were used"), choices=PriorDaysSource.choices,
                               widget=forms.RadioSelect)
    reason = forms.CharField(label=_("How the days are known"), max_length=NOTE_MAX,
                             help_text=_("E.g. the earlier decision, or a certificate from the other actor."),
                             widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}))


class PeriodEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day of support from the programme"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("Why the period ends early"), choices=EndReason.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (stays with the actor)"), max_length=NOTE_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}))

    def clean_ended_on(self) -> date:
        return _sensible(self.cleaned_data["ended_on"])


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why the case is closed"), choices=CloseReason.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (stays with the actor)"), max_length=NOTE_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}))


class CaseFilterForm(forms.Form):
    """The case list's filters; an unknown value is an error on that filter, never a crash."""

    q = forms.CharField(label=_("Find by case code or initials"), max_length=16, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    due = forms.ChoiceField(label=_("Due work"), required=False,
                            choices=[("", _("All")), ("week", _("Period ends this week"))])

    def __init__(self, *args, **kwargs):
        from intake.models import CaseStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(CaseStatus.choices)

    def filters(self) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "query": cleaned.get("q") or "" if "q" not in self.errors else "",
            "status": (cleaned.get("status") or None) if "status" not in self.errors else None,
            "due_only": cleaned.get("due") == "week" if "due" not in self.errors else False,
        }


class ReviewRequestForm(forms.Form):
    motivation = forms.CharField(label=_("Why the decision should be reviewed"), max_length=NOTE_MAX,
                                 widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX}))
    new_facts = forms.CharField(label=_("New facts"), max_length=NOTE_MAX, required=False,
                                help_text=_("Update the intake's answers too where they changed."),
                                widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}))

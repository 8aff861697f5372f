from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.flow import Question
from intake.flow.countries import country_codes, country_name
from intake.flow.model import DAYS_USED_PARTS
from intake.models import ChildWhere, Gender, LawfulBasis, initials_validator
from knowledge import languages

# Rows offered for the `items` kind of question (a specific need rarely has more).
ITEM_ROWS = 4
# Plausible ages: nobody supported is older than this, and a parent is at least this much
# older than their child.
OLDEST_AGE = 100
REASON_MAX = 2000
YOUNGEST_PARENT_AGE = 10


def country_choices(lang: str) -> list[tuple[str, str]]:
    return sorted(((code, country_name(code, lang)) for code in country_codes()), key=lambda pair: pair[1])


class CaseOpenForm(forms.Form):
    initials = forms.CharField(
        label=_("Initials"), max_length=8, validators=[initials_validator],
        help_text=_("Initials only, never the name (e.g. A.B.)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    birth_year = forms.IntegerField(label=_("Birth year"),
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    nationality = forms.ChoiceField(label=_("Nationality"))
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    with_guardian = forms.TypedChoiceField(
        label=_("If the person is a child: is a guardian with them?"), required=False,
        choices=[("", _("Not a child")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value), empty_value=None,
    )
    person_language = forms.ChoiceField(
        label=_("The person's language"), help_text=_("Used on the person's screen during the intake."),
    )

    def __init__(self, *args, lang: str = "sv", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—")] + country_choices(lang)
        self.fields["person_language"].choices = [
            (code, languages.get(code).name) for code in languages.CODES
        ]

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(
                _("The birth year cannot be in the future (it is %(year)s now).") % {"year": this_year}
            )
        if year < this_year - OLDEST_AGE:
            raise forms.ValidationError(
                _("Check the birth year: the person would be more than %(age)s years old.") % {"age": OLDEST_AGE})
        return year


class ChildForm(forms.Form):
    where = forms.ChoiceField(label=_("Where is the child?"), choices=[("", "—")] + list(ChildWhere.choices),
                              required=False)
    birth_year = forms.IntegerField(label=_("Child's birth year"), required=False, min_value=1900,
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    gender = forms.ChoiceField(label=_("Child's gender"), required=False,
                               choices=[("unknown", _("Unknown")), ("girl", _("Girl")), ("boy", _("Boy"))])

    def clean(self):
        data = super().clean()
        year = data.get("birth_year")
        if year and year > timezone.localdate().year:
            self.add_error("birth_year", _("The birth year cannot be in the future."))
        if year and not data.get("where"):
            self.add_error("where", _("Say where the child is."))
        return data


class BaseChildFormSet(forms.BaseFormSet):
    """The person's children; each must be plausibly younger than the person."""

    def __init__(self, *args, parent_birth_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_birth_year = parent_birth_year

    def clean(self):
        super().clean()
        if self.parent_birth_year is None:
            return
        earliest = self.parent_birth_year + YOUNGEST_PARENT_AGE
        for form in self.forms:
            year = getattr(form, "cleaned_data", {}).get("birth_year")
            if year and year < earliest:
                form.add_error("birth_year", _(
                    "A child born in %(year)s would be born before the person was %(age)s years old "
                    "(the person was born in %(parent)s). Check both birth years.") % {
                    "year": year, "age": YOUNGEST_PARENT_AGE, "parent": self.parent_birth_year})


ChildFormSet = formset_factory(ChildForm, formset=BaseChildFormSet, extra=3, max_num=10, validate_max=True)


def children_from(formset) -> list[dict]:
    return [
        {"where": form.cleaned_data["where"], "birth_year": form.cleaned_data.get("birth_year"),
         "gender": form.cleaned_data.get("gender") or "unknown"}
        for form in formset.forms
        if form.cleaned_data.get("where")
    ]


def raw_answer(question: Question, post) -> Any:
    """The raw answer of a posted chat form, in the shape intake.flow.validate_answer takes."""
    if post.get("skip"):
        return None
    kind = question.kind
    if kind in ("multi_choice", "country_list"):
        value: Any = post.getlist("value")
    elif kind == "items":
        value = [
            {"item": post.get(f"item_{row}", ""), "cost": post.get(f"cost_{row}", "")}
            for row in range(ITEM_ROWS)
            if post.get(f"item_{row}")
        ]
    elif kind == "days_used":
        value = {part: post.get(f"days_{part}", "") for part in DAYS_USED_PARTS}
    else:
        value = post.get("value", "")
    if question.note:
        return {"value": value, "note": post.get("note", "")}
    return value


class AdjustForm(forms.Form):
    """Staff adjust a recommendation: days or amounts within the year's limits, with a reason."""

    reason = forms.CharField(label=_("Why do you adjust the recommendation?"), max_length=REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, limits: list[dict], names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        for limit in limits:
            item = limit["item"]
            name = names.get(item["code"], item["code"])
            if limit["field"].startswith("days_"):
                label = _("%(name)s: days") % {"name": name}
                help_text = _("At most %(max)s days: the year's limit for this period.") % {"max": limit["max"]}
            else:
                label = _("%(name)s: amount (SEK)") % {"name": name}
                help_text = _("At most %(max)s kr: the documented cost within the year's limit.") % {
                    "max": limit["max"]}
            self.fields[limit["field"]] = forms.IntegerField(
                label=label, help_text=help_text, min_value=0, max_value=limit["max"], required=True,
                initial=item.get("days") if limit["field"].startswith("days_") else item.get("amount"),
            )
        self.order_fields([limit["field"] for limit in limits] + ["reason"])

    def values(self) -> dict[str, int]:
        return {limit["field"]: self.cleaned_data[limit["field"]] for limit in self.limits}


class LawfulBasisForm(forms.Form):
    """The person's consent, or the lawful basis that applies, before anything is shared."""

    basis = forms.ChoiceField(label=_("Lawful basis"), choices=LawfulBasis.Basis.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("How the person was informed"), required=False, max_length=2000,
        help_text=_("E.g. the language and whether an interpreter took part. No names."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_note(self):
        return (self.cleaned_data.get("note") or "").replace("\x00", "").strip()

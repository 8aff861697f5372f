"""Forms of the certification pages. Every text refuses NUL, every number and date is
bounded: odd input is a clear error on its field, never a server error."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.roles import Region
from tenants.certification import questions
from tenants.certification.models import Assessment
from tenants.models import ActorKind

TEXT_MAX = 5000
DATE_WIDGET = {"type": "date"}


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


class TextField(forms.CharField):
    def to_python(self, value):
        return _clean_text(super().to_python(value))


class BoundedDateField(forms.DateField):
    """A date within a few years of today (a visit, a deadline, a validity)."""

    def __init__(self, *args, past_days: int = 366, future_days: int = 5 * 366, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs=DATE_WIDGET))
        super().__init__(*args, **kwargs)
        self.past_days, self.future_days = past_days, future_days

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\x00", "")[:32]
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value < today - timedelta(days=self.past_days) or value > today + timedelta(days=self.future_days):
            raise forms.ValidationError(
                _("Give a date between %(first)s and %(last)s.") % {
                    "first": (today - timedelta(days=self.past_days)).isoformat(),
                    "last": (today + timedelta(days=self.future_days)).isoformat()}, code="range")


class RegisterForm(forms.Form):
    name = TextField(label=_("Name"), max_length=200)
    slug = forms.RegexField(
        label=_("Short name"), max_length=40, regex=r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$",
        help_text=_("Lower-case letters, digits and hyphens; it becomes the actor's address, e.g. solrosen.localhost."),
        error_messages={"invalid": _("Use 3–40 lower-case letters (a–z), digits and hyphens, starting with a letter.")},
    )
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    kind = forms.ChoiceField(label=_("Kind"), widget=forms.RadioSelect, choices=[
        (ActorKind.SHELTER.value, ActorKind.SHELTER.label), (ActorKind.LOW_THRESHOLD.value, ActorKind.LOW_THRESHOLD.label)])
    contact_name = TextField(label=_("Contact person"), max_length=200,
                             help_text=_("Becomes the actor's first administrator through the invitation link."))
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254)
    contact_phone = TextField(label=_("Contact phone"), max_length=40, required=False)

    def clean_slug(self):
        return self.cleaned_data["slug"].replace("\x00", "")


class StatusForm(forms.Form):
    event = forms.ChoiceField(label=_("Step"), widget=forms.RadioSelect)
    reason = TextField(label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                       help_text=_("Always written: it is kept in the actor's history."))
    valid_until = BoundedDateField(label=_("Certified until"), required=False, past_days=0,
                                   help_text=_("Only when certifying."))

    def __init__(self, *args, events: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = events

    def clean(self):
        data = super().clean()
        if data.get("event") == "certify" and not data.get("valid_until") and "valid_until" not in self.errors:
            self.add_error("valid_until", _("Give the date until which the certification is valid."))
        if data.get("event") != "certify" and data.get("valid_until"):
            self.add_error("valid_until", _("A validity date is given only when certifying."))
        return data


class VisitForm(forms.Form):
    """The certification visit: the coordinator's assessment of each of the 25 requirements."""

    visited_on = BoundedDateField(label=_("Date of the visit"), future_days=0)

    def __init__(self, *args, lang: str, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for item in questions.requirements():
            given = answers.get(item.id)
            assessment = forms.ChoiceField(
                label=_("Requirement %(number)s") % {"number": item.number}, widget=forms.RadioSelect,
                choices=Assessment.choices, initial=given.assessment if given and given.assessment else None)
            recommendation = TextField(label=_("Recommendation"), max_length=TEXT_MAX, required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       initial=given.recommendation if given else "")
            owner = TextField(label=_("Action owner"), max_length=200, required=False)
            deadline = BoundedDateField(label=_("Action deadline"), required=False, past_days=0)
            names = {key: f"{key}_{item.id}" for key in ("assessment", "recommendation", "owner", "deadline")}
            self.fields[names["assessment"]] = assessment
            self.fields[names["recommendation"]] = recommendation
            self.fields[names["owner"]] = owner
            self.fields[names["deadline"]] = deadline
            self.rows.append({"requirement": item, "question": item.question_text(lang),
                              "text": item.requirement_text(lang), "answer": given, "names": names})

    def clean(self):
        data = super().clean()
        for row in self.rows:
            names = row["names"]
            if data.get(names["assessment"]) in (Assessment.PARTLY, Assessment.NOT_MET) \
                    and not data.get(names["recommendation"]):
                self.add_error(names["recommendation"],
                               _("Write the recommendation: it becomes the action the actor must take."))
        return data

    def bound_rows(self, documents: dict | None = None):
        return [{**row, **{key: self[name] for key, name in row["names"].items()},
                 "documents": (documents or {}).get(row["requirement"].id, [])} for row in self.rows]

    def assessments(self) -> dict:
        from tenants.certification.services import Assessed

        return {row["requirement"].id: Assessed(
            assessment=self.cleaned_data[row["names"]["assessment"]],
            recommendation=self.cleaned_data[row["names"]["recommendation"]],
            owner=self.cleaned_data[row["names"]["owner"]], deadline=self.cleaned_data[row["names"]["deadline"]])
            for row in self.rows}


def requirement_choices(lang: str) -> list[tuple[str, str]]:
    return [("", _("(none)"))] + [
        (item.id, f"{item.number}. {item.question_text(lang)[:80]}") for item in questions.requirements()]


class ActionForm(forms.Form):
    requirement = forms.ChoiceField(label=_("Requirement"), required=False)
    description = TextField(label=_("What is to be done"), max_length=TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 2}))
    owner = TextField(label=_("Owner"), max_length=200)
    deadline = BoundedDateField(label=_("Deadline"), past_days=0)

    def __init__(self, *args, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = requirement_choices(lang)


class ProgressForm(forms.Form):
    progress = TextField(label=_("Progress"), max_length=TEXT_MAX, required=False,
                         widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.BooleanField(label=_("Done"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("progress") and not data.get("done"):
            self.add_error("progress", _("Write what has been done, or mark the action done."))
        return data


class PlacesForm(forms.Form):
    def __init__(self, *args, places: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places_free"] = forms.IntegerField(
            label=_("Free places now"), min_value=0, max_value=max(places, 0),
            help_text=_("Of %(places)s places in the profile.") % {"places": places})


class AnswersForm(forms.Form):
    """The actor's answers to the minimum requirements, with evidence and routine documents."""

    def __init__(self, *args, lang: str, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for item in questions.requirements():
            given = answers.get(item.id)
            names = {"answer": f"answer_{item.id}", "evidence": f"evidence_{item.id}", "document": f"document_{item.id}"}
            self.fields[names["answer"]] = TextField(
                label=item.question_text(lang), max_length=TEXT_MAX, required=False,
                widget=forms.Textarea(attrs={"rows": 3}), initial=given.answer if given else "")
            self.fields[names["evidence"]] = TextField(
                label=_("Evidence"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=given.evidence if given else "",
                help_text=_("Where the routine is written down, who decided it, how staff learn it."))
            self.fields[names["document"]] = forms.FileField(
                label=_("Routine document (PDF, ODT, DOCX or text, at most 5 MB)"), required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.txt"}))
            self.rows.append({"requirement": item, "text": item.requirement_text(lang),
                              "section": questions.section_text(item.section, lang), "names": names,
                              "answer": given})

    def bound_rows(self, documents: dict | None = None):
        return [{**row, **{key: self[name] for key, name in row["names"].items()},
                 "documents": (documents or {}).get(row["requirement"].id, [])} for row in self.rows]

    def answers(self) -> dict[str, tuple[str, str]]:
        return {row["requirement"].id: (self.cleaned_data[row["names"]["answer"]],
                                        self.cleaned_data[row["names"]["evidence"]]) for row in self.rows}

    def documents(self) -> dict[str, object]:
        return {row["requirement"].id: self.cleaned_data[row["names"]["document"]]
                for row in self.rows if self.cleaned_data.get(row["names"]["document"])}


def _choices(name: str, lang: str, blank: bool = True) -> list[tuple[str, str]]:
    found = [(option.value, option.text(lang)) for option in questions.options(name)]
    return ([("", "–")] if blank else []) + found


class ProfileForm(forms.Form):
    """The actor profile (NSP/VP/Dok.09): one line of fields per row of the seed's form,
    built from the questions' data; field names carry the row's stable id."""

    def __init__(self, *args, lang: str, profile: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.areas = []
        for area in questions.profile_areas():
            groups = []
            for group in area.groups:
                rows = [self._row(row, profile.get(row.id) or {}) for row in group.rows]
                groups.append({"group": group, "title": group.text(lang),
                               "columns": questions.column_titles(group.kind, lang), "rows": rows})
            self.areas.append({"area": area, "title": area.text(lang), "groups": groups})
        self.supplement = [self._row(row, profile.get(row.id) or {}) for row in questions.supplement_rows()]
        self.supplement_title = questions.supplement_title(lang)

    def _row(self, row: questions.ProfileRow, given: dict) -> dict:
        lang, names = self.lang, {}

        def add(key, field):
            name = f"{row.id}__{key}"
            self.fields[name] = field
            names[key] = name

        label = row.text(lang)
        if row.kind == "service":
            add("offers", forms.ChoiceField(label=label, choices=_choices("offers", lang), required=False,
                                            initial=given.get("offers", "")))
            add("provision", forms.ChoiceField(label=_("%(row)s: provided") % {"row": label},
                                               choices=_choices("provision", lang), required=False,
                                               initial=given.get("provision", "")))
        elif row.value == "number":
            add("value", forms.IntegerField(label=label, min_value=0, max_value=999, required=False,
                                            initial=given.get("value")))
        elif row.value == "exploitation_forms":
            add("value", forms.MultipleChoiceField(label=label, choices=_choices(row.value, lang, blank=False),
                                                   widget=forms.CheckboxSelectMultiple, required=False,
                                                   initial=given.get("value", [])))
        else:
            add("value", forms.ChoiceField(label=label, choices=_choices(row.value, lang), required=False,
                                           initial=given.get("value", "")))
        if not row.no_target:
            add("target", forms.MultipleChoiceField(
                label=_("%(row)s: target group") % {"row": label}, choices=_choices("target", lang, blank=False),
                widget=forms.CheckboxSelectMultiple, required=False, initial=given.get("target", [])))
        if row.area != "referral":
            add("comment", TextField(label=_("%(row)s: comment") % {"row": label}, max_length=500, required=False,
                                     initial=given.get("comment", "")))
            add("all_regions", forms.BooleanField(label=_("%(row)s: in all regions") % {"row": label},
                                                  required=False, initial=given.get("all_regions", False)))
        return {"row": row, "label": label, "names": names}

    def _bound(self, entry: dict) -> dict:
        return {**entry, "fields": [self[name] for name in entry["names"].values()]}

    def layout(self) -> dict:
        """The areas, groups and rows with their bound fields, for the template."""
        return {
            "areas": [{**area, "groups": [{**group, "rows": [self._bound(entry) for entry in group["rows"]]}
                                          for group in area["groups"]]} for area in self.areas],
            "supplement": [self._bound(entry) for entry in self.supplement],
            "supplement_title": self.supplement_title,
        }

    def answers(self) -> dict:
        found = {}
        for name, value in self.cleaned_data.items():
            row_id, _sep, key = name.partition("__")
            if value not in ("", None, [], False):
                found.setdefault(row_id, {})[key] = value
        return found


class InvitationForm(forms.Form):
    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]{3,150}$",
                                error_messages={"invalid": _("3–150 letters, digits and . @ + - _")})
    first_name = TextField(label=_("First name"), max_length=150, required=False)
    last_name = TextField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(label=_("Password"), max_length=4096, strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 12 characters, not a common password, not only digits."))
    password2 = forms.CharField(label=_("The password again"), max_length=4096, strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_username(self):
        return self.cleaned_data["username"].replace("\x00", "")

    def clean(self):
        data = super().clean()
        for key in ("password1", "password2"):
            if "\x00" in (data.get(key) or ""):
                self.add_error(key, _("The password contains a character that cannot be used."))
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data

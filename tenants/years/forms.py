"""Forms for programme years: labelled number inputs per rate and limit, never raw JSON.

The form only parses whole numbers; whether a value is allowed (a negative rate, 0 days,
a step longer than its period) is the rules engine's to say, through load_ruleset, so
the portal and the year files are checked by one set of rules. A RuleSetError names a
path in the year document; the form puts it next to the input that wrote that path.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.rules import RuleSetError
from tenants.years import selectors, services

PER_LABELS = {
    "item": gettext_lazy("per item"),
    "hour": gettext_lazy("per hour"),
    "night": gettext_lazy("per night"),
    "session": gettext_lazy("per session"),
    "occasion": gettext_lazy("per occasion"),
}


def rule_set_error_text(error: RuleSetError) -> str:
    """The engine's complaint in the user's language where we know its code."""
    params = {"value": "", **error.params}
    code = error.code
    if code == "minimum":
        return _("Must be at least %(minimum)s (you entered %(value)s).") % params
    if code == "maximum":
        return _("Must be at most %(maximum)s (you entered %(value)s).") % params
    if code == "type":
        return _("Enter a whole number.")
    if code == "required":
        return _("This value is required.")
    if code == "needs_rate":
        return _("A daily intervention needs a rate in SEK per day.")
    if code == "needs_max_days":
        return _("This period needs a maximum number of days: the sequence of periods is "
                 "counted from it.")
    if code == "step_larger_than_max":
        return _("The days per step (%(value)s) cannot be more than the maximum days "
                 "(%(maximum)s).") % params
    return error.problem  # the engine's own words (English) for the rare remaining cases


@dataclass(frozen=True)
class _Target:
    """Where a field's value goes in the year document."""

    section: str  # "intervention", "item", "cap", "allowance"
    index: int | None
    key: str | None


def _number(label: str, initial: Any, *, minimum: int, help_text: str = "") -> forms.IntegerField:
    # No min_value here: the engine's schema decides, and says so next to the field.
    return forms.IntegerField(
        label=label, required=False, initial=initial, help_text=help_text,
        widget=forms.NumberInput(attrs={"min": minimum, "step": 1, "inputmode": "numeric"}),
    )


class ProgrammeYearForm(forms.Form):
    """Rates and limits of one stored year, built from its document."""

    note = forms.CharField(
        label=gettext_lazy("Why the change"), required=False, max_length=2000,
        help_text=gettext_lazy("Kept in the year's history with your name, e.g. the decision "
                               "that set the new rates."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, year_data: dict, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_data = year_data
        self.lang = lang
        self._targets: dict[str, _Target] = {}
        self._paths: dict[str, str] = {}  # path in the year document -> field name
        self.full_labels: dict[str, str] = {}
        self.groups: list[dict[str, Any]] = []
        self._add_interventions()
        self._add_point_items()
        self._add_deduction()

    # building

    def _add(self, name: str, field: forms.Field, target: _Target, paths: list[str],
             group: dict[str, Any], full_label: str) -> None:
        self.fields[name] = field
        self._targets[name] = target
        for path in paths:
            self._paths[path] = name
        self.full_labels[name] = full_label
        group["names"].append(name)

    def _roles(self) -> dict[str, str]:
        """What each day intervention is in the year: a shelter period, integration, or a
        child supplement (the engine reads step_days only for the first two)."""
        roles = {step["intervention"]: "period" for step in self.year_data["shelter"]["periods"]}
        integration = self.year_data["integration"]
        for key in ("support_code", "residential_code"):
            if integration[key]:
                roles.setdefault(integration[key], "integration")
        for item in self.year_data["interventions"]:
            if item["child_supplement"]:
                roles.setdefault(item["child_supplement"], "supplement")
        return roles

    def _add_interventions(self) -> None:
        roles = self._roles()
        max_days_help = {
            "period": _("Days in this period; the next period starts after them."),
            "integration": _("Integration days in all."),
            "supplement": _("Empty: as many days as the period it belongs to."),
        }
        for index, item in enumerate(self.year_data["interventions"]):
            if item["unit"] != "day":
                continue
            role = roles.get(item["code"], "other")
            name = item[f"name_{self.lang}"]
            group = {"title": name, "code": item["code"], "names": []}
            fields = [("rate", _("Rate (SEK per day)"), 0, "")]
            fields.append(("max_days", _("Maximum days"), 1, max_days_help.get(role, "")))
            if role in ("period", "integration") or item["step_days"] is not None:
                fields.append(("step_days", _("Days per extension step"), 1,
                               _("Most days granted at a time; empty: up to the maximum.")))
            for key, label, minimum, help_text in fields:
                field_name = f"iv__{item['code']}__{key}"
                self._add(field_name, _number(label, item[key], minimum=minimum, help_text=help_text),
                          _Target("intervention", index, key), [f"interventions[{index}].{key}"],
                          group, f"{name}: {label}")
            self.groups.append(group)

    def _add_point_items(self) -> None:
        section = self.year_data["point_items"]
        group = {"title": _("Point interventions"), "code": "point_items", "names": []}
        label = _("Most paid per item (SEK)")
        self._add("point__cap_per_item",
                  _number(label, section["cap_per_item"], minimum=0,
                          help_text=_("Empty: no cap; the item's own maximum, or its cost, is paid.")),
                  _Target("cap", None, None), ["point_items.cap_per_item"], group,
                  f"{_('Point interventions')}: {label}")
        for index, item in enumerate(section["items"]):
            name = item[f"name_{self.lang}"]
            label = _("%(item)s: maximum cost %(per)s (SEK)") % {
                "item": name, "per": PER_LABELS.get(item["per"], item["per"])}
            self._add(f"item__{item['key']}__max_cost",
                      _number(label, item["max_cost"], minimum=0),
                      _Target("item", index, "max_cost"),
                      [f"point_items.items[{index}].max_cost"], group, label)
        self.groups.append(group)

    def _add_deduction(self) -> None:
        day_codes = [(item["code"], item[f"name_{self.lang}"])
                     for item in self.year_data["interventions"] if item["unit"] == "day"]
        existing = [(index, d) for index, d in enumerate(self.year_data["deductions"])
                    if d["answer"] == services.ALLOWANCE_ANSWER]
        label = _("Deduct the Migration Agency's daily allowance from")
        group = {"title": _("Deductions"), "code": "deductions", "names": []}
        self._add(
            "deduction__allowance",
            forms.MultipleChoiceField(
                label=label, required=False, choices=day_codes,
                initial=list(existing[0][1]["applies_to"]) if existing else [],
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Per day, from the adult rate of the ticked interventions, never "
                            "below zero. Tick none for no deduction."),
            ),
            _Target("allowance", None, None),
            [f"deductions[{index}].applies_to" for index, _d in existing] + ["deductions"],
            group, f"{_('Deductions')}: {label}",
        )
        self.groups.append(group)

    # using

    def bound_groups(self) -> list[dict[str, Any]]:
        if self.is_bound:
            for name in self.errors:
                if name in self.fields:
                    self.fields[name].widget.attrs.update({
                        "aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}_error"})
        return [{**group, "fields": [self[name] for name in group["names"]]} for group in self.groups]

    def year_document(self) -> dict:
        """The year's data with this form's values written in (call after is_valid())."""
        data = copy.deepcopy(self.year_data)
        for name, target in self._targets.items():
            value = self.cleaned_data.get(name)
            if target.section == "intervention":
                data["interventions"][target.index][target.key] = value
            elif target.section == "item":
                data["point_items"]["items"][target.index][target.key] = value
            elif target.section == "cap":
                data["point_items"]["cap_per_item"] = value
            elif target.section == "allowance":
                current = next((d["applies_to"] for d in data["deductions"]
                                if d["answer"] == services.ALLOWANCE_ANSWER), [])
                wanted = list(value or [])
                if sorted(wanted) != sorted(current):
                    # Keep the document's order for the codes that stay.
                    ordered = [code for code in current if code in wanted]
                    ordered += [code for code in wanted if code not in ordered]
                    data = services.set_allowance_deduction(data, ordered)
        return data

    def field_for_path(self, path: str) -> str | None:
        """The input that wrote `path`, or that of the nearest enclosing path."""
        while path:
            if path in self._paths:
                return self._paths[path]
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                return None
            path = path[:cut]
        return None

    def add_rule_set_error(self, error: RuleSetError) -> None:
        name = self.field_for_path(error.path)
        text = rule_set_error_text(error)
        if name is not None:
            self.add_error(name, text)
        else:
            self.add_error(None, f"{error.path}: {text}")

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, the field's full label, message) for the list above the form."""
        rows = []
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            field_id = self[name].auto_id
            if isinstance(self.fields[name].widget, forms.CheckboxSelectMultiple):
                field_id = f"{field_id}_0"
            for message in errors:
                rows.append((field_id, self.full_labels.get(name, self.fields[name].label), message))
        return rows


class DeriveForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("New year"), min_value=2000, max_value=2999)
    note = forms.CharField(label=gettext_lazy("Why (kept in the history)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

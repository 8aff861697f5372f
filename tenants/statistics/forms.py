from django import forms
from django.utils.translation import gettext_lazy as _

from portal.roles import Region


class StatisticsFilterForm(forms.Form):
    """The statistics' filters; an unknown value is an error on that filter (ignored), never a crash."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    actor = forms.ChoiceField(label=_("Actor"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    publication = forms.BooleanField(label=_("For publication (hide small counts)"), required=False)

    def __init__(self, *args, years: list[int], actors: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
        everyone = [("", _("All"))]
        self.fields["actor"].choices = everyone + list(actors)
        self.fields["region"].choices = everyone + list(Region.choices)

    def filters(self, default_year: int) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        found = {name: (cleaned.get(name) or None) if name not in self.errors else None
                 for name in ("year", "actor", "region")}
        found["year"] = found["year"] or default_year
        found["publication"] = bool(cleaned.get("publication")) if "publication" not in self.errors else False
        return found

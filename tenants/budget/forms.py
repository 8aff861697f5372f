from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.budget.models import BudgetPost

MAX_AMOUNT = 1_000_000_000

# The posts a new year starts with, after the 2016 pilot's "Tabell 2" (seed 001): by kind
# of intervention. The coordinator names the amounts; transfers move money later.
DEFAULT_POSTS = [
    {"key": "reflection", "name_sv": "Reflektionsperioder (30 dagar)", "name_en": "Reflection periods (30 days)",
     "interventions": ["reflection"]},
    {"key": "extended", "name_sv": "Fördjupat stöd och förlängda perioder",
     "name_en": "Deepened support and extended periods",
     "interventions": ["deepened_support", "deepened_support_reduced", "extended_reflection"]},
    {"key": "integration", "name_sv": "Integrationsstöd", "name_en": "Integration support",
     "interventions": ["integration", "integration_support", "integration_residential", "integration_support_child"]},
    {"key": "point", "name_sv": "Punktinsatser", "name_en": "Point interventions",
     "interventions": ["point", "point_child"]},
]


class BudgetCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, lang: str = "sv", **kwargs):
        super().__init__(*args, **kwargs)
        for post in DEFAULT_POSTS:
            self.fields[f"amount_{post['key']}"] = forms.IntegerField(
                label=_("%(post)s (SEK)") % {"post": post["name_sv"] if lang == "sv" else post["name_en"]},
                min_value=0, max_value=MAX_AMOUNT, initial=0)

    def posts(self) -> list[dict]:
        return [{**post, "amount": self.cleaned_data[f"amount_{post['key']}"]} for post in DEFAULT_POSTS]


class TransferForm(forms.Form):
    from_post = forms.ModelChoiceField(label=_("From post"), queryset=BudgetPost.objects.none())
    to_post = forms.ModelChoiceField(label=_("To post"), queryset=BudgetPost.objects.none())
    amount = forms.IntegerField(label=_("Amount (SEK)"), min_value=1, max_value=MAX_AMOUNT)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, budget, lang: str = "sv", **kwargs):
        super().__init__(*args, **kwargs)
        posts = BudgetPost.objects.filter(budget=budget)
        for name in ("from_post", "to_post"):
            self.fields[name].queryset = posts
            self.fields[name].label_from_instance = lambda post: post.name(lang)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_post") and cleaned.get("from_post") == cleaned.get("to_post"):
            self.add_error("to_post", _("Choose another post than the one the money comes from."))
        return cleaned

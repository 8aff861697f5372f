from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.services import MAX_TITLE


class TranslationForm(forms.Form):
    """The coordinator's edit of one translation; saving makes a new version (a draft)."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists and under the title."))
    body = forms.CharField(
        label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text=_("## for a heading, - for a list item, **bold**. The line "
                    "[[interventions:current]] becomes this year's rates table. Links to "
                    "other sites are shown as text; link another article with "
                    "[text](kb:article-slug)."))
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        if language is not None:
            # The text fields are in the article's language, not the screen's.
            for name in ("title", "summary", "body"):
                self.fields[name].widget.attrs.update(lang=language.code, dir=language.dir)

"""The knowledge base's forms. Every input from a reader or the coordinator is checked
here: lengths are bounded and NUL characters refused (PostgreSQL cannot store them),
with the message in the language of the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge import languages, texts
from knowledge.services import MAX_BODY, MAX_SUMMARY, MAX_TITLE

MAX_QUERY = 200


class SearchForm(forms.Form):
    """A search of one article language; its messages are in that language."""

    q = forms.CharField(required=False, max_length=MAX_QUERY)

    def __init__(self, *args, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages.update({
            "max_length": texts.text(lang, "search_too_long", max=languages.number(MAX_QUERY, lang)),
            "null_characters_not_allowed": texts.text(lang, "search_bad_character"),
        })


class LanguageSwitchForm(forms.Form):
    """The header's language switch on the knowledge base: the same page in another
    article language. `next` is the page it was on."""

    lang = forms.ChoiceField(choices=languages.choices())
    next = forms.CharField(required=False, max_length=2000)


class TranslationForm(forms.Form):
    """The coordinator's edit of one translation; saving makes a new version (a draft)."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists and under the title."))
    body = forms.CharField(
        label=_("Text (Markdown)"), max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text=_("## for a heading, - for a list item, **bold**. The line "
                    "[[interventions:current]] becomes this year's rates table. Links to "
                    "other sites are shown as text; link another article with "
                    "[text](kb:article-slug)."))
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1,
                                      max_value=2_000_000_000)

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        if language is not None:
            # The text fields are in the article's language, not the screen's.
            for name in ("title", "summary", "body"):
                self.fields[name].widget.attrs.update(lang=language.code, dir=language.dir)


class ActionForm(forms.Form):
    """A step of the review workflow on one translation."""

    action = forms.ChoiceField(choices=[("submit", "submit"), ("review", "review"),
                                        ("publish", "publish")])

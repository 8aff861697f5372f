"""Template tags of the knowledge base: the quick exit, usable on any public page."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from knowledge import languages
from knowledge.article_labels import label

register = template.Library()

# A neutral, Swedish public site (the weather service). It is only contacted when the
# person presses the button; nothing on our pages loads from it.
DEFAULT_QUICK_EXIT_URL = "https://www.smhi.se/"


def quick_exit_url() -> str:
    return getattr(settings, "KNOWLEDGE_QUICK_EXIT_URL", DEFAULT_QUICK_EXIT_URL)


@register.inclusion_tag("knowledge/_quick_exit.html")
def quick_exit(lang: str | None = None):
    """The quick-exit button; with `lang`, its label also in that (article) language."""
    ui = (get_language() or "sv").split("-")[0]
    other = None
    if lang and languages.is_supported(lang) and lang != ui:
        language = languages.get(lang)
        other = {"code": lang, "dir": language.dir, "text": label(lang, "quick_exit")}
    return {"url": quick_exit_url(), "other": other}

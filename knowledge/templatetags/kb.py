"""Template tags of the knowledge base: the quick exit (usable on any public page) and
the reader's texts in the article language (knowledge/texts.py)."""

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from knowledge import languages, texts

register = template.Library()

# A neutral, Swedish public site (the weather service). It is only contacted when the
# person presses the button; nothing on our pages loads from it.
DEFAULT_QUICK_EXIT_URL = "https://www.smhi.se/"


def quick_exit_url() -> str:
    return getattr(settings, "KNOWLEDGE_QUICK_EXIT_URL", DEFAULT_QUICK_EXIT_URL)


@register.inclusion_tag("knowledge/_quick_exit.html")
def quick_exit(lang: str | None = None):
    """The quick-exit button: in the reader's language `lang` when given (a knowledge-base
    page), else in the screen's language."""
    if lang and languages.is_supported(lang):
        return {"url": quick_exit_url(), "lang": lang, "dir": languages.get(lang).dir,
                "label": texts.text(lang, "quick_exit"),
                "hint": texts.text(lang, "quick_exit_hint")}
    return {"url": quick_exit_url(), "lang": None,
            "label": _("Leave this page quickly"), "hint": _("or press Esc twice")}


def _reader(context):
    return context.get("reader")


@register.simple_tag(takes_context=True)
def rt(context, key, **values):
    """{% rt "search_label" language=… %}: the reader's text, placeholders filled."""
    reader = _reader(context)
    return texts.text(reader.code if reader else texts.SOURCE, key, **values)


@register.simple_tag(takes_context=True)
def rt_count(context, key, n, **values):
    """{% rt_count "results_found" hits|length %}: the plural form the language uses."""
    reader = _reader(context)
    return texts.count_text(reader.code if reader else texts.SOURCE, key, int(n), **values)


# The page frame (base.html) is shared by every page. On the knowledge base's reader
# pages a `reader` is in the context and the frame speaks the reader's language; on all
# other pages it speaks the screen language through gettext, as before.


@register.simple_tag(takes_context=True)
def frame_text(context, key, default):
    """{% frame_text "skip_to_content" _("Skip to content") %}"""
    reader = _reader(context)
    return reader(key) if reader else default


@register.simple_tag(takes_context=True)
def frame_lang(context):
    reader = _reader(context)
    return reader.code if reader else (get_language() or settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def frame_dir(context):
    reader = _reader(context)
    if reader:
        return reader.dir
    return "rtl" if get_language_bidi() else "ltr"

"""The knowledge base's pages: reading, search and referral for anyone; editing for the
coordinator. Thin: parse, call a selector or service, render.

The reader's pages speak the article language of their URL throughout (knowledge/texts.py);
the referral check and the editor speak the screen's language (gettext).
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from knowledge import glossary, languages, referral, rendering, selectors, services, texts
from knowledge.article_labels import label
from knowledge.forms import MAX_QUERY, ActionForm, LanguageSwitchForm, SearchForm, TranslationForm
from knowledge.models import Category, Status
from portal.access import allow, public
from portal.roles import Role


def _ui_lang() -> str:
    code = (get_language() or "sv").split("-")[0]
    return code if code in languages.FALLBACKS else "sv"


def _language(code: str) -> languages.Language:
    try:
        return languages.get(code)
    except KeyError:
        raise Http404 from None


def _reader_page(language: languages.Language, **context) -> dict:
    """What every reader page's frame needs, in the article language of the URL."""
    return {"kb_lang": language, "reader": texts.Reader(language.code),
            "kb_languages": languages.all_languages(), "language_switch": True,
            "kb_section": "articles", "max_query": MAX_QUERY, **context}


def _reviewer_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "NSP"


def review_status(translation, reader_lang: str | None = None) -> dict:
    """How far the published text has been checked, honestly: in the article's language
    (`text`, inside the article) and as a short badge in the page's language (`badge`)."""
    lang = translation.language
    badge_lang = reader_lang or lang
    version = translation.published_version
    local = timezone.localtime
    if version.is_reviewed:
        kind = "reviewed"
        text = label(lang, "reviewed", date=languages.day(local(version.reviewed_at).date(), lang),
                     name=_reviewer_name(version.reviewed_by))
    elif translation.reviewed_at:
        kind = "changed"
        text = label(lang, "changed_since_review",
                     date=languages.day(local(translation.reviewed_at).date(), lang),
                     name=_reviewer_name(translation.reviewed_by))
    elif translation.translated_from:
        kind = "machine"
        text = label(lang, "machine")
    else:
        kind = "unreviewed"
        text = label(lang, "not_reviewed")
    return {
        "kind": kind, "badge": texts.text(badge_lang, f"badge_{kind}"), "text": text,
        "published": label(lang, "published",
                           date=languages.day(local(translation.published_at).date(), lang)),
    }


# --- reading ----------------------------------------------------------------------------


@public
@require_GET
def home(request):
    return redirect("knowledge:index", _ui_lang())


def _group(listed, lang: str):
    groups: dict[str, list] = {}
    for item in listed:
        groups.setdefault(item.article.category, []).append(item)
    names = {value: texts.text(lang, f"category_{value}") for value in Category.values}
    return [(names.get(key, key), items) for key, items in groups.items()]


@public
@require_GET
def article_list(request, lang):
    language = _language(lang)
    listed = selectors.article_list(lang)
    return render(request, "knowledge/article_list.html", _reader_page(
        language, groups=_group(listed, lang),
        missing=sum(1 for item in listed if item.fallback)))


@public
@require_GET
def article(request, lang, slug):
    language = _language(lang)
    reading = selectors.article_for_reading(slug, lang)
    if reading is None:
        raise Http404
    translation = reading.translation
    shown = translation.language_info
    version = translation.published_version
    rendered = rendering.render(version.body, shown.code)
    notice = None
    if reading.fallback:
        notice = label(lang, "not_available", language=language.name, fallback=shown.name)
    return render(request, "knowledge/article.html", _reader_page(
        language, shown=shown, reading=reading, translation=translation, version=version,
        body=rendered.html, headings=rendered.headings, notice=notice,
        status=review_status(translation, lang),
        picker=[languages.get(code) for code in reading.available],
        related=selectors.articles_by_slug(reading.article.related, lang)))


@public
@require_GET
def search(request, lang):
    language = _language(lang)
    form = SearchForm(request.GET, lang=lang)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    hits = selectors.search(lang, query) if query else []
    return render(request, "knowledge/search.html", _reader_page(
        language, form=form, query=query, hits=hits,
        fallbacks=[languages.get(code) for code in languages.FALLBACKS if code != lang]))


@public
@require_GET
def glossary_page(request, lang):
    language = _language(lang)
    shown_code, terms = glossary.terms(lang)
    titles = {item.article.slug: item.translation.published_version.title
              for item in selectors.article_list(lang)}
    entries = [(term, [(slug, titles[slug]) for slug in term.related if slug in titles])
               for term in terms]
    return render(request, "knowledge/glossary.html", _reader_page(
        language, shown=languages.get(shown_code), entries=entries,
        fallback=shown_code != lang,
        notice=label(lang, "not_available", language=language.name,
                     fallback=languages.get(shown_code).name)))


_KB_PAGE = re.compile(r"^/kb/(?P<lang>[a-z]{2})/(?P<rest>[^?#]*)(?:\?(?P<query>[^#]*))?$")


def same_page_in(next_url: str, lang: str) -> str:
    """The knowledge-base page `next_url` in article language `lang`; the language's
    start page for anything else (a path of ours only: never another site)."""
    index = reverse("knowledge:index", args=[lang])
    match = _KB_PAGE.match(next_url or "")
    if match is None or not languages.is_supported(match["lang"]):
        return index
    path = f"/kb/{lang}/{match['rest']}"
    try:
        resolve(path)
    except Resolver404:
        return index
    query = QueryDict(match["query"] or "").get("q")
    if query and path == reverse("knowledge:search", args=[lang]):
        path += "?" + urlencode({"q": query})
    return path


@public
@require_GET
def switch_language(request):
    form = LanguageSwitchForm(request.GET)
    if not form.is_valid():
        return redirect("knowledge:home")
    return redirect(same_page_in(form.cleaned_data["next"], form.cleaned_data["lang"]))


@public
@require_GET
def referral_check(request):
    form = referral.ReferralForm(request.GET if referral.submitted(request.GET) else None)
    result = None
    if form.is_bound and form.is_valid():
        result = referral.guidance(form.cleaned_data, lang=referral.ui_lang())
    lang = _ui_lang()
    context = {
        "form": form, "result": result, "kb_lang": languages.get(lang),
        "reader": texts.Reader(lang), "language_switch": False, "kb_section": "referral",
        "submitted_name": referral.SUBMITTED,
        "result_articles": selectors.articles_by_slug(result.articles, lang) if result else [],
    }
    template = "knowledge/referral.html"
    # htmx swaps the form and its answer; a history restore wants the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#check"
    return render(request, template, context)


# --- the coordinator's editor -------------------------------------------------------------


@allow(Role.COORDINATOR)
@require_GET
def editor(request):
    return render(request, "knowledge/editor_list.html", {
        "rows": selectors.editor_matrix(), "kb_languages": languages.all_languages(),
        "kb_lang": languages.get(_ui_lang()), "kb_section": "editor",
    })


def _article_or_404(slug):
    found = selectors.article_by_slug(slug)
    if found is None:
        raise Http404
    return found


@allow(Role.COORDINATOR)
def edit(request, slug, lang):
    article = _article_or_404(slug)
    language = _language(lang)
    translation = selectors.translation_for_edit(slug, lang)
    latest = selectors.latest_version(translation) if translation else None
    if request.method == "POST":
        form = TranslationForm(request.POST, language=language)
        if form.is_valid():
            data = form.cleaned_data
            try:
                translation = services.translation_save(
                    article=article, language=lang, title=data["title"],
                    summary=data["summary"], body=data["body"], user=request.user,
                    base_version=data["base_version"],
                )
            except services.KnowledgeError as error:
                form.add_error(None, error.message)
            else:
                before = latest.number if latest else 0
                latest = selectors.latest_version(translation)
                if latest.number == before:
                    messages.info(request, _("Nothing changed, so no new version was saved."))
                else:
                    messages.success(request, _("Saved as version %(number)s (a draft).")
                                     % {"number": latest.number})
                return redirect("knowledge:edit", slug, lang)
    elif translation is not None:
        form = TranslationForm(initial={
            "title": translation.title, "summary": translation.summary,
            "body": translation.body, "base_version": latest.number if latest else None,
        }, language=language)
    else:
        form = TranslationForm(language=language)
    source = None
    if translation is None or lang not in languages.FALLBACKS:
        source = next((t for t in (selectors.translation_for_edit(slug, code)
                                   for code in languages.fallback_order(lang)[1:]) if t), None)
    preview = rendering.render(translation.body, lang).html if translation else None
    return render(request, "knowledge/editor_edit.html", {
        "article": article, "kb_lang": language, "translation": translation, "latest": latest,
        "form": form, "source": source, "preview": preview, "Status": Status,
        "kb_section": "editor",
    })


_ACTIONS = {
    "submit": (services.translation_submit, gettext_lazy("Submitted for review.")),
    "review": (services.translation_review, gettext_lazy("Marked as reviewed.")),
    "publish": (services.translation_publish, gettext_lazy("Published.")),
}


@allow(Role.COORDINATOR)
@require_POST
def action(request, slug, lang):
    translation = selectors.translation_for_edit(slug, lang)
    if translation is None:
        raise Http404
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect("knowledge:edit", slug, lang)
    service, done = _ACTIONS[form.cleaned_data["action"]]
    try:
        service(translation=translation, user=request.user)
    except services.KnowledgeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("knowledge:edit", slug, lang)


@allow(Role.COORDINATOR)
@require_GET
def versions(request, slug, lang):
    translation = selectors.translation_for_edit(slug, lang)
    if translation is None:
        raise Http404
    return render(request, "knowledge/editor_versions.html", {
        "translation": translation, "article": translation.article,
        "kb_lang": languages.get(lang), "versions": selectors.versions(translation),
        "kb_section": "editor",
    })


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    kinds = {"+": "added", "-": "removed", "@": "place"}
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2)
    return [(kinds.get(line[:1], "same"), line) for line in list(lines)[2:]]


@allow(Role.COORDINATOR)
@require_GET
def version(request, slug, lang, number):
    translation = selectors.translation_for_edit(slug, lang)
    found = selectors.version(translation, number) if translation else None
    if found is None:
        raise Http404
    return render(request, "knowledge/editor_version.html", {
        "translation": translation, "article": translation.article, "kb_lang": languages.get(lang),
        "version": found, "body": rendering.render(found.body, lang).html,
        "diff": _diff(found.body, translation.body),
        "is_current": found.number == selectors.latest_version(translation).number,
        "kb_section": "editor",
    })


@allow(Role.COORDINATOR)
@require_POST
def restore(request, slug, lang, number):
    translation = selectors.translation_for_edit(slug, lang)
    if translation is None:
        raise Http404
    try:
        services.translation_restore(translation=translation, number=number, user=request.user)
    except services.KnowledgeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Version %(number)s restored as a new draft.")
                         % {"number": number})
    return redirect("knowledge:edit", slug, lang)

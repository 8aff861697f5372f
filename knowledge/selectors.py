"""Reads of the knowledge base: what a reader sees, what search finds, what the editor lists."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Prefetch

from knowledge import languages
from knowledge.models import Article, ArticleTranslation, ArticleVersion


def _published():
    return (ArticleTranslation.objects.filter(published_version__isnull=False)
            .select_related("article", "published_version", "published_version__reviewed_by",
                            "reviewed_by"))


@dataclass(frozen=True)
class Listed:
    """An article in a language's list: its translation there, or a fallback."""

    article: Article
    translation: ArticleTranslation
    fallback: bool


def article_list(lang: str, slugs: list[str] | None = None) -> list[Listed]:
    """Every published article (or those of `slugs`), in `lang` where it exists, else in
    its fallback language."""
    order = languages.fallback_order(lang)
    found: dict[int, ArticleTranslation] = {}
    rows = _published().filter(language__in=order)
    if slugs is not None:
        rows = rows.filter(article__slug__in=slugs)
    for translation in rows:
        current = found.get(translation.article_id)
        if current is None or order.index(translation.language) < order.index(current.language):
            found[translation.article_id] = translation
    listed = [Listed(t.article, t, t.language != lang) for t in found.values()]
    return sorted(listed, key=lambda item: (item.article.order, item.article.slug))


@dataclass(frozen=True)
class Reading:
    article: Article
    translation: ArticleTranslation  # the one shown
    requested: str
    available: list[str]             # languages with a published translation, in picker order

    @property
    def fallback(self) -> bool:
        return self.translation.language != self.requested


def article_for_reading(slug: str, lang: str) -> Reading | None:
    """The article in `lang`, or in the first fallback language that has it; None if none."""
    translations = {t.language: t for t in _published().filter(article__slug=slug)}
    if not translations:
        return None
    shown = next((translations[code] for code in languages.fallback_order(lang)
                  if code in translations), None)
    if shown is None:
        return None  # published only in languages the reader did not ask for
    return Reading(article=shown.article, translation=shown, requested=lang,
                   available=[code for code in languages.CODES if code in translations])


def articles_by_slug(slugs: list[str], lang: str) -> list[Listed]:
    """Some articles (e.g. related ones) in `lang` or their fallback, in the order given."""
    by_slug = {item.article.slug: item for item in article_list(lang, slugs)}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


# --- search -------------------------------------------------------------------------

# ts_headline marks matches with these; everything else is escaped before they become
# <mark> tags, so nothing from the text can turn into markup.
_START, _STOP = "\ue000", "\ue001"
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    translation: ArticleTranslation
    headline: str  # safe HTML: escaped text with <mark> around the matches
    rank: float


def _safe_headline(raw: str) -> str:
    escaped = html.escape(raw.replace("\n", " "), quote=False)
    marked = escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
    marked = re.sub(r"[\ue000-\ue001]", "", marked)
    return nh3.clean(marked, tags={"mark"}, attributes={})


def search(lang: str, text: str, *, limit: int = 20) -> list[Hit]:
    """Published articles in `lang` matching `text`, best first, with highlighted excerpts.

    Words are stemmed with the language's text-search configuration, so "barnen" finds
    "barn" in Swedish; the query reads like a web search (quotes, OR, -word).
    """
    text = (text or "").strip()[:MAX_QUERY]
    if not text:
        return []
    config = languages.ts_config(lang)
    query = SearchQuery(text, config=config, search_type="websearch")
    rows = (
        _published().filter(language=lang, search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            headline=SearchHeadline(
                "search_text", query, config=config, start_sel=_START, stop_sel=_STOP,
                max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "article__order")[:limit]
    )
    return [Hit(translation=row, headline=_safe_headline(row.headline), rank=row.rank)
            for row in rows]


# --- the coordinator's editor -------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    language: languages.Language
    translation: ArticleTranslation | None
    required: bool


def editor_matrix() -> list[tuple[Article, list[Cell]]]:
    """Every article with a cell per language: its translation's state, or missing."""
    articles = Article.objects.prefetch_related(Prefetch(
        "translations", queryset=ArticleTranslation.objects.select_related("reviewed_by")))
    rows = []
    for article in articles:
        by_language = {t.language: t for t in article.translations.all()}
        required = article.required_languages()
        rows.append((article, [Cell(language, by_language.get(language.code),
                                    language.code in required)
                               for language in languages.all_languages()]))
    return rows


def article_by_slug(slug: str) -> Article | None:
    return Article.objects.filter(slug=slug).first()


def translation_for_edit(slug: str, lang: str) -> ArticleTranslation | None:
    return (ArticleTranslation.objects
            .select_related("article", "reviewed_by", "published_version", "published_by")
            .filter(article__slug=slug, language=lang).first())


def versions(translation: ArticleTranslation) -> list[ArticleVersion]:
    return list(translation.versions.select_related("edited_by", "reviewed_by")
                .order_by("-number"))


def version(translation: ArticleTranslation, number: int) -> ArticleVersion | None:
    return (translation.versions.select_related("edited_by", "reviewed_by")
            .filter(number=number).first())


def latest_version(translation: ArticleTranslation) -> ArticleVersion | None:
    return translation.versions.order_by("-number").first()

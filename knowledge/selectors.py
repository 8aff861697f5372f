"""Reads of the knowledge base: what a reader sees, what search finds, what the editor lists."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Prefetch

from knowledge import folding, languages
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

# ts_headline marks matches with these and joins excerpts with the third; everything
# else is escaped before they become <mark> tags, so nothing from the text can turn into
# markup. Private-use characters, which no article contains.
_START, _STOP, _JOIN = "\ue000", "\ue001", "\ue002"
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    translation: ArticleTranslation
    headline: str  # safe HTML: escaped text with <mark> around the matches
    rank: float


def _excerpt(marked_folded: str, original: str) -> str:
    """The excerpt PostgreSQL marked in the folded text, in the original's characters.

    Folding keeps length (folding.py), so each excerpt found in the folded text sits at
    the same place in the original. An excerpt not found there (PostgreSQL's parser
    may rewrite markup-like tokens) is shown as folded rather than lost.
    """
    folded = folding.fold(original)
    shown = []
    for fragment in marked_folded.split(_JOIN):
        plain, marks = [], []
        for char in fragment:
            if char in (_START, _STOP):
                marks.append((len(plain), "<mark>" if char == _START else "</mark>"))
            else:
                plain.append(char)
        text = "".join(plain)
        at = folded.find(text) if text else -1
        source = original[at:at + len(text)] if at >= 0 else text
        pieces, last = [], 0
        for index, tag in marks:
            pieces += [html.escape(source[last:index], quote=False), tag]
            last = index
        pieces.append(html.escape(source[last:], quote=False))
        shown.append("".join(pieces).replace("\n", " "))
    joined = re.sub(r"[\ue000-\ue002]", "", " … ".join(shown))
    return nh3.clean(joined, tags={"mark"}, attributes={})


def search(lang: str, text: str, *, limit: int = 20) -> list[Hit]:
    """Published articles in `lang` matching `text`, best first, with highlighted excerpts.

    Words are stemmed with the language's text-search configuration, so "barnen" finds
    "barn" in Swedish, and accents are ignored on both sides (folding.py), so
    "betanketid" finds "betänketid"; the query reads like a web search (quotes, OR, -word).
    """
    text = folding.fold((text or "").replace("\x00", "")).strip()[:MAX_QUERY]
    if not text:
        return []
    config = languages.ts_config(lang)
    query = SearchQuery(text, config=config, search_type="websearch")
    # Rank every match (GIN index), then mark excerpts for the few shown only: PostgreSQL
    # would otherwise fold and scan the text of every match before the LIMIT applies.
    best = list(
        _published().filter(language=lang, search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "article__order").values_list("pk", "rank")[:limit]
    )
    ranks = dict(best)
    by_pk = _published().in_bulk(list(ranks))
    rows = [by_pk[pk] for pk, _rank in best if pk in by_pk]
    for row in rows:
        row.rank = ranks[row.pk]
    marked = _headlines(config, text, [folding.fold(row.search_text) for row in rows])
    return [Hit(translation=row, headline=_excerpt(headline, row.search_text), rank=row.rank)
            for row, headline in zip(rows, marked, strict=True)]


_HEADLINE_OPTIONS = (f"StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15, "
                     f"MaxFragments=2, FragmentDelimiter={_JOIN}")


def _headlines(config: str, text: str, folded_texts: list[str]) -> list[str]:
    """PostgreSQL's marked excerpts of the shown texts, folded in Python (folding in SQL,
    translate() with the fold's 500 letters, cost ten times the whole search)."""
    if not folded_texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, doc, websearch_to_tsquery(%s::regconfig, %s), %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS t(doc, n) ORDER BY n",
            [config, config, text, _HEADLINE_OPTIONS, folded_texts])
        return [row[0] for row in cursor.fetchall()]


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

"""Helpers for the knowledge base's tests: parsing pages, making throwaway articles."""

from __future__ import annotations

from html.parser import HTMLParser

from knowledge import services
from knowledge.models import Article

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "cite",
                  "background", "hx-get", "hx-post", "hx-put", "hx-delete", "hx-patch"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def find(html: str, tag: str | None = None, **attributes) -> list[dict[str, str]]:
    """Attribute dicts of the elements with `tag` (any if None) and these attribute values
    (value None: the attribute is present)."""
    found = []
    for name, attrs in elements(html):
        if tag is not None and name != tag:
            continue
        if all((key in attrs) if value is None else attrs.get(key) == value
               for key, value in ((k.replace("_", "-"), v) for k, v in attributes.items())):
            found.append(attrs)
    return found


def html_element(html: str) -> dict[str, str]:
    return next(attrs for name, attrs in elements(html) if name == "html")


def urls_in(html: str) -> list[str]:
    urls = []
    for _name, attrs in elements(html):
        for key, value in attrs.items():
            if key in URL_ATTRIBUTES and value:
                if key == "srcset":
                    urls += [part.strip().split(" ")[0] for part in value.split(",")]
                else:
                    urls.append(value.strip())
    return urls


def make_article(slug: str, *, texts: dict[str, tuple[str, str, str]], user, publish=True,
                 person_facing=True, order=900) -> Article:
    """An article with translations {lang: (title, summary, body)}, saved as the coordinator."""
    article, _ = services.article_import(slug=slug, order=order, category="rights",
                                         person_facing=person_facing, audiences=["person"],
                                         sources=["test"], related=[])
    for lang, (title, summary, body) in texts.items():
        translation = services.translation_save(article=article, language=lang, title=title,
                                                summary=summary, body=body, user=user)
        if publish:
            services.translation_publish(translation=translation, user=user)
    return article


def bulk_swedish_articles(count: int, *, prefix: str = "bulk") -> None:
    """`count` published Swedish articles about children, for the search's index and speed."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F, Func, TextField, Value

    from knowledge import folding
    from knowledge.models import Article, ArticleTranslation, ArticleVersion

    def folded(column):  # as services.search_vector folds a text, in SQL
        return Func(F(column), Value(folding.FROM), Value(folding.TO), function="translate",
                    output_field=TextField())

    articles = Article.objects.bulk_create(
        Article(slug=f"{prefix}-{n}", order=10_000 + n, category="rights") for n in range(count))
    text = "Stöd till barn och vuxna nummer {n}. " * 40
    translations = ArticleTranslation.objects.bulk_create(
        ArticleTranslation(article=article, language="sv", title=f"Artikel {n}", body=text.format(n=n),
                           search_text=text.format(n=n))
        for n, article in enumerate(articles))
    versions = ArticleVersion.objects.bulk_create(
        ArticleVersion(translation=t, number=1, title=t.title, body=t.body) for t in translations)
    for translation, version in zip(translations, versions):
        translation.published_version = version
    ArticleTranslation.objects.bulk_update(translations, ["published_version"])
    ArticleTranslation.objects.filter(article__slug__startswith=f"{prefix}-").update(
        published_at="2026-01-01T00:00:00Z",
        search_vector=SearchVector(folded("title"), config="swedish", weight="A")
        + SearchVector(folded("search_text"), config="swedish", weight="C"))

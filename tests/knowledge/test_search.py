"""Full-text search per language: stemming, highlighting that is safe, an index that scales."""

from __future__ import annotations

import re

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from knowledge import selectors
from knowledge.models import ArticleTranslation
from tests.helpers import PUBLIC_HOST
from tests.knowledge.support import bulk_swedish_articles, make_article

pytestmark = pytest.mark.django_db


def test_swedish_inflected_form_finds_the_base_form(demo_users):
    # The text has only "barn" and "boenden"; the search uses other forms of them.
    make_article("sok-test", texts={"sv": ("Kvastfening", "Om stöd.",
                                           "Varje barn har rätt till skydd. Läs om boenden.")},
                 user=demo_users["samordnare"])
    for query in ("barnen kvastfening", "barns kvastfening", "boende kvastfening"):
        slugs = [hit.translation.article.slug for hit in selectors.search("sv", query)]
        assert slugs == ["sok-test"], query
    hit = selectors.search("sv", "barnen kvastfening")[0]
    assert "<mark>barn</mark>" in hit.headline


def test_search_is_per_language(demo_users):
    make_article("sprak-test", texts={
        "sv": ("Glimmerstjärt", "Sv.", "Ett barn."),
        "en": ("Glimmerstjärt", "En.", "A family."),
    }, user=demo_users["samordnare"])
    assert [h.translation.language for h in selectors.search("en", "families glimmerstjärt")] == ["en"]
    assert [h.translation.language for h in selectors.search("sv", "barnen glimmerstjärt")] == ["sv"]


def test_real_articles_are_found_in_swedish_and_arabic():
    found = {hit.translation.article.slug for hit in selectors.search("sv", "barnen")}
    assert "children" in found
    found = {hit.translation.article.slug for hit in selectors.search("sv", "betänketiden")}
    assert "reflection-period" in found
    title = ArticleTranslation.objects.get(article__slug="children", language="ar").title
    word = max(title.split(), key=len)
    assert "children" in {hit.translation.article.slug for hit in selectors.search("ar", word)}


def test_only_published_text_is_searched(demo_users):
    article = make_article("utkast-test", texts={"sv": ("Pärlugglan", "Sv.", "Text.")},
                           user=demo_users["samordnare"], publish=False)
    assert selectors.search("sv", "pärlugglan") == []
    assert article.translations.get().published_version is None


def test_headlines_allow_only_mark(demo_users):
    make_article("html-test", texts={"sv": ("Tornfalk", "Sv.", "Ett barn.")},
                 user=demo_users["samordnare"])
    translation = ArticleTranslation.objects.get(article__slug="html-test")
    nasty = "<img src=x onerror=alert(1)> <b>barn</b> & <script>alert(2)</script> tornfalk"
    ArticleTranslation.objects.filter(pk=translation.pk).update(
        search_text=nasty, search_vector=SearchVector(Value(nasty), config="swedish"))
    hit = selectors.search("sv", "barnen tornfalk")[0]
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", hit.headline))
    assert tags == {"mark"}
    assert "<img" not in hit.headline and "<script" not in hit.headline
    assert "&amp;" in hit.headline  # text is escaped, not dropped


def test_search_page_highlights_and_handles_odd_queries(client_at):
    client = client_at(PUBLIC_HOST)
    html = client.get("/kb/sv/search/?q=barnen").content.decode()
    assert "<mark>" in html and 'href="/kb/sv/children/"' in html
    for odd in ["", "   ", "\"", "!!!", "a & b | !c", "'); DROP TABLE x; --", "ü" * 500]:
        assert client.get("/kb/sv/search/", {"q": odd}).status_code == 200, odd


def test_the_search_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_search_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


def test_fast_on_a_thousand_articles(demo_users):
    bulk_swedish_articles(1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE knowledge_articletranslation")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM knowledge_articletranslation "
                       "WHERE search_vector @@ websearch_to_tsquery('swedish', 'barnen')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "knowledge_search_gin" in plan
    # How fast is measured by tools/benchmark.py, not by a timed test.
    hits = selectors.search("sv", "barnen")
    assert len(hits) == 20

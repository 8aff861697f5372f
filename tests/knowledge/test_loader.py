"""Importing the content files: idempotent, and never over a coordinator's edit."""

from __future__ import annotations

import shutil

import pytest

from knowledge import loader, services
from knowledge.models import Article, ArticleTranslation, ArticleVersion, Status

pytestmark = pytest.mark.django_db

FILE = """---
title: {title}
summary: En kort sammanfattning.
---
## Rubrik

{body}
"""


@pytest.fixture
def content(tmp_path):
    directory = tmp_path / "articles" / "test-import"
    directory.mkdir(parents=True)
    (directory / "meta.yaml").write_text(
        "slug: test-import\norder: 99\ncategory: rights\nperson_facing: false\n"
        "audiences: [social_services]\nsources: [test]\n", encoding="utf-8")
    (directory / "sv.md").write_text(FILE.format(title="Första", body="Text ett."), encoding="utf-8")
    (directory / "en.md").write_text(FILE.format(title="First", body="Text one."), encoding="utf-8")
    (directory / "de.md").write_text(FILE.format(title="Erste", body="Text eins."), encoding="utf-8")
    return tmp_path


def test_the_demo_imported_every_content_file():
    for directory in loader.article_dirs():
        article = Article.objects.get(slug=directory.name)
        on_disk = {path.stem for path in directory.glob("*.md")}
        in_db = set(article.translations.values_list("language", flat=True))
        assert on_disk <= in_db


def test_loading_twice_changes_nothing(content):
    first = loader.load(content)
    assert sorted(first.created) == ["test-import/en.md", "test-import/sv.md"]
    assert first.ignored == ["test-import/de.md"]
    second = loader.load(content)
    assert second.created == second.updated == second.kept == []
    assert sorted(second.unchanged) == ["test-import/en.md", "test-import/sv.md"]
    translation = ArticleTranslation.objects.get(article__slug="test-import", language="sv")
    assert translation.versions.count() == 1
    assert translation.versions.get().source == ArticleVersion.Source.IMPORT


def test_a_changed_file_is_imported_as_a_new_version(content):
    loader.load(content)
    (content / "articles" / "test-import" / "sv.md").write_text(
        FILE.format(title="Första", body="Text två."), encoding="utf-8")
    report = loader.load(content)
    assert report.updated == ["test-import/sv.md"]
    translation = ArticleTranslation.objects.get(article__slug="test-import", language="sv")
    assert "Text två." in translation.body
    assert [v.body.endswith("Text två.") for v in translation.versions.order_by("number")] == [False, True]


def test_a_translation_edited_in_the_portal_is_not_overwritten(content, demo_users):
    loader.load(content)
    translation = ArticleTranslation.objects.get(article__slug="test-import", language="sv")
    services.translation_save(article=translation.article, language="sv", title="Första",
                              summary="En kort sammanfattning.", body="## Rubrik\n\nSamordnarens text.",
                              user=demo_users["samordnare"])
    (content / "articles" / "test-import" / "sv.md").write_text(
        FILE.format(title="Första", body="Översättarens nya text."), encoding="utf-8")
    report = loader.load(content)
    assert report.kept == ["test-import/sv.md"]
    translation.refresh_from_db()
    assert "Samordnarens text." in translation.body
    assert translation.versions.count() == 2


def test_a_broken_file_is_reported_not_fatal(content):
    (content / "articles" / "test-import" / "sv.md").write_text("no front matter", encoding="utf-8")
    report = loader.load(content)
    assert any("sv.md" in error for error in report.errors)
    assert report.created == ["test-import/en.md"]


def test_the_demo_reviews_swedish_and_english_and_labels_the_rest(demo_users):
    coordinator = demo_users["samordnare"]
    for translation in ArticleTranslation.objects.select_related("published_version"):
        assert translation.published_version is not None, translation
        if translation.language in ("sv", "en"):
            assert translation.status == Status.PUBLISHED
            assert translation.published_version.reviewed_by == coordinator
            assert translation.reviewed_at is not None
        else:
            assert translation.status == Status.DRAFT
            assert translation.published_version.reviewed_at is None
            assert translation.translated_from, f"{translation} should say it is machine-assisted"


def test_shipped_copy_of_the_content_loads_cleanly(tmp_path):
    shutil.copytree(loader.CONTENT_DIR, tmp_path / "content")
    report = loader.load(tmp_path / "content")
    assert report.errors == []
    assert report.created == [] and report.kept == []

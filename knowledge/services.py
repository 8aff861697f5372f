"""Writes to the knowledge base: import, edit, review, publish, restore.

Every function is keyword-only and atomic, and locks the translation row it changes so
two coordinators saving at once cannot both become "version 7". Nothing is overwritten:
each change of text adds an ArticleVersion. Each action by a person is also written to
the programme's audit log.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Max, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from knowledge import folding, languages, rendering
from knowledge.models import Article, ArticleTranslation, ArticleVersion, Status
from portal.models import AuditEvent, User

MAX_TITLE = 200
MAX_SUMMARY = 1_000
MAX_BODY = 100_000  # the longest article is about 8 000 characters


class KnowledgeError(Exception):
    """A change the workflow does not allow; the message is for the coordinator."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class EditConflict(KnowledgeError):
    """Someone saved a newer version since the editor opened the text."""


def normalise(text: str) -> str:
    """Line endings and trailing blanks as the files have them, so hashes compare."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def text_hash(title: str, summary: str, body: str) -> str:
    joined = "\x1f".join((normalise(title), normalise(summary), normalise(body)))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _audit(user: User | None, action: str, translation: ArticleTranslation, **detail: Any) -> None:
    if user is None:
        return
    AuditEvent.objects.create(user=user, action=action, schema_name="public", detail={
        "article": translation.article.slug, "language": translation.language, **detail})


def _locked(translation: ArticleTranslation) -> ArticleTranslation:
    return (ArticleTranslation.objects.select_for_update().select_related("article")
            .get(pk=translation.pk))


def _latest_version(translation: ArticleTranslation) -> ArticleVersion | None:
    return translation.versions.order_by("-number").first()


def _add_version(translation: ArticleTranslation, *, title: str, summary: str, body: str,
                 source: str, user: User | None, restored_from: int | None = None) -> ArticleVersion:
    number = (translation.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = ArticleVersion.objects.create(
        translation=translation, number=number, title=title, summary=summary, body=body,
        source=source, edited_by=user, restored_from=restored_from,
    )
    translation.title, translation.summary, translation.body = title, summary, body
    translation.status = Status.DRAFT
    translation.save(update_fields=["title", "summary", "body", "status", "updated_at"])
    return version


def _check_text(title: str, body: str, summary: str = "") -> None:
    if not title:
        raise KnowledgeError(_("A translation needs a title."))
    if len(title) > MAX_TITLE:
        raise KnowledgeError(_("The title is too long (at most 200 characters)."))
    if len(summary) > MAX_SUMMARY:
        raise KnowledgeError(_("The summary is too long (at most 1 000 characters)."))
    if not body:
        raise KnowledgeError(_("A translation needs a text."))
    if len(body) > MAX_BODY:
        raise KnowledgeError(_("The text is too long (at most 100 000 characters)."))
    if "\x00" in title + summary + body:
        raise KnowledgeError(_("The text contains a NUL character, which cannot be saved."))


@transaction.atomic
def translation_save(*, article: Article, language: str, title: str, summary: str, body: str,
                     user: User, base_version: int | None = None) -> ArticleTranslation:
    """Save an edit as a new version (status draft). Creates the translation if missing.

    `base_version` is the version the editor started from; if someone saved another one
    since, the save is refused rather than silently dropping their work.
    """
    if not languages.is_supported(language):
        raise KnowledgeError(_("The knowledge base has no such language."))
    title, summary, body = normalise(title), normalise(summary), normalise(body)
    _check_text(title, body, summary)
    translation = (ArticleTranslation.objects.select_for_update()
                   .filter(article=article, language=language).first())
    if translation is None:
        translation = ArticleTranslation.objects.create(
            article=article, language=language, title=title, summary=summary, body=body)
    else:
        latest = _latest_version(translation)
        if base_version is not None and latest is not None and latest.number != base_version:
            raise EditConflict(_("Someone saved a newer version while you were editing. "
                                 "Open the text again and repeat your change."))
        if (title, summary, body) == (translation.title, translation.summary, translation.body):
            return translation  # nothing changed: no new version
    version = _add_version(translation, title=title, summary=summary, body=body,
                           source=ArticleVersion.Source.EDIT, user=user)
    _audit(user, "knowledge.translation_save", translation, version=version.number)
    return translation


@transaction.atomic
def translation_restore(*, translation: ArticleTranslation, number: int,
                        user: User) -> ArticleTranslation:
    """Make an earlier version the working text again, as a new version (a draft)."""
    translation = _locked(translation)
    earlier = translation.versions.filter(number=number).first()
    if earlier is None:
        raise KnowledgeError(_("There is no such version."))
    version = _add_version(translation, title=earlier.title, summary=earlier.summary,
                           body=earlier.body, source=ArticleVersion.Source.RESTORE, user=user,
                           restored_from=earlier.number)
    _audit(user, "knowledge.translation_restore", translation, version=version.number,
           restored_from=earlier.number)
    return translation


@transaction.atomic
def translation_submit(*, translation: ArticleTranslation, user: User) -> ArticleTranslation:
    """Ask for review of the working text."""
    translation = _locked(translation)
    if translation.status != Status.DRAFT:
        raise KnowledgeError(_("Only a draft can be submitted for review."))
    translation.status = Status.IN_REVIEW
    translation.save(update_fields=["status", "updated_at"])
    _audit(user, "knowledge.translation_submit", translation)
    return translation


@transaction.atomic
def translation_review(*, translation: ArticleTranslation, user: User,
                       at=None) -> ArticleTranslation:
    """Record that `user` reviewed the working text (this exact version), and when."""
    translation = _locked(translation)
    if translation.status not in (Status.DRAFT, Status.IN_REVIEW):
        raise KnowledgeError(_("This text has already been reviewed."))
    version = _latest_version(translation)
    if version is None:
        raise KnowledgeError(_("There is no text to review."))
    at = at or timezone.now()
    version.reviewed_by, version.reviewed_at = user, at
    version.save(update_fields=["reviewed_by", "reviewed_at"])
    translation.reviewed_by, translation.reviewed_at = user, at
    # Reviewing the text that is already live makes it a reviewed publication.
    translation.status = (Status.PUBLISHED if translation.published_version_id == version.pk
                          else Status.REVIEWED)
    translation.save(update_fields=["reviewed_by", "reviewed_at", "status", "updated_at"])
    _audit(user, "knowledge.translation_review", translation, version=version.number)
    return translation


@transaction.atomic
def translation_publish(*, translation: ArticleTranslation, user: User | None,
                        at=None) -> ArticleTranslation:
    """Make the working text the one readers see.

    A reviewed text becomes "published". An unreviewed one may be published too (a
    machine-assisted translation is better than none for a person in need), but its
    status stays draft or in review, and the page says it has not been reviewed.
    """
    translation = _locked(translation)
    version = _latest_version(translation)
    if version is None:
        raise KnowledgeError(_("There is no text to publish."))
    if translation.published_version_id == version.pk:
        return translation
    translation.published_version = version
    translation.published_by = user
    translation.published_at = at or timezone.now()
    if version.is_reviewed:
        translation.status = Status.PUBLISHED
    translation.save(update_fields=["published_version", "published_by", "published_at",
                                    "status", "updated_at"])
    refresh_search(translation)
    _audit(user, "knowledge.translation_publish", translation, version=version.number,
           reviewed=version.is_reviewed)
    return translation


def search_vector(title: str, summary: str, plain: str, language: str) -> SearchVector:
    """The stemmed words of a published text, accents folded away (folding.py)."""
    config = languages.ts_config(language)
    return (SearchVector(Value(folding.fold(title)), config=config, weight="A")
            + SearchVector(Value(folding.fold(summary)), config=config, weight="B")
            + SearchVector(Value(folding.fold(plain)), config=config, weight="C"))


def refresh_search(translation: ArticleTranslation) -> None:
    """Index the published text, stemmed by the language's own configuration."""
    version = translation.published_version
    if version is None:
        ArticleTranslation.objects.filter(pk=translation.pk).update(search_text="",
                                                                    search_vector=None)
        return
    plain = folding.normal(rendering.plain_text(version.body))
    ArticleTranslation.objects.filter(pk=translation.pk).update(
        search_text=plain,
        search_vector=search_vector(version.title, version.summary, plain,
                                    translation.language),
    )


# --- import from the content files (knowledge/loader.py parses, this writes) -----------


@transaction.atomic
def article_import(*, slug: str, order: int, category: str, person_facing: bool,
                   audiences: list[str], sources: list[str], related: list[str]) -> tuple[Article, bool]:
    """Create or update an article's facts; these are not edited in the portal."""
    return Article.objects.update_or_create(slug=slug, defaults=dict(
        order=order, category=category, person_facing=person_facing, audiences=audiences,
        sources=sources, related=related))


@transaction.atomic
def translation_import(*, article: Article, language: str, title: str, summary: str, body: str,
                       translated_from: str = "") -> str:
    """Bring one content file into the database; returns what happened.

    "created" (new translation), "updated" (the file changed and nobody edited the text
    in the portal since the last import), "unchanged", or "kept" (the file changed but
    the coordinator has edited the text: the portal's text wins, the file is reported).
    """
    title, summary, body = normalise(title), normalise(summary), normalise(body)
    file_hash = text_hash(title, summary, body)
    translation = (ArticleTranslation.objects.select_for_update()
                   .filter(article=article, language=language).first())
    if translation is None:
        translation = ArticleTranslation.objects.create(
            article=article, language=language, title=title, summary=summary, body=body,
            translated_from=translated_from, content_hash=file_hash)
        _add_version(translation, title=title, summary=summary, body=body,
                     source=ArticleVersion.Source.IMPORT, user=None)
        return "created"
    if translation.content_hash == file_hash:
        return "unchanged"
    edited_in_portal = text_hash(translation.title, translation.summary,
                                 translation.body) != translation.content_hash
    if edited_in_portal:
        return "kept"
    _add_version(translation, title=title, summary=summary, body=body,
                 source=ArticleVersion.Source.IMPORT, user=None)
    translation.content_hash = file_hash
    translation.translated_from = translated_from
    translation.save(update_fields=["content_hash", "translated_from", "updated_at"])
    return "updated"

"""The knowledge base: articles, their translations and every saved edit of them.

All in the public schema (knowledge is a shared app), so every actor's host reads the
same articles. The text files under knowledge/content/ are the first source; the
coordinator edits in the portal afterwards, and the loader never overwrites that.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from knowledge import languages


class Category(models.TextChoices):
    RIGHTS = "rights", _("Rights")
    RESIDENCE = "residence", _("Residence and permits")
    CHILDREN = "children", _("Children")
    RETURN = "return", _("Return")
    PROGRAMME = "programme", _("The programme")
    PROFESSIONALS = "professionals", _("For professionals")


class Audience(models.TextChoices):
    PERSON = "person", _("The person")
    SOCIAL_SERVICES = "social_services", _("Social services")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinators")
    STAFF = "staff", _("Staff at certified actors")


class Status(models.TextChoices):
    """Where the working text of a translation is in the review workflow."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    """One topic of the knowledge base, in as many languages as it has translations.

    A person-facing article is one a presumed victim would read, and must exist in all
    twelve languages; the others are for professionals and exist in Swedish and English.
    Sources cite the seed documents and laws the text rests on (by file and section).
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    person_facing = models.BooleanField(_("person facing"), default=False)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    related = models.JSONField(_("related articles"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.slug

    def required_languages(self) -> tuple[str, ...]:
        return languages.CODES if self.person_facing else languages.FALLBACKS


class ArticleTranslation(models.Model):
    """An article in one language: the working text and what of it is published.

    `title`, `summary` and `body` (Markdown) are the working text, always equal to the
    latest version. Readers see `published_version`, which may be older: an edit is a
    draft until it is published. `status` is the working text's place in the review
    workflow; a text published without review (a machine-assisted translation) stays a
    draft, and the page says so. `reviewed_by`/`reviewed_at` record the last review.
    `content_hash` is the hash of the content file last imported; when the working text
    no longer matches it, the coordinator has edited it and the loader leaves it alone.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=languages.choices())
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body (Markdown)"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    translated_from = models.CharField(
        _("translated from"), max_length=8, blank=True,
        help_text=_("Set for machine-assisted translations: the language translated from."),
    )
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    published_version = models.ForeignKey("ArticleVersion", on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # What search reads: the published text as plain words, and its stemmed vector in
    # the language's own text-search configuration (languages.TS_CONFIGS).
    search_text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article__order", "language"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language"],
                                    name="knowledge_translation_unique"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="knowledge_search_gin"),
            models.Index(fields=["language", "published_at"], name="knowledge_lang_published"),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} [{self.language}]"

    @property
    def language_info(self) -> languages.Language:
        return languages.get(self.language)

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None


class ArticleVersion(models.Model):
    """One saved state of a translation's text. Nothing is ever overwritten: every edit,
    import and restore adds a version, numbered from 1 per translation.

    A version is reviewed when the coordinator marked exactly this text as reviewed.
    """

    class Source(models.TextChoices):
        IMPORT = "import", _("Imported from the content files")
        EDIT = "edit", _("Edited in the portal")
        RESTORE = "restore", _("Restored from an earlier version")

    translation = models.ForeignKey(ArticleTranslation, on_delete=models.CASCADE,
                                    related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body (Markdown)"))
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.EDIT)
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["translation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"],
                                    name="knowledge_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.translation} v{self.number}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

"""Import the article files under knowledge/content/ into the database, idempotently.

    knowledge/content/articles/<slug>/meta.yaml   facts: order, category, audiences, sources
    knowledge/content/articles/<slug>/<lang>.md   front matter (title, summary,
                                                  translated_from) and a Markdown body

Running it again creates what is missing and brings in files that changed, but never
overwrites a translation the coordinator edited in the portal (services.translation_import
compares content hashes); those are reported as "kept".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge import languages, services
from knowledge.models import Category

logger = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parent / "content"


class ContentError(ValueError):
    """A content file that cannot be imported; the message names the file."""


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    language: str
    title: str
    summary: str
    body: str
    translated_from: str


@dataclass
class LoadReport:
    articles: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)      # edited in the portal; file not applied
    ignored: list[str] = field(default_factory=list)   # files in a language we do not have
    errors: list[str] = field(default_factory=list)    # files that could not be read

    def summary(self) -> str:
        return (f"{self.articles} articles; translations: {len(self.created)} created, "
                f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.kept)} kept (edited in the portal), {len(self.ignored)} ignored, "
                f"{len(self.errors)} errors")


def read_article_file(path: Path) -> ArticleFile:
    """Split a `<lang>.md` file into its front matter and Markdown body."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    if not text.startswith("---\n"):
        raise ContentError(f"{path}: must start with a '---' front-matter block")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ContentError(f"{path}: the front-matter block is not closed with '---'")
    try:
        front = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: front matter is not valid YAML: {error}") from None
    if not isinstance(front, dict) or not str(front.get("title") or "").strip():
        raise ContentError(f"{path}: front matter needs a title")
    return ArticleFile(
        path=path, language=path.stem, title=str(front["title"]).strip(),
        summary=str(front.get("summary") or "").strip(), body=text[end + 5:].strip(),
        translated_from=str(front.get("translated_from") or "").strip(),
    )


def read_meta(directory: Path) -> dict[str, Any]:
    path = directory / "meta.yaml"
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from None
    if meta.get("slug") != directory.name:
        raise ContentError(f"{path}: slug {meta.get('slug')!r} differs from the folder name")
    if meta.get("category") not in Category.values:
        raise ContentError(f"{path}: unknown category {meta.get('category')!r}")
    return meta


def article_dirs(content_dir: Path = CONTENT_DIR) -> list[Path]:
    return sorted(path.parent for path in (content_dir / "articles").glob("*/meta.yaml"))


def load(content_dir: Path = CONTENT_DIR) -> LoadReport:
    """Import every article; a broken file is reported and skipped, not fatal, since
    translators add files while the portal runs."""
    report = LoadReport()
    for directory in article_dirs(content_dir):
        try:
            meta = read_meta(directory)
        except ContentError as error:
            report.errors.append(str(error))
            continue
        article, _created = services.article_import(
            slug=meta["slug"], order=int(meta.get("order") or 0), category=meta["category"],
            person_facing=bool(meta.get("person_facing")),
            audiences=list(meta.get("audiences") or []), sources=list(meta.get("sources") or []),
            related=list(meta.get("related") or []),
        )
        report.articles += 1
        for path in sorted(directory.glob("*.md")):
            name = f"{directory.name}/{path.name}"
            if not languages.is_supported(path.stem):
                report.ignored.append(name)
                continue
            try:
                document = read_article_file(path)
            except ContentError as error:
                report.errors.append(str(error))
                continue
            outcome = services.translation_import(
                article=article, language=document.language, title=document.title,
                summary=document.summary, body=document.body,
                translated_from=document.translated_from,
            )
            getattr(report, outcome).append(name)
    for error in report.errors:
        logger.warning("Knowledge base: %s", error)
    if report.kept:
        logger.warning("Knowledge base: %d content files not applied because the text was "
                       "edited in the portal: %s", len(report.kept), ", ".join(report.kept))
    logger.info("Knowledge base import: %s", report.summary())
    return report

"""Markdown to safe HTML for articles, and to plain words for search.

Article bodies are Markdown written by translators and edited by the coordinator. They
are rendered with `markdown` and then sanitised with `nh3`, so whatever the text holds
(raw HTML, scripts, images) only an allow-list of tags reaches the page. Links to other
sites are written out as text: a person reading must never have their browser contact a
third party, and a link followed by accident is a risk too. `kb:<slug>` links point to
another article in the same language.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from datetime import date

import markdown
import nh3
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import Treeprocessor

from knowledge import interventions

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i",
    "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "dl", "dt", "dd", "sup", "sub", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
    "ol": {"start"},
    "span": {"lang"},
}
_EXTERNAL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_MARKER_PARAGRAPH = re.compile(
    r"<p>\s*" + re.escape(interventions.MARKER) + r"\s*</p>|" + re.escape(interventions.MARKER)
)


def _is_internal(href: str) -> bool:
    return bool(href) and not _EXTERNAL.match(href)


class _LinkPolicy(Treeprocessor):
    """Resolve `kb:<slug>` links; turn links to other sites into plain text."""

    def __init__(self, md, lang: str):
        super().__init__(md)
        self.lang = lang

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "a":
                    continue
                href = (child.get("href") or "").strip()
                if href.startswith("kb:"):
                    try:
                        child.set("href", reverse("knowledge:article", args=[self.lang, href[3:]]))
                    except NoReverseMatch:
                        self._to_text(parent, index, child, "")
                elif not _is_internal(href):
                    self._to_text(parent, index, child, href)

    @staticmethod
    def _to_text(parent: etree.Element, index: int, link: etree.Element, href: str) -> None:
        label = "".join(link.itertext())
        span = etree.Element("span")
        span.text = label if (not href or href in label) else f"{label} ({href})"
        span.tail = link.tail
        parent.remove(link)
        parent.insert(index, span)


class _LinkPolicyExtension(Extension):
    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def extendMarkdown(self, md) -> None:  # noqa: N802 (markdown's API)
        md.treeprocessors.register(_LinkPolicy(md, self.lang), "nsp_link_policy", 0)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # Second line of defence: no external href survives, whatever produced it.
    if tag == "a" and attribute == "href" and not _is_internal(value):
        return None
    return value


def sanitise(fragment: str) -> str:
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     attribute_filter=_attribute_filter, link_rel=None,
                     url_schemes=set(), strip_comments=True)


@dataclass(frozen=True)
class Rendered:
    html: SafeString
    headings: list[tuple[str, str]]  # (id, text) of the level-2 headings, for "On this page"


def render(body: str, lang: str, *, today: date | None = None) -> Rendered:
    """The article body as safe HTML, with the rates table where the marker stands."""
    converter = markdown.Markdown(extensions=[
        "sane_lists", "tables", TocExtension(slugify=slugify_unicode, toc_depth="2"),
        _LinkPolicyExtension(lang),
    ])
    converted = converter.convert(body)
    headings = [(token["id"], html.unescape(token["name"]))
                for token in getattr(converter, "toc_tokens", []) if token["level"] == 2]
    clean = sanitise(converted)
    if interventions.MARKER in clean:
        table = interventions.table_html(lang, today)  # our own template: already escaped
        clean = _MARKER_PARAGRAPH.sub(lambda _match: table, clean)
    return Rendered(html=mark_safe(clean), headings=headings)  # noqa: S308 (sanitised above)


def plain_text(body: str) -> str:
    """The body's words without markup, for the search index and its highlighted excerpts."""
    converted = markdown.markdown(body.replace(interventions.MARKER, ""),
                                  extensions=["sane_lists", "tables"])
    # Block ends become line breaks so that words of two paragraphs never run together.
    converted = re.sub(r"</(p|h\d|li|tr|td|th|blockquote|pre|dd|dt)>", r"</\1>\n", converted)
    text = html.unescape(nh3.clean(converted, tags=set()))
    return re.sub(r"[ \t]*\n[ \t\n]*", "\n", text).strip()

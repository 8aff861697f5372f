"""The portal's own error pages: page not found (404), no access (403), expired form.

Styled like every page (base.html), in the reader's language, and each leads back: to
the start page of the host it is on (the programme's or the actor's) and, on the
knowledge base, to the knowledge base in the article language of the address. An
address under /kb/<lang>/ speaks that language (knowledge/texts.py); any other speaks
the screen's language, Swedish or English.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from knowledge import languages, texts

_KB_PATH = re.compile(r"^/kb/([a-z]{2})(?:/|$)")


def _reader(request) -> tuple[texts.Reader, bool]:
    match = _KB_PATH.match(request.path)
    if match and languages.is_supported(match[1]):
        return texts.Reader(match[1]), True
    ui = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return texts.Reader(ui if ui in languages.FALLBACKS else settings.LANGUAGE_CODE), False


def _page(request, *, status: int, title_key: str, text_key: str):
    reader, on_kb = _reader(request)
    try:
        kb_index = reverse("knowledge:index", args=[reader.code])
    except NoReverseMatch:
        kb_index = None
    response = render(request, "error.html", {
        "reader": reader, "status": status, "title": reader(title_key),
        "text": reader(text_key), "kb_index": kb_index, "on_kb": on_kb,
        # The language switch returns to the start page, not here: the address refused may
        # hold what the reader must not see echoed (a case's code on another actor's host).
        "language_next": "/",
    }, status=status)
    response.nsp_error_page = True
    return response


def page_not_found(request, exception=None):
    return _page(request, status=404, title_key="not_found_title", text_key="not_found_text")


def permission_denied(request, exception=None):
    return _page(request, status=403, title_key="forbidden_title", text_key="forbidden_text")


class DebugErrorPagesMiddleware:
    """With DEBUG on (a laptop, the demo) Django answers a missing page with its technical
    page, listing the URL patterns; show the portal's own page there too, as people trying
    the demo see the portal, not Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (settings.DEBUG and response.status_code == 404
                and not getattr(response, "nsp_error_page", False)
                and response.get("Content-Type", "").startswith("text/html")):
            return page_not_found(request)
        return response

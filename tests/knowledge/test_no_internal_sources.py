"""Articles name their public sources (reports by title), never the programme's internal
file names (the walkthrough found "Seed 003_faa3e….txt" on every article)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import PUBLIC_HOST

CONTENT = Path(__file__).resolve().parents[2] / "knowledge" / "content"
INTERNAL = re.compile(r"\d{3}_[0-9a-f]{16}\.txt|\b[Ss]eed \d{3}")


def test_no_article_or_its_metadata_names_an_internal_file():
    found = [f"{path.relative_to(CONTENT)}: {match.group(0)}"
             for path in CONTENT.rglob("*") if path.is_file()
             for match in INTERNAL.finditer(path.read_text(encoding="utf-8", errors="replace"))]
    assert found == []


@pytest.mark.django_db
def test_an_articles_sources_read_as_report_titles(client_at):
    body = client_at(PUBLIC_HOST).get("/kb/en/reflection-period/").content.decode()
    assert "NSP annual report 2022" in body and not INTERNAL.search(body)

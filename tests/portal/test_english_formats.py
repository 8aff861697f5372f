"""The English pages write dates as ISO and time on a 24-hour clock (the walkthrough found
"11/30/2026 5:20 a.m."); Swedish keeps Django's Swedish formats."""

from __future__ import annotations

from datetime import date, datetime

from django.template import Context, Template
from django.utils import translation

SHOWN = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ moment|time }}')


def render(lang: str) -> str:
    with translation.override(lang):
        return SHOWN.render(Context({"day": date(2026, 11, 3), "moment": datetime(2026, 11, 3, 17, 5)}))


def test_english_dates_are_iso_and_times_24_hour():
    assert render("en") == "2026-11-03|2026-11-03 17:05|17:05"


def test_swedish_formats_are_unchanged():
    assert render("sv").startswith("2026-11-03|") and "17:05" in render("sv")

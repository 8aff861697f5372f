from __future__ import annotations

import pytest
from django.db import connection

from knowledge import languages


def test_twelve_languages_named_in_themselves():
    names = {language.code: language.name for language in languages.all_languages()}
    assert list(names) == ["sv", "en", "ar", "es", "fr", "pt", "ro", "pl", "uk", "ru", "vi", "th"]
    assert names["sv"] == "Svenska"
    assert names["ar"] == "العربية"
    assert names["uk"] == "Українська"
    assert names["th"] == "ไทย"
    assert names["vi"] == "Tiếng Việt"


def test_only_arabic_is_right_to_left():
    assert [language.code for language in languages.all_languages() if language.rtl] == ["ar"]
    assert languages.get("ar").dir == "rtl"


def test_fallbacks_end_in_swedish_or_english():
    for code in languages.CODES:
        order = languages.fallback_order(code)
        assert order[0] == code
        assert set(order[1:]) <= {"sv", "en"}


@pytest.mark.django_db
def test_every_text_search_configuration_exists_in_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        available = {row[0] for row in cursor.fetchall()}
    for language in languages.all_languages():
        assert language.ts_config in available, language.code
    assert languages.ts_config("sv") == "swedish"
    assert languages.ts_config("ar") == "arabic"
    assert languages.ts_config("pl") == "simple"


def test_money_and_dates_per_locale():
    from datetime import date

    assert languages.money(1320, "sv") == "1\u00a0320\u00a0kr"
    assert languages.money(1320, "en") == "SEK1,320"
    assert languages.money(1320, "es") == "1320\u00a0SEK" or languages.money(1320, "es") == "1.320\u00a0SEK"
    assert languages.day(date(2025, 3, 1), "sv") == "1 mars 2025"
    assert languages.day(date(2025, 3, 1), "fr") == "1 mars 2025"
    assert "2025" in languages.day(date(2025, 3, 1), "ar")

"""The person's screen's own words, in every person language, with English as the fallback."""

from __future__ import annotations

import pytest

from intake.flow import screen_text
from tests.intake.flow.test_flow_person_texts import PERSON_LANGUAGES


@pytest.mark.parametrize("lang", PERSON_LANGUAGES)
def test_every_person_language_has_the_screen_words(lang):
    assert screen_text("question", lang, number=12) == (screen_text("question", lang, number=12)[0], lang)
    assert "12" in screen_text("question", lang, number=12)[0]
    low_high = screen_text("left_range", lang, low=8, high=20)[0]
    assert "8" in low_high and "20" in low_high and "{" not in low_high
    assert "112" in screen_text("contact", lang)[0]


def test_the_screen_words_read_as_written():
    assert screen_text("question", "sv", number=3) == ("Fråga 3", "sv")
    assert screen_text("left_range", "en", low=8, high=20) == ("Questions left: about 8–20", "en")
    assert screen_text("left", "sv", count=2) == ("Frågor kvar: 2", "sv")


def test_a_language_without_a_file_reads_english_and_an_unknown_word_is_an_error():
    assert screen_text("question", "de", number=1) == ("Question 1", "en")
    with pytest.raises(KeyError):
        screen_text("title", "sv")

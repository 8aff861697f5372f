"""Texts for the person's screen: complete in sv and en, resolvable for every question."""

from __future__ import annotations

import json
import re

import pytest

from intake.flow import (
    choice_label,
    load_questions,
    person_text,
    person_text_keys,
    question_text,
)
from intake.flow.person_screen import (
    PERSON_TEXTS_DIR,
    available_languages,
    load_person_texts,
    person_text_coverage,
)

BANK = load_questions()
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sv_and_en_cover_every_question_and_choice(lang):
    missing, unknown = person_text_coverage(lang)
    assert missing == []
    assert unknown == []
    assert all(text.strip() for text in load_person_texts(lang).values())


def test_the_expected_keys_include_every_question_choice_and_authority():
    keys = person_text_keys()
    for question in BANK:
        assert question.id in keys
        for choice in question.choices:
            assert f"{question.id}:{choice.value}" in keys
    assert "authority:migration_agency" in keys and "authority:none" not in keys
    assert "request:financial_support" in keys
    assert "authority.{authority}.request.{request}.reason_category:covered_by_lma" in keys
    assert "referred_by:regional_coordinator" in keys
    assert {"answer:yes", "answer:no", "answer:dont_know", "answer:wont_answer"} <= keys


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_file_is_well_formed(lang):
    # Translations added later must use the same keys and keep the placeholders.
    english = load_person_texts("en")
    raw = json.loads((PERSON_TEXTS_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    assert all(isinstance(text, str) for text in raw.values())
    _, unknown = person_text_coverage(lang)
    assert unknown == []
    for key, text in load_person_texts(lang).items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), key


def test_the_english_file_explains_itself_to_translators():
    raw = json.loads((PERSON_TEXTS_DIR / "en.json").read_text(encoding="utf-8"))
    notes = " ".join(text for key, text in raw.items() if key.startswith("_"))
    for word in (
        "{authority}",
        "{request}",
        "authority:<code>",
        "request:<code>",
        "answer:<value>",
        "keys",
        "falls back",
    ):
        assert word in notes


def test_every_asked_question_resolves_in_sv_and_en():
    instances = [
        "authority.police.asked_for",
        "authority.police.request.reflection_permit.outcome",
        "authority.social_services.request.financial_support.reason_category",
    ]
    for question_id in [*instances, *(q.id for q in BANK if not q.is_template)]:
        for lang in ("sv", "en"):
            text, used = person_text(question_id, lang)
            assert used == lang and text and "{" not in text


def test_template_questions_get_the_authority_and_request_names():
    assert person_text("authority.migration_agency.request.relocation.outcome", "en") == (
        "About moving to other housing: what did the Migration Agency answer?",
        "en",
    )
    assert person_text("authority.social_services.asked_for", "sv") == (
        "Vad har du bett socialtjänsten om? Välj allt du bad om.",
        "sv",
    )
    assert person_text("authority.social_services.request.shelter.reason", "sv") == (
        "Om ett skyddat boende: vilket skäl gav socialtjänsten?",
        "sv",
    )
    assert person_text("authority.police.request.care.outcome:refused", "sv") == ("De sa nej", "sv")
    assert person_text("authority.police.request.care.written_decision:yes", "en") == ("Yes", "en")
    text, used = person_text("authority.police.request.shelter.written_decision", "ru")
    assert used == "ru" and "безопасное жильё" in text and "полиции" in text


@pytest.mark.parametrize("lang", ["sv", "en", "ar", "es", "fr", "pt", "ro", "pl", "uk", "ru", "vi", "th"])
def test_every_authority_and_request_pair_reads_whole_in_every_language(lang):
    bank = BANK
    for authority in bank.repeat_values(next(bank.blocks())):
        for request in bank.get("authority.{authority}.asked_for").allowed_values:
            for field in ("outcome", "written_decision", "reason_category", "reason"):
                text, used = person_text(f"authority.{authority}.request.{request}.{field}", lang)
                assert used == lang and "{" not in text and "}" not in text


def test_yes_no_options_share_the_answer_texts():
    assert person_text("initial_assessment.health.pregnant:wont_answer", "sv") == (
        "Jag vill inte svara",
        "sv",
    )
    assert person_text("acute:no", "en") == ("No", "en")


def test_a_language_without_a_file_falls_back_to_english():
    assert person_text("need", "de") == ("What do you need help with now?", "en")
    assert person_text("need:shelter", "so") == ("A safe place to stay", "en")
    assert person_text("authority.police.request.shelter.outcome", "ti")[1] == "en"


def test_a_regional_variant_uses_its_language_file():
    assert person_text("need:shelter", "pt-BR")[1] == "pt"


PERSON_LANGUAGES = ("sv", "en", "ar", "es", "fr", "pt", "ro", "pl", "uk", "ru", "vi", "th")


@pytest.mark.parametrize("lang", PERSON_LANGUAGES)
def test_every_person_language_covers_every_question_and_choice(lang):
    from intake.flow.person_screen import person_text_coverage

    missing, unknown = person_text_coverage(lang)
    assert missing == [] and unknown == []
    assert person_text("need", lang)[1] == lang


def test_an_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        person_text("no_such_question", "sv")
    with pytest.raises(KeyError):
        person_text("need:money", "en")


def test_staff_texts_fall_back_to_english_then_swedish():
    need = BANK.get("need")
    assert question_text(need, "sv") == "Vad behöver den sökande nu?"
    assert question_text(need, "ar") == "What does the applicant need now?"
    assert (
        choice_label(need, "specific", "th") == "Specific items or services (point interventions)"
    )
    assert choice_label(BANK.get("acute"), "yes", "sv") == "Ja"
    assert choice_label(BANK.get("exploitation.countries"), "SE", "sv") == "Sverige"
    with pytest.raises(KeyError):
        choice_label(need, "money", "sv")

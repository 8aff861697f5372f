"""The question bank: loads, is checked on load, and follows the seed's forms."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from intake.flow import QuestionBankError, load_questions
from intake.flow.loading import QUESTIONS_FILE, parse_questions
from intake.flow.model import KINDS, SECTIONS

RAW = json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))


def edited(edit) -> list[dict]:
    raw = copy.deepcopy(RAW)
    edit(raw)
    return raw


def by_id(raw: list[dict], qid: str) -> dict:
    return next(item for item in raw if item["id"] == qid)


def test_the_bank_loads_in_section_order():
    bank = load_questions()
    sections = [question.section for question in bank]
    assert sections == sorted(sections, key=SECTIONS.index)
    assert set(sections) == set(SECTIONS)
    assert {question.kind for question in bank} <= set(KINDS)


def test_load_from_a_path_gives_the_same_bank(tmp_path: Path):
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(RAW), encoding="utf-8")
    assert [q.id for q in load_questions(path)] == [q.id for q in load_questions()]


def test_the_order_follows_the_brief():
    ids = [question.id for question in load_questions()]
    expected_order = [
        "complementarity.authorities",
        "authority.{authority}.asked_for",
        "authority.{authority}.request.{request}.outcome",
        "authority.{authority}.request.{request}.written_decision",
        "authority.{authority}.request.{request}.reason_category",
        "authority.{authority}.request.{request}.reason",
        "referred_by",
        "residence_status",
        "ongoing_process_in_sweden",
        "police_report",
        "exploitation.assessment",
        "exploitation.forms",
        "exploitation.countries",
        "acute",
        "fear_of_authorities",
        "in_nsp_shelter",
        "days_used",
        "daily_allowance_from_migration_agency",
        "need",
        "specific_items",
        "application_date",
        "period_start",
    ]
    assert ids[: len(expected_order)] == expected_order
    assert ids[-3:] == ["summary.exposure", "summary.vulnerability", "summary.overall"]


# The seed's "Initial behovsbedömning" (001, ~line 990–1030), question for question.
SEED_EXPOSURE = [
    "Har den sökande utsatts för fysiskt våld?",
    "Har den sökande utsatts för sexuellt våld/sexuell exploatering?",
    "Har den sökande utsatts för hot?",
    "Har den sökande tvingats till tvångsarbete?",
    "Har den sökande tvingats till tiggeri?",  # the seed has the typo "tigger"
    "Har den sökande tvingats till kriminalitet?",
    "Har den sökande tvingats till organhandel?",
    "Finns det personer i den sökandes omgivning som utgör en risk för honom/henne? Vem/vilka?",
    "Typ av människohandel",
]
SEED_VULNERABILITY_FACTORS = [
    "inkonsekvent resonemang/agerande/attityd",
    "extrem rädsla för personer i sin omgivning",
    "bristfällig tillgång till professionellt och/eller socialt stöd",
    "hög grad av kontroll från personer i sin omgivning",
    "farlig livssituation/oförmåga att vistas på vissa platser",
    "utåtagerande beteende (aggressivitet, impulsivitet)",
    "alkohol-/drogmissbruk",
    "andra personliga problem som kan påverka stödinsatsen",  # seed: "stödsatsen"
]
SEED_HEALTH = [
    "Är den sökande i behov av akut medicinsk behandling/kontroll?",
    "Har den sökande några hälsoproblem (sjukdom, astma, allergi etc.)?",
    (
        "Har den sökande några psykiska problem (psykisk sjukdom, personlighetsstörning) inkl. "
        "tankar/planer på att skada sig själv?"
    ),
    "Har den sökande någon funktionsnedsättning (kognitiv eller fysisk)?",
    "Är den sökande registrerad inom hälso- och sjukvården (inkl. psykiatri)?",
    "Tar den sökande någon medicin?",
    "Är den sökande gravid?",
    "Har den sökande nyligen varit föremål för hälsoundersökning?",
    "Är den sökande i behov av särskilda medicinska insatser?",
]


def section_texts(section: str) -> list[str]:
    return [q.text_sv for q in load_questions() if q.section == section]


def test_exposure_uses_the_seed_questions_in_order():
    assert section_texts("initial_assessment.exposure") == SEED_EXPOSURE


def test_vulnerability_uses_the_seed_factors_in_order():
    texts = section_texts("initial_assessment.vulnerability")
    assert len(texts) == len(SEED_VULNERABILITY_FACTORS)
    for text, factor in zip(texts, SEED_VULNERABILITY_FACTORS, strict=True):
        assert factor in text.lower()


def test_health_is_exactly_the_seed_list():
    # Data minimisation: nothing beyond the initial assessment's nine health questions.
    assert section_texts("initial_assessment.health") == SEED_HEALTH


def test_assessment_questions_offer_unknown_and_a_note():
    for question in load_questions():
        if question.section.startswith("initial_assessment.") and question.kind != "multi_choice":
            assert question.kind == "yes_no_unknown", question.id
            assert question.note, question.id
            assert question.required, question.id


def test_summary_notes_are_optional():
    for question in load_questions():
        if question.section == "summary":
            assert question.kind == "note" and not question.required


def test_no_question_asks_for_a_name():
    for question in load_questions():
        assert "namn" not in question.text_sv.lower(), question.id
        assert "name" not in question.text_en.lower(), question.id


def test_instances_are_built_from_templates():
    bank = load_questions()
    police = bank.get("authority.police.asked_for")
    assert police.template_id == "authority.{authority}.asked_for"
    assert police.instance_of == "police" and police.bindings == (("authority", "police"),)
    assert police.text_sv == "Vad har polisen tillfrågats om?"
    assert police.kind == "multi_choice"
    assert police.ask_if is None
    with pytest.raises(KeyError):
        bank.get("authority.none.asked_for")  # "none" is exclusive: nothing to repeat
    with pytest.raises(KeyError):
        bank.get("no.such.question")


def test_requests_are_nested_inside_their_authority():
    bank = load_questions()
    outcome = bank.get("authority.social_services.request.financial_support.outcome")
    assert outcome.template_id == "authority.{authority}.request.{request}.outcome"
    assert outcome.bindings == (("authority", "social_services"), ("request", "financial_support"))
    assert outcome.binding("authority") == "social_services"
    assert outcome.instance_of == "financial_support"
    assert outcome.text_sv == "Vad svarade socialtjänsten om ekonomiskt bistånd?"
    assert outcome.text_en == "What did social services answer about financial support?"
    category = bank.get("authority.police.request.shelter.reason_category")
    assert category.ask_if == {
        "answer": "authority.police.request.shelter.outcome",
        "in": ["refused", "no_decision", "referred_elsewhere", "insufficient"],
    }
    assert bank.template_of("authority.police.request.shelter.reason") == (
        bank.get("authority.{authority}.request.{request}.reason"),
        "shelter",
    )
    assert bank.template_of("referred_by") is None
    for wrong in (
        "authority.none.request.shelter.outcome",  # an exclusive authority
        "authority.police.request.yacht.outcome",  # not something an authority is asked for
        "authority.army.request.shelter.outcome",
        "authority.police.request.shelter",
        "authority.police.request.shelter.outcome.extra",
    ):
        with pytest.raises(KeyError):
            bank.get(wrong)
        assert bank.template_of(wrong) is None
    # Two levels of blocks; every template knows its enclosing blocks, outermost first.
    assert [block.repeat_as for block in bank.blocks()] == ["authority", "request"]
    chain = bank.enclosing_blocks("authority.{authority}.request.{request}.reason")
    assert [block.repeat_for for block in chain] == [
        "complementarity.authorities",
        "authority.{authority}.asked_for",
    ]


def test_reason_categories_are_the_contract_vocabulary_with_its_one_label_table():
    from intake.rules import vocabulary as v

    category = load_questions().get("authority.{authority}.request.{request}.reason_category")
    assert category.allowed_values == v.REASON_CATEGORIES
    for choice in category.choices:
        assert choice.label_sv == v.REASON_CATEGORY_LABELS[choice.value]["sv"]
        assert choice.label_en == v.REASON_CATEGORY_LABELS[choice.value]["en"]
    # Asked exactly after the outcomes the contract accepts a category for.
    assert category.ask_if["in"] == list(v.NOT_OBTAINED_OUTCOMES)
    reason = load_questions().get("authority.{authority}.request.{request}.reason")
    assert reason.ask_if["in"] == list(v.NOT_OBTAINED_OUTCOMES)
    outcome = load_questions().get("authority.{authority}.request.{request}.outcome")
    assert set(outcome.allowed_values) == set(v.AUTHORITY_OUTCOMES)
    asked_for = load_questions().get("authority.{authority}.asked_for")
    assert set(asked_for.allowed_values) == set(v.ASKED_FOR)


def test_referred_by_is_a_statistic_not_a_rules_input():
    question = load_questions().get("referred_by")
    assert question.statistic == "referred_by" and question.maps_to is None
    assert question.section == "referral" and question.required
    assert question.allowed_values == (
        "regional_coordinator",
        "other_civil_society",
        "self",
        "social_services",
        "police",
        "migration_agency",
        "other",
    )


def test_every_free_text_has_a_length_and_every_number_and_date_its_bounds():
    for question in load_questions():
        if question.kind in ("text", "note") or question.note:
            assert question.max_length and question.max_length <= 4000, question.id
        else:
            assert question.max_length is None, question.id
        if question.kind in ("integer", "items", "days_used"):
            assert question.min is not None and question.max is not None, question.id
        if question.kind == "date":
            assert question.min_date is not None, question.id
    bank = load_questions()
    assert bank.get("authority.{authority}.request.{request}.reason").max_length == 500
    assert bank.get("initial_assessment.health.medication").max_length == 4000
    assert bank.get("summary.overall").max_length == 4000


# ------------------------------------------------------------------ validation on load


@pytest.mark.parametrize(
    ("edit", "question_id", "field", "words"),
    [
        (lambda raw: raw.append(copy.deepcopy(by_id(raw, "acute"))), "acute", "id", "not unique"),
        (
            lambda raw: by_id(raw, "need").pop("choices"),
            "need",
            "choices",
            "needs a non-empty list",
        ),
        (lambda raw: by_id(raw, "need").update(choices=[]), "need", "choices", "non-empty"),
        (
            lambda raw: by_id(raw, "acute").update(
                choices=[{"value": "x", "label_sv": "x", "label_en": "x"}]
            ),
            "acute",
            "choices",
            "takes no choices",
        ),
        (
            lambda raw: by_id(raw, "specific_items").update(
                ask_if={"answer": "nedd", "in": ["specific"]}
            ),
            "specific_items",
            "ask_if",
            "'nedd' is not a question asked earlier",
        ),
        (
            lambda raw: by_id(raw, "residence_status").update(
                ask_if={"answer": "need", "in": ["shelter"]}
            ),
            "residence_status",
            "ask_if",
            "not a question asked earlier",
        ),
        (
            lambda raw: by_id(raw, "specific_items").update(
                ask_if={"answer": "need", "in": ["specfic"]}
            ),
            "specific_items",
            "ask_if",
            "'specfic' is not a value of 'need'",
        ),
        (
            lambda raw: by_id(raw, "specific_items").update(ask_if={"answer": "need", "is": "x"}),
            "specific_items",
            "ask_if",
            "unknown key",
        ),
        (
            lambda raw: by_id(raw, "specific_items").update(ask_if={"case": "shoe_size", "gt": 0}),
            "specific_items",
            "ask_if",
            "not a case fact",
        ),
        (lambda raw: by_id(raw, "need").update(kind="dropdown"), "need", "kind", "not one of"),
        (lambda raw: by_id(raw, "need").update(section="misc"), "need", "section", "not one of"),
        (lambda raw: by_id(raw, "need").update(askif={}), "need", "askif", "unknown field"),
        (lambda raw: by_id(raw, "need").pop("text_en"), "need", "text_en", "missing"),
        (
            lambda raw: by_id(raw, "need").update(maps_to="needs"),
            "need",
            "maps_to",
            "not a RULES.md path",
        ),
        (
            lambda raw: by_id(raw, "acute").update(maps_to="need"),
            "need",
            "maps_to",
            "already filled by 'acute'",
        ),
        (
            lambda raw: by_id(raw, "need").update(section="complementarity"),
            "need",
            "section",
            "later section",
        ),
        (
            lambda raw: by_id(raw, "days_used").update(min=10, max=5),
            "days_used",
            "max",
            "below min",
        ),
        (
            lambda raw: by_id(raw, "authority.{authority}.request.{request}.written_decision").update(
                repeat_for="acute"
            ),
            "authority.{authority}.request.{request}.reason_category",
            "repeat_for",
            "must be consecutive",
        ),
        (
            lambda raw: [
                q.update(repeat_for="residence_status")
                for q in raw
                if q.get("repeat_for") == "complementarity.authorities"
            ],
            "authority.{authority}.asked_for",
            "repeat_for",
            "earlier multi_choice",
        ),
        (
            lambda raw: by_id(raw, "authority.{authority}.request.{request}.outcome").update(
                id="authority.request.{request}.outcome"
            ),
            "authority.request.{request}.outcome",
            "id",
            "must contain {authority}",
        ),
        (
            lambda raw: [
                q.update(repeat_as="authority", id=q["id"].replace("{request}", "{authority}"))
                for q in raw
                if q.get("repeat_as") == "request"
            ],
            "authority.{authority}.request.{authority}.outcome",
            "repeat_as",
            "already used by an outer block",
        ),
        (
            lambda raw: by_id(raw, "authority.{authority}.asked_for").update(kind="choice"),
            "authority.{authority}.asked_for",
            "kind",
            "is a multi_choice",
        ),
        (
            lambda raw: by_id(raw, "authority.{authority}.request.{request}.outcome").update(
                repeat_for="authority.{authority}.request.{request}.reason"
            ),
            "authority.{authority}.request.{request}.outcome",
            "repeat_for",
            "earlier multi_choice",
        ),
        (
            lambda raw: by_id(raw, "authority.{authority}.request.{request}.reason").update(
                ask_if={"answer": "authority.{authority}.request.{request}.outcome", "in": ["maybe"]}
            ),
            "authority.{authority}.request.{request}.reason",
            "ask_if",
            "'maybe' is not a value",
        ),
        (
            lambda raw: (
                by_id(raw, "authority.{authority}.request.{request}.outcome").pop("maps_to"),
                by_id(raw, "authority.{authority}.asked_for").update(maps_to="authorities[].outcome"),
            ),
            "authority.{authority}.asked_for",
            "maps_to",
            "belongs in the per-request block",
        ),
        (
            lambda raw: by_id(raw, "authority.{authority}.request.{request}.outcome").update(
                maps_to="authorities[].asked_for"
            ),
            "authority.{authority}.request.{request}.outcome",
            "maps_to",
            "already filled by 'authority.{authority}.asked_for'",
        ),
        (
            lambda raw: by_id(raw, "referred_by").update(statistic="shoe_size"),
            "referred_by",
            "statistic",
            "not one of",
        ),
        (
            lambda raw: by_id(raw, "referred_by").update(maps_to="need"),
            "referred_by",
            "statistic",
            "fills no rule path",
        ),
        (
            lambda raw: by_id(raw, "authority.{authority}.request.{request}.reason_category").update(
                choices_from="moods"
            ),
            "authority.{authority}.request.{request}.reason_category",
            "choices_from",
            "not one of",
        ),
        (
            lambda raw: by_id(raw, "summary.overall").pop("max_length"),
            "summary.overall",
            "max_length",
            "is missing",
        ),
        (
            lambda raw: by_id(raw, "initial_assessment.health.medication").pop("max_length"),
            "initial_assessment.health.medication",
            "max_length",
            "is missing",
        ),
        (
            lambda raw: by_id(raw, "need").update(max_length=10),
            "need",
            "max_length",
            "takes no free text",
        ),
        (
            lambda raw: by_id(raw, "daily_allowance_from_migration_agency").pop("max"),
            "daily_allowance_from_migration_agency",
            "max",
            "is missing",
        ),
        (
            lambda raw: by_id(raw, "period_start").pop("min_date"),
            "period_start",
            "min_date",
            "earliest date",
        ),
        (
            lambda raw: by_id(raw, "period_start").update(min_date="2015-02-30"),
            "period_start",
            "min_date",
            "is not a date",
        ),
        (
            lambda raw: by_id(raw, "period_start").pop("max_days_ahead"),
            "period_start",
            "max_days_ahead",
            "either not_future or max_days_ahead",
        ),
        (
            lambda raw: by_id(raw, "period_start").update(max_days_ahead=-1),
            "period_start",
            "max_days_ahead",
            "must not be negative",
        ),
        (
            lambda raw: by_id(raw, "need").update(min_date="2015-01-01"),
            "need",
            "min_date",
            "only for date questions",
        ),
    ],
)
def test_a_broken_bank_names_the_question_and_field(edit, question_id, field, words):
    with pytest.raises(QuestionBankError) as error:
        parse_questions(edited(edit))
    assert error.value.question_id == question_id
    assert error.value.field == field
    assert words in str(error.value)
    assert repr(question_id) in str(error.value)


def test_a_derivation_must_map_onto_known_values():
    def break_map(raw):
        rule = by_id(raw, "initial_assessment.exposure.trafficking_type")["derive"][0]
        rule["map"]["sexual"] = "sex"

    with pytest.raises(QuestionBankError, match="'sex' is not a value"):
        parse_questions(edited(break_map))


def test_the_file_must_be_a_list():
    with pytest.raises(QuestionBankError, match="non-empty list"):
        parse_questions({"questions": RAW})

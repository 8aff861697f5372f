"""The document engine against the seeds: each document's questions, counted and in order.

The counts are the issue's table (seed 001 from "Dokumentförteckning NSP" on); the order
is checked against the seed's own text: every field's Swedish label (or the seed's
wording, `seed_label`, where the portal corrects a typo) must be found in the seed after
the previous field's, starting at the document's heading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intake.documents import engine

# The seeds' form pages, excerpted verbatim (the full seeds live outside the repository).
LOCAL_SEEDS = Path(__file__).parent / "seeds"

# The issue's table: fields in the seed, and the prompts that come with them.
EXPECTED = {
    "in_depth_assessment": (112, 0),
    "period_report": (15, 10),
    "exit_report": (14, 0),
    "purchase_request": (18, 0),
    "integration_application": (22, 4),
}
SECTION_COUNTS = {("in_depth_assessment", ("physical", "physical2")): 22,
                  ("in_depth_assessment", ("mental", "mental2")): 31,
                  ("in_depth_assessment", ("exit",)): 10}


def _seed_text(name: str) -> str:
    text = (LOCAL_SEEDS / name).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", text).replace("*", "")
    return re.sub(r"\s+", " ", text)


def test_every_document_parses_and_lists_in_order():
    assert [spec.kind for spec in engine.all_specs()] == list(engine.KINDS)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_fields_match_the_seed_in_count(kind):
    spec = engine.spec_of(kind)
    fields, prompts = EXPECTED[kind]
    assert sum(1 for f in spec.fields if not f.prompt) == fields
    assert sum(1 for f in spec.fields if f.prompt) == prompts


@pytest.mark.parametrize("kind, sections", [(kind, sections) for kind, sections in SECTION_COUNTS])
def test_sections_match_the_issue(kind, sections):
    spec = engine.spec_of(kind)
    assert sum(1 for f in spec.fields if f.section in sections) == SECTION_COUNTS[(kind, sections)]


@pytest.mark.parametrize("kind", list(engine.KINDS))
def test_fields_follow_the_seeds_order(kind):
    import json
    raw = json.loads((engine.FORMS_DIR / f"{kind}.json").read_text(encoding="utf-8"))
    seed = _seed_text(raw["seed"])
    position = seed.index(raw["seed_start"])
    if raw["seed"].startswith("002"):
        # The plans are described in prose (seed 002), not as a form: their fields are
        # the portal's, in the order of the prose; the cited passage must exist.
        assert [f["seed_order"] for f in raw["fields"]] == list(range(1, len(raw["fields"]) + 1))
        return
    for field in raw["fields"]:
        label = field.get("seed_label", field["text_sv"])
        found = seed.find(label, position)
        assert found >= 0, f"{field['id']}: {label!r} not in the seed after the previous field"
        position = found + 1
    assert [f["seed_order"] for f in raw["fields"]] == list(range(1, len(raw["fields"]) + 1))


@pytest.mark.parametrize("spec", engine.all_specs(), ids=lambda spec: spec.kind)
def test_every_field_speaks_both_languages_and_has_a_stable_id(spec):
    prefix = {f.id.split(".")[0] for f in spec.fields}
    assert len(prefix) == 1  # one prefix per document: ids never collide across documents
    for f in spec.fields:
        assert re.fullmatch(r"[a-z]{2}\.[a-z0-9_]+\.[a-z0-9_]+", f.id), f.id
        assert f.text_sv.strip() and f.text_en.strip(), f.id
        assert bool(f.help_sv) == bool(f.help_en), f.id
        for choice in f.choices():
            assert choice.label_sv and choice.label_en


@pytest.mark.parametrize("spec", engine.all_specs(), ids=lambda spec: spec.kind)
def test_health_questions_are_optional_say_why_and_can_be_not_assessed(spec):
    for section in spec.sections:
        if not section.health:
            continue
        assert section.why("sv") and section.why("en")
        for f in section.fields:
            assert not f.required, f.id
            assert engine.NOT_ASSESSED in [c.value for c in f.choices()], f.id


def test_the_health_sections_are_the_ones_of_the_in_depth_assessment():
    health = {(spec.kind, s.id) for spec in engine.all_specs() for s in spec.sections if s.health}
    assert health == {("in_depth_assessment", s) for s in ("physical", "physical2", "mental", "mental2")}


@pytest.mark.parametrize("kind, required", [
    ("in_depth_assessment", {"fb.header.date", "fb.header.case_number", "fb.header.handler",
                             "fb.applicant.surname_initial", "fb.applicant.first_initial",
                             "fb.applicant.birth_year", "fb.applicant.nationality",
                             "fb.case.description", "fb.summary.exposure", "fb.summary.vulnerability",
                             "fb.summary.assessment", "fb.summary.needs_plan"}),
    ("exit_report", {"ur.header.date", "ur.header.handler", "ur.header.case_number", "ur.report.summary",
                     "ur.report.needs_plan", "ur.report.reason", "ur.report.as_planned", "ur.sent.submitted_by",
                     "ur.sent.submitted_date"}),
    ("purchase_request", {"ia.header.organisation", "ia.header.issued", "ia.header.client_ref", "ia.item.item",
                          "ia.item.quantity", "ia.item.cost_each", "ia.item.needed_by", "ia.item.name"}),
])
def test_required_fields(kind, required):
    assert {f.id for f in engine.spec_of(kind).fields if f.required} == required


def test_the_programmes_part_is_never_required_of_the_actor():
    for spec in engine.all_specs():
        assert all(not f.required for f in spec.fields if f.role == "programme")


def test_a_spec_with_two_fields_of_one_id_is_refused():
    data = {"kind": "x", "code": "X", "version": "1", "title_sv": "x", "title_en": "x", "seed": "s", "when_sv": "",
            "when_en": "", "sections": [{"id": "a", "title_sv": "a", "title_en": "a"}],
            "fields": [{"id": "x.a.b", "section": "a", "type": "text", "text_sv": "a", "text_en": "a",
                        "seed_order": 1}] * 2}
    with pytest.raises(engine.SpecError):
        engine.parse(data)


# --- cleaning values -------------------------------------------------------------------------

FB = engine.spec_of("in_depth_assessment")


@pytest.mark.parametrize("key, raw, expected", [
    ("fb.header.date", "2026-03-16", "2026-03-16"),
    ("fb.header.time", "11.00", "11:00"),
    ("fb.applicant.birth_year", " 1987 ", "1987"),
    ("fb.physical.epilepsy", "not_assessed", "not_assessed"),
    ("fb.physical.epilepsy.note", "  Medicin sedan 2019  ", "Medicin sedan 2019"),
    ("fb.case.description", "rad 1\r\nrad 2", "rad 1\nrad 2"),
    ("fb.applicant.address", "", ""),
])
def test_clean_accepts(key, raw, expected):
    assert engine.clean(FB, key, raw) == expected


@pytest.mark.parametrize("key, raw, code", [
    ("fb.header.date", "1899-12-31", "date_range"),
    ("fb.header.date", "2025-02-30", "date"),
    ("fb.applicant.birth_year", "9" * 5000, "number"),
    ("fb.applicant.birth_year", "1850", "year"),
    ("fb.physical.epilepsy", "maybe", "choice"),
    ("fb.summary.exposure", "a\x00b", "nul"),
    ("fb.applicant.address", "x" * 301, "too_long"),
    ("fb.exit.signature", "Anna", "unknown_field"),
    ("fb.nope.nope", "x", "unknown_field"),
    ("fb.header.time", "25:00", "time"),
    ("fb.applicant.gender", "not_assessed", "choice"),  # "not assessed" is for health only
])
def test_clean_refuses_with_a_reason(key, raw, code):
    with pytest.raises(engine.ValueProblem) as caught:
        engine.clean(FB, key, raw)
    assert caught.value.code == code


def test_missing_required_in_the_documents_order():
    values = {"fb.header.date": "2026-01-01", "fb.summary.exposure": "x"}
    missing = [f.id for f in engine.missing_required(FB, values)]
    assert missing[0] == "fb.header.case_number" and "fb.summary.exposure" not in missing
    assert missing == [f.id for f in FB.fields if f.id in set(missing)]

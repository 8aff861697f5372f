"""The document engine: each of the programme's case documents as questions-as-data.

Pure Python (no Django), like intake.flow: one JSON file per document in `forms/`, in
the seed's order (seed 001 from "Dokumentförteckning NSP" on; seed 002 for the plans),
with stable ids, Swedish and English text, a type, help, and which are required. The
Django side (forms.py, services.py) renders, cleans and stores any of them from this.

Values are strings (the form's own; a choice's value, an ISO date, digits): one shape for
every field, stored sealed. A field with `note` has a second input, `<id>.note`, for the
"if YES, give more information" of the paper form. Health and mental-health sections
(`health`) are never required, say why they are asked, and offer "not assessed".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

FORMS_DIR = Path(__file__).parent / "forms"

# The order documents are listed in (the brief's order of the case's life).
KINDS = (
    "in_depth_assessment", "implementation_plan", "period_report", "exit_plan", "exit_report",
    "purchase_request", "integration_application",
)

NOT_ASSESSED = "not_assessed"
NOTE_SUFFIX = ".note"

# Bounds, so a tired user's or an attacker's input gets a clear error, never a 500.
TEXT_MAX_CHARS = 300
TEXTAREA_MAX_CHARS = 20_000
NUMBER_MAX_DIGITS = 9
YEAR_MIN, YEAR_MAX = 1900, 2100

# The answer scales of the paper forms, once.
SCALES: dict[str, list[tuple[str, str, str]]] = {
    "yes_no": [("yes", "Ja", "Yes"), ("no", "Nej", "No")],
    "yes_no_unknown": [("yes", "Ja", "Yes"), ("no", "Nej", "No"), ("dont_know", "Vet ej", "Don't know"),
                       ("declined", "Vill ej svara", "Prefers not to answer")],
    "frequency": [("never", "Inte alls", "Not at all"), ("sometimes", "Ibland", "Sometimes"),
                  ("almost_daily", "Nästan dagligen", "Almost daily"), ("daily", "Dagligen", "Daily")],
    "extent": [("not_at_all", "Inte alls", "Not at all"), ("small", "Liten utsträckning", "To a small extent"),
               ("high", "Hög utsträckning", "To a high extent"), ("very_high", "Mycket hög utsträckning",
                                                                    "To a very high extent")],
    "presence": [("yes", "Ja", "Yes"), ("partly", "Delvis", "Partly"), ("no", "Nej", "No"),
                 ("info_missing", "Info saknas", "Information missing")],
    "last_exam": [("within_year", "Inom det senaste året", "Within the last year"),
                  ("one_to_three", "För 1–3 år sedan", "1–3 years ago"),
                  ("over_three", "För mer än 3 år sedan", "More than 3 years ago"),
                  ("never", "Aldrig", "Never"), ("dont_know", "Vet ej", "Don't know")],
    "rights": [("met", "Tillgodosedd", "Met"), ("partly", "Delvis tillgodosedd", "Partly met"),
               ("not_met", "Inte tillgodosedd", "Not met"), ("not_needed", "Behövdes inte", "Not needed")],
}
NOT_ASSESSED_LABEL = ("Inte bedömt", "Not assessed")

CHOICE_TYPES = set(SCALES) | {"choice"}
TEXT_TYPES = {"text", "textarea"}
TYPES = CHOICE_TYPES | TEXT_TYPES | {"date", "time", "year", "integer", "money", "signature"}


@dataclass(frozen=True)
class Choice:
    value: str
    label_sv: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_sv if lang == "sv" else self.label_en


@dataclass(frozen=True)
class Field:
    id: str
    section: str
    type: str
    text_sv: str
    text_en: str
    seed_order: int
    required: bool = False
    help_sv: str = ""
    help_en: str = ""
    note: bool = False
    health: bool = False
    prompt: bool = False
    role: str = "actor"  # "programme": the coordinator's part of the paper form
    prefill: str = ""
    max_chars: int | None = None
    own_choices: tuple[Choice, ...] = ()

    def text(self, lang: str) -> str:
        return self.text_sv if lang == "sv" else self.text_en

    def help(self, lang: str) -> str:
        return self.help_sv if lang == "sv" else self.help_en

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def is_free_text(self) -> bool:
        return self.type in TEXT_TYPES

    @property
    def editable(self) -> bool:
        """Signature lines are set by signing off, never typed."""
        return self.type != "signature"

    @property
    def note_key(self) -> str:
        return self.id + NOTE_SUFFIX

    def choices(self) -> tuple[Choice, ...]:
        base = self.own_choices or tuple(Choice(*row) for row in SCALES.get(self.type, ()))
        if self.health and base:
            return base + (Choice(NOT_ASSESSED, *NOT_ASSESSED_LABEL),)
        return base

    def limit(self) -> int:
        if self.max_chars:
            return self.max_chars
        return TEXTAREA_MAX_CHARS if self.type == "textarea" else TEXT_MAX_CHARS


@dataclass(frozen=True)
class Section:
    id: str
    title_sv: str
    title_en: str
    intro_sv: str = ""
    intro_en: str = ""
    health: bool = False
    why_sv: str = ""
    why_en: str = ""
    fields: tuple[Field, ...] = ()

    def title(self, lang: str) -> str:
        return self.title_sv if lang == "sv" else self.title_en

    def intro(self, lang: str) -> str:
        return self.intro_sv if lang == "sv" else self.intro_en

    def why(self, lang: str) -> str:
        return self.why_sv if lang == "sv" else self.why_en


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    code: str
    version: str
    title_sv: str
    title_en: str
    seed: str
    when_sv: str
    when_en: str
    sections: tuple[Section, ...]
    purpose_sv: str = ""
    purpose_en: str = ""
    by_id: dict[str, Field] = field(default_factory=dict, compare=False, hash=False)

    def title(self, lang: str) -> str:
        return self.title_sv if lang == "sv" else self.title_en

    def when(self, lang: str) -> str:
        return self.when_sv if lang == "sv" else self.when_en

    @property
    def fields(self) -> list[Field]:
        return [f for section in self.sections for f in section.fields]

    def field(self, key: str) -> Field | None:
        """The field a stored key belongs to (its own id, or its note's)."""
        return self.by_id.get(key.removesuffix(NOTE_SUFFIX)) if key.endswith(NOTE_SUFFIX) else self.by_id.get(key)

    def keys(self) -> list[str]:
        """Every input of the document, in order: each field, then its note if it has one."""
        out: list[str] = []
        for f in self.fields:
            if f.editable:
                out.append(f.id)
            if f.note:
                out.append(f.note_key)
        return out


class SpecError(ValueError):
    """A document's JSON is inconsistent (a test and start-up catch it, never a user)."""


def _field(raw: dict, health: bool) -> Field:
    if raw["type"] not in TYPES:
        raise SpecError(f"{raw['id']}: unknown type {raw['type']}")
    choices = tuple(Choice(c["value"], c["label_sv"], c["label_en"]) for c in raw.get("choices", ()))
    if raw["type"] == "choice" and not choices:
        raise SpecError(f"{raw['id']}: a choice without choices")
    required = bool(raw.get("required")) and not health  # data minimisation: health is never required
    return Field(
        id=raw["id"], section=raw["section"], type=raw["type"], text_sv=raw["text_sv"], text_en=raw["text_en"],
        seed_order=raw["seed_order"], required=required, help_sv=raw.get("help_sv", ""),
        help_en=raw.get("help_en", ""), note=bool(raw.get("note")), health=health, prompt=bool(raw.get("prompt")),
        role=raw.get("role", "actor"), prefill=raw.get("prefill", ""), max_chars=raw.get("max_chars"),
        own_choices=choices,
    )


def parse(data: dict) -> DocumentSpec:
    sections_raw = {s["id"]: s for s in data["sections"]}
    fields_by_section: dict[str, list[Field]] = {sid: [] for sid in sections_raw}
    seen: set[str] = set()
    for raw in data["fields"]:
        if raw["id"] in seen:
            raise SpecError(f"{raw['id']}: twice")
        seen.add(raw["id"])
        if raw["section"] not in sections_raw:
            raise SpecError(f"{raw['id']}: unknown section {raw['section']}")
        fields_by_section[raw["section"]].append(_field(raw, bool(sections_raw[raw["section"]].get("health"))))
    sections = tuple(
        Section(id=s["id"], title_sv=s["title_sv"], title_en=s["title_en"], intro_sv=s.get("intro_sv", ""),
                intro_en=s.get("intro_en", ""), health=bool(s.get("health")), why_sv=s.get("why_sv", ""),
                why_en=s.get("why_en", ""), fields=tuple(fields_by_section[s["id"]]))
        for s in data["sections"]
    )
    spec = DocumentSpec(
        kind=data["kind"], code=data["code"], version=data["version"], title_sv=data["title_sv"],
        title_en=data["title_en"], seed=data["seed"], when_sv=data["when_sv"], when_en=data["when_en"],
        sections=sections, purpose_sv=data.get("purpose_sv", ""), purpose_en=data.get("purpose_en", ""),
    )
    spec.by_id.update({f.id: f for f in spec.fields})
    orders = [f.seed_order for f in spec.fields]
    if orders != sorted(orders):
        raise SpecError(f"{spec.kind}: sections out of the seed's order")
    return spec


@lru_cache(maxsize=None)
def spec_of(kind: str) -> DocumentSpec:
    if kind not in KINDS:
        raise KeyError(kind)
    return parse(json.loads((FORMS_DIR / f"{kind}.json").read_text(encoding="utf-8")))


def all_specs() -> list[DocumentSpec]:
    return [spec_of(kind) for kind in KINDS]


# --- Cleaning one value -------------------------------------------------------------------------


class ValueProblem(ValueError):
    """Why a value was refused: a code the page words in the reader's language."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


_DIGITS = re.compile(r"^\d+$")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def clean(spec: DocumentSpec, key: str, raw: str) -> str:
    """The value to store for input `key`, or ValueProblem. Empty is always allowed here
    (a draft may be incomplete); required fields are checked on signing (missing_required)."""
    f = spec.field(key)
    if f is None or (key == f.id and not f.editable):
        raise ValueProblem("unknown_field")
    if not isinstance(raw, str):
        raise ValueProblem("invalid")
    if "\x00" in raw:
        raise ValueProblem("nul")
    value = raw.replace("\r\n", "\n").strip()
    if key.endswith(NOTE_SUFFIX):
        return _text(value, TEXTAREA_MAX_CHARS)
    if value == "":
        return ""
    if f.is_choice:
        if value not in {c.value for c in f.choices()}:
            raise ValueProblem("choice")
        return value
    if f.type in TEXT_TYPES:
        return _text(value, f.limit())
    if f.type in ("integer", "money", "year"):
        digits = value.replace(" ", "").replace("\u00a0", "")
        if len(digits) > NUMBER_MAX_DIGITS or not _DIGITS.match(digits):
            raise ValueProblem("number", max_digits=NUMBER_MAX_DIGITS)
        number = int(digits)
        if f.type == "year" and not YEAR_MIN <= number <= YEAR_MAX:
            raise ValueProblem("year", low=YEAR_MIN, high=YEAR_MAX)
        return str(number)
    if f.type == "date":
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            raise ValueProblem("date") from error
        if not YEAR_MIN <= day.year <= YEAR_MAX:
            raise ValueProblem("date_range", low=YEAR_MIN, high=YEAR_MAX)
        return day.isoformat()
    if f.type == "time":
        match = _TIME.match(value)
        if not match:
            raise ValueProblem("time")
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    raise ValueProblem("invalid")  # pragma: no cover - every type is handled above


def _text(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueProblem("too_long", limit=limit)
    return value


def missing_required(spec: DocumentSpec, values: dict[str, str], *, role: str = "actor") -> list[Field]:
    """The required fields of `role`'s part still empty, in the document's order."""
    return [f for f in spec.fields if f.required and f.role == role and f.editable and not values.get(f.id)]


def display(spec: DocumentSpec, key: str, value: str, lang: str) -> str:
    """A stored value as the reader sees it (a choice's label; anything else as stored)."""
    f = spec.field(key)
    if f is None or not value or key.endswith(NOTE_SUFFIX) or not f.is_choice:
        return value
    return next((c.label(lang) for c in f.choices() if c.value == value), value)

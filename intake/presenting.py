"""How questions, answers and recommendations read on screen, in a given language.

Pure presentation: turns intake.flow questions and stored values into what templates
show, so templates stay free of logic and the same texts serve the chat, the person's
screen and the case page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from intake import flow as intake_flow
from intake.flow.model import DAYS_USED_PARTS
from intake.forms import ITEM_ROWS, country_choices
from portal.formatting import sek
from intake.rules import vocabulary
from tenants import presenting as programme_presenting
from tenants.years.rulesets import active_rulesets

# Choice questions with at most this many options are quick-reply buttons.
MAX_QUICK_REPLIES = 10


@dataclass
class QuestionView:
    id: str
    kind: str
    text: str
    help: str | None
    required: bool
    note: bool
    choices: list[tuple[str, str]] = field(default_factory=list)
    quick_replies: bool = False
    current: Any = None
    current_note: str = ""
    item_rows: list[dict] = field(default_factory=list)
    days_parts: list[tuple[str, str, Any]] = field(default_factory=list)
    min: int | None = None
    max: int | None = None

    @property
    def current_list(self) -> list:
        return self.current if isinstance(self.current, list) else []


def _split(value: Any) -> tuple[Any, str]:
    if isinstance(value, dict) and set(value) == {"value", "note"}:
        return value["value"], value.get("note") or ""
    return value, ""


def question_view(question, lang: str, current: Any = None) -> QuestionView:
    value, note = _split(current)
    if question.kind in ("yes_no", "yes_no_unknown"):
        choices = [(v, intake_flow.choice_label(question, v, lang)) for v in question.allowed_values]
    elif question.kind == "country_list":
        choices = country_choices(lang)
    else:
        choices = [(c.value, intake_flow.choice_label(question, c.value, lang)) for c in question.choices]
    view = QuestionView(
        id=question.id, kind=question.kind, text=intake_flow.question_text(question, lang),
        help=intake_flow.question_help(question, lang), required=question.required, note=question.note,
        choices=choices, current=value, current_note=note, min=question.min, max=question.max,
        quick_replies=question.kind in ("choice", "yes_no", "yes_no_unknown") and len(choices) <= MAX_QUICK_REPLIES,
    )
    if question.kind == "items":
        rows = list(value or [])
        view.item_rows = [
            {"index": index, "item": rows[index]["item"] if index < len(rows) else "",
             "cost": rows[index].get("cost", "") if index < len(rows) else ""}
            for index in range(max(ITEM_ROWS, len(rows)))
        ][:ITEM_ROWS]
    if question.kind == "days_used":
        labels = {"reflection": _("Reflection period"), "extended": _("Extended or deepened periods"),
                  "integration": _("Integration")}
        current_days = value or {}
        view.days_parts = [(part, labels[part], current_days.get(part, "")) for part in DAYS_USED_PARTS]
    return view


def answer_display(question, stored: Any, lang: str) -> str:
    """A stored answer as a short reply bubble ("Yes — note", "Italy, Sweden", …)."""
    value, note = _split(stored)
    if value is None:
        text = _("(skipped)")
    elif question.kind in ("choice", "yes_no", "yes_no_unknown"):
        text = intake_flow.choice_label(question, value, lang)
    elif question.kind in ("multi_choice", "country_list"):
        text = ", ".join(intake_flow.choice_label(question, v, lang) for v in value) or _("None")
    elif question.kind == "items":
        text = "; ".join(
            f"{intake_flow.choice_label(question, row['item'], lang)} {sek(row['cost'], lang)}" for row in value
        )
    elif question.kind == "days_used":
        text = _("reflection %(reflection)s, extended %(extended)s, integration %(integration)s days") % value
    elif question.kind == "integer" and question.id == "daily_allowance_from_migration_agency":
        text = sek(value, lang)
    else:
        text = str(value)
    return f"{text} — {note}" if note else text


@dataclass
class TranscriptLine:
    question_id: str
    question: str
    answer: str


@dataclass
class IntakeState:
    """Where an intake is, from one walk of the question bank: what applies, what is
    answered, what comes next. Screens render from it instead of walking again."""

    walk: intake_flow.Walk

    @property
    def asked(self) -> list:
        return [step.question for step in self.walk.steps if step.status == "ask"]

    @property
    def answers(self) -> dict:
        return self.walk.kept

    @property
    def next_question(self):
        return next((question for question in self.asked if question.id not in self.walk.kept), None)

    @property
    def progress(self) -> tuple[int, int]:
        asked = self.asked
        return sum(1 for question in asked if question.id in self.walk.kept), len(asked)

    def question(self, question_id: str):
        return next((question for question in self.asked if question.id == question_id), None)


def intake_state(answers: dict, facts: dict, walk: intake_flow.Walk | None = None) -> IntakeState:
    return IntakeState(walk if walk is not None else intake_flow.walk(answers, facts))


def transcript(state: IntakeState, lang: str) -> list[TranscriptLine]:
    """The conversation so far: every question that applies and has an answer, in order."""
    answers = state.answers
    return [
        TranscriptLine(question.id, intake_flow.question_text(question, lang),
                       answer_display(question, answers[question.id], lang))
        for question in state.asked if question.id in answers
    ]


def question_texts(ids: list[str], lang: str) -> list[str]:
    """Texts of questions by id, also of ones that no longer apply (for "what changed")."""
    bank = intake_flow.load_questions()
    texts = []
    for question_id in ids:
        try:
            texts.append(intake_flow.question_text(bank.get(question_id), lang))
        except KeyError:
            texts.append(question_id)
    return texts


@dataclass
class PersonView:
    text: str
    language: str
    choices: list[str]
    fell_back: bool


def person_view(question, lang: str) -> PersonView:
    """The current question as the person reads it, in their language (English if missing)."""
    text, used = intake_flow.person_text(question.id, lang)
    values = question.allowed_values if question.kind in ("yes_no", "yes_no_unknown") else [
        c.value for c in question.choices] if question.kind in ("choice", "multi_choice") else []
    choices = []
    for value in values:
        try:
            choices.append(intake_flow.person_text(f"{question.id}:{value}", lang)[0])
        except KeyError:
            choices.append(value)
    return PersonView(text=text, language=used, choices=choices, fell_back=used != lang)


# --- Recommendations -----------------------------------------------------------------------


@dataclass
class RecommendationCard:
    outcome: str
    year: int
    ruleset_version: str
    interventions: list[dict]
    total: int
    refer_to: list[str]
    reasons: list[dict]
    documents: list[str]
    adjusted: bool
    current: bool


def _document_names(year: int, lang: str) -> dict[str, str]:
    ruleset = active_rulesets().get(year)
    if ruleset is None:
        return {}
    lang = lang if lang in vocabulary.LANGUAGES else "en"
    return {document["code"]: document[f"name_{lang}"] for document in ruleset.section("documents")}


def recommendation_card(recommendation, lang: str, *, current: bool = True) -> RecommendationCard:
    result = recommendation.result
    refer = [
        _("%(authority)s: ask for %(what)s") % {
            "authority": vocabulary.label(vocabulary.AUTHORITY_LABELS, entry["authority"], lang),
            "what": vocabulary.label(vocabulary.ASKED_FOR_LABELS, entry["ask_for"], lang),
        }
        for entry in result.get("refer_to", [])
    ]
    documents = _document_names(recommendation.year, lang)
    return RecommendationCard(
        outcome=result.get("outcome", ""), year=recommendation.year, ruleset_version=recommendation.ruleset_version,
        interventions=interventions_named(recommendation.interventions, recommendation.year, lang),
        total=recommendation.total, refer_to=refer, reasons=programme_presenting.reasons(result, lang),
        documents=[documents.get(code, code) for code in result.get("documents_required", [])],
        adjusted=recommendation.adjusted_interventions is not None, current=current,
    )


def interventions_named(items: list[dict] | None, year: int, lang: str) -> list[dict]:
    return programme_presenting.interventions_named(items, year, lang)


def evidence_rows(evidence: list[dict], lang: str) -> list[dict]:
    return programme_presenting.evidence_rows(evidence, lang)

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


def transcript(answers: dict, facts: dict, lang: str) -> list[TranscriptLine]:
    """The conversation so far: every question that applies and has an answer, in order."""
    lines = []
    for question in intake_flow.applicable_questions(answers, facts):
        if question.id in answers:
            lines.append(TranscriptLine(question.id, intake_flow.question_text(question, lang),
                                        answer_display(question, answers[question.id], lang)))
    return lines


def questions_by_id(answers: dict, facts: dict) -> dict:
    return {question.id: question for question in intake_flow.applicable_questions(answers, facts)}


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


def intervention_name(year: int, code: str, lang: str) -> str:
    ruleset = active_rulesets().get(year)
    intervention = ruleset.interventions.get(code) if ruleset else None
    if intervention is None:
        return code
    return intervention.name_sv if lang == "sv" else intervention.name_en


AUTHORITY_NAMES = {
    "social_services": ("Socialtjänsten", "Social services"),
    "migration_agency": ("Migrationsverket", "The Migration Agency (Migrationsverket)"),
    "police": ("Polisen (förundersökningsledare)", "The police (head of the preliminary investigation)"),
    "prosecutor": ("Åklagaren", "The prosecutor"),
    "healthcare": ("Hälso- och sjukvården", "Healthcare"),
    "other": ("Annan myndighet", "Another authority"),
}

ASK_FOR_NAMES = {
    "shelter": ("skyddat boende", "protected housing"),
    "reflection_permit": ("uppehållstillstånd för betänketid", "a reflection-period residence permit"),
    "witness_permit": ("tillfälligt uppehållstillstånd för bevisperson", "a temporary permit for a witness"),
    "financial_support": ("ekonomiskt bistånd", "financial support"),
    "relocation": ("omplacering", "relocation"),
    "care": ("vård", "care"),
    "other": ("annat stöd", "other support"),
}

DOCUMENT_NAMES = {
    "implementation_plan": ("Genomförandeplan", "Implementation plan"),
    "exit_plan": ("Genomförandeplan för utslussning", "Implementation plan for the exit phase"),
}


def _pick(names: dict, key: str, lang: str) -> str:
    pair = names.get(key)
    return (pair[0] if lang == "sv" else pair[1]) if pair else key


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


def recommendation_card(recommendation, lang: str) -> RecommendationCard:
    result = recommendation.result
    interventions = [
        {**item, "name": intervention_name(recommendation.year, item["code"], lang)}
        for item in recommendation.interventions
    ]
    reasons = result.get("reasons_i18n", {}).get(lang) or result.get("reasons", [])
    refer = [
        _("%(authority)s: ask for %(what)s") % {
            "authority": _pick(AUTHORITY_NAMES, entry["authority"], lang),
            "what": _pick(ASK_FOR_NAMES, entry["ask_for"], lang),
        }
        for entry in result.get("refer_to", [])
    ]
    return RecommendationCard(
        outcome=result.get("outcome", ""), year=recommendation.year, ruleset_version=recommendation.ruleset_version,
        interventions=interventions, total=recommendation.total, refer_to=refer, reasons=reasons,
        documents=[_pick(DOCUMENT_NAMES, code, lang) for code in result.get("documents_required", [])],
        adjusted=recommendation.adjusted_interventions is not None,
    )


def interventions_named(items: list[dict] | None, year: int, lang: str) -> list[dict]:
    return [{**item, "name": intervention_name(year, item["code"], lang)} for item in items or []]



def _flow_label(question_id: str, value, lang: str) -> str:
    try:
        return intake_flow.choice_label(intake_flow.load_questions().get(question_id), value, lang)
    except KeyError:
        return str(value)


def evidence_rows(evidence: list[dict], lang: str) -> list[dict]:
    """The complementarity evidence with the intake's own labels (same words as the chat)."""
    rows = []
    for row in evidence:
        code = row.get("authority", "")
        rows.append({
            "authority": _flow_label("complementarity.authorities", code, lang),
            "asked_for": _flow_label(f"authority.{code}.asked_for", row.get("asked_for"), lang),
            "outcome": _flow_label(f"authority.{code}.outcome", row.get("outcome"), lang),
            "written_decision": row.get("written_decision"),
        })
    return rows

"""The guided intake's flow: which question comes next, and what the answers add up to.

Answers are a plain dict keyed by question id (instance ids for per-authority and
per-request questions, e.g. `authority.police.request.shelter.outcome`). A key that is
present counts as answered; an optional question that was skipped is stored as None. Questions with `note: true` store
{"value": …, "note": "…"}.

Every function walks the bank in order, deciding each question against the answers of the
questions before it, so an answer to a question that no longer applies is never used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .answers import AnswerInvalid, validate_answer
from .countries import country_name
from .loading import QuestionBankError, load_questions
from .model import YES_NO_LABELS, Question, QuestionBank
from .person_screen import person_text, person_text_keys
from .rule_answers import to_rule_answers
from .walking import Step, Walk, plain_value, walk

__all__ = [
    "AnswerInvalid",
    "Question",
    "QuestionBank",
    "QuestionBankError",
    "Step",
    "Walk",
    "applicable_questions",
    "choice_label",
    "effective_answers",
    "load_questions",
    "next_question",
    "person_text",
    "person_text_keys",
    "plain_value",
    "progress",
    "prune",
    "question_help",
    "question_text",
    "to_rule_answers",
    "validate_answer",
    "walk",
]

# ------------------------------------------------------------------ the public flow


def next_question(
    answers: Mapping[str, Any], case: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> Question | None:
    """The first question that applies and has no answer yet; None when the intake is complete."""
    result = walk(answers, case, bank)
    return next(
        (
            step.question
            for step in result.steps
            if step.status == "ask" and step.question.id not in result.kept
        ),
        None,
    )


def applicable_questions(
    answers: Mapping[str, Any], case: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> list[Question]:
    """The questions to ask for these answers, in order (derived ones are not asked)."""
    return [step.question for step in walk(answers, case, bank).steps if step.status == "ask"]


def progress(
    answers: Mapping[str, Any], case: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> tuple[int, int]:
    """(answered, total) of the questions that apply now; the total moves with the answers."""
    result = walk(answers, case, bank)
    asked = [step.question.id for step in result.steps if step.status == "ask"]
    return sum(1 for qid in asked if qid in result.kept), len(asked)


def prune(
    answers: Mapping[str, Any], case: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> tuple[dict[str, Any], list[str]]:
    """(kept answers, ids of dropped answers) after an earlier answer changed.

    Dropped: answers to questions that no longer apply, to questions now answered from
    earlier answers (derived), and to ids the bank does not know.
    """
    result = walk(answers, case, bank)
    return result.kept, result.dropped


def effective_answers(
    answers: Mapping[str, Any], case: Mapping[str, Any], *, bank: QuestionBank | None = None
) -> dict[str, Any]:
    """Kept answers plus the derived ones, in bank order: what the assessment form shows."""
    result = walk(answers, case, bank)
    merged: dict[str, Any] = {}
    for step in result.steps:
        qid = step.question.id
        if step.status == "derived":
            value = step.derived_value
            merged[qid] = {"value": value, "note": ""} if step.question.note else value
        elif qid in result.kept:
            merged[qid] = result.kept[qid]
    return merged


# ------------------------------------------------------------------ texts for staff


def question_text(question: Question, lang: str) -> str:
    """The staff-facing question text in lang, else English, else Swedish."""
    return _in_language({"sv": question.text_sv, "en": question.text_en}, lang)


def question_help(question: Question, lang: str) -> str | None:
    texts = {"sv": question.help_sv or "", "en": question.help_en or ""}
    return _in_language(texts, lang) or None


def choice_label(question: Question, value: str, lang: str) -> str:
    """The label of one answer value in lang, else English, else Swedish."""
    if question.kind in ("yes_no", "yes_no_unknown") and value in question.allowed_values:
        return _in_language(YES_NO_LABELS[value], lang)
    if question.kind == "country_list":
        return country_name(value, lang)
    choice = question.choice(value)
    if choice is None:
        raise KeyError(f"{value!r} is not a choice of {question.id!r}")
    return _in_language({"sv": choice.label_sv, "en": choice.label_en}, lang)


def _in_language(texts: Mapping[str, str], lang: str) -> str:
    for candidate in (lang, "en", "sv"):
        if texts.get(candidate):
            return texts[candidate]
    return ""

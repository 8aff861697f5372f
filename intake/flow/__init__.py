"""Guided intake: the question bank and the one flow function (pure Python, no Django).

from intake.flow import load_questions, next_question, validate_answer, to_rule_answers
from intake.flow import complementarity_evidence, statistics_answers  # for the programme
"""

from .engine import (
    AnswerInvalid,
    Question,
    QuestionBank,
    QuestionBankError,
    Step,
    Walk,
    applicable_questions,
    choice_label,
    effective_answers,
    load_questions,
    next_question,
    person_text,
    person_text_keys,
    plain_value,
    progress,
    prune,
    question_help,
    question_text,
    to_rule_answers,
    validate_answer,
    walk,
)
from .estimate import Position, position
from .evidence import complementarity_evidence, statistics_answers, statistics_label
from .person_screen import screen_text
from .scripted import fill, script_from_rule_answers

__all__ = [
    "AnswerInvalid",
    "Position",
    "Question",
    "QuestionBank",
    "QuestionBankError",
    "Step",
    "Walk",
    "applicable_questions",
    "choice_label",
    "complementarity_evidence",
    "effective_answers",
    "fill",
    "load_questions",
    "next_question",
    "person_text",
    "person_text_keys",
    "plain_value",
    "position",
    "progress",
    "prune",
    "question_help",
    "question_text",
    "screen_text",
    "script_from_rule_answers",
    "statistics_answers",
    "statistics_label",
    "to_rule_answers",
    "validate_answer",
    "walk",
]

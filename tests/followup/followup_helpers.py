"""Cases that went through a first decision, for the follow-up tests."""

from __future__ import annotations

from datetime import date

from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import Conversation
from intake.selectors import case_facts
from intake.documents.demo import required_plans_sign
from intake.services import (
    application_draft, application_submit, case_open, lawful_basis_record, recommendation_make,
)
from tenants.services import application_decide
from tests.intake.intake_helpers import assessment_fallback, example


def full_answers(case, example_no: str = "01", **changes) -> dict:
    document = dict(example(example_no)["answers"], **changes)
    today = date.fromisoformat(document["application_date"])
    return intake_flow.fill(script_from_rule_answers(document), case_facts(case), today=today,
                            fallback=assessment_fallback)


def answered_case(staff, *, example_no: str = "01", initials: str = "F.U.", **changes):
    case = case_open(user=staff, initials=initials, birth_year=1990, nationality="ER", gender="woman")
    Conversation.objects.filter(case=case).update(answers=full_answers(case, example_no, **changes))
    lawful_basis_record(case=case, user=staff, basis="consent")
    return case


def fill_missing(case, example_no: str = "01", **changes) -> None:
    """Answer what a follow-up intake asks again, as in the worked example (kept answers stay)."""
    conversation = Conversation.objects.get(case=case)
    full = full_answers(case, example_no, **changes)
    answers = dict(conversation.answers)
    for _ in range(5):
        walk = intake_flow.walk(answers, case_facts(case))
        missing = [step.question.id for step in walk.steps if step.status == "ask" and step.question.id not in answers]
        if not missing:
            break
        for qid in missing:
            if qid in full:
                answers[qid] = full[qid]
    Conversation.objects.filter(pk=conversation.pk).update(answers=answers, revision=conversation.revision + 1)


def plans_signed(case, user, kinds=("implementation_plan", "exit_plan")) -> None:
    """Signed plans for the extensions and integration to come (issue 10: an extension or an
    integration period is applied for only with its plan signed)."""
    from intake.documents import services as document_services
    from intake.documents.demo import fill

    for kind in kinds:
        document = document_services.document_create(case=case, kind=kind, user=user)
        fill(document, user, complete=True)
        document_services.document_sign(document=document, user=user)


def apply_and_decide(actor, staff, coordinator, case, *, kind: str = "granted", admission: str | None = None,
                     days: dict | None = None, today: date | None = None):
    """Recommend, apply, submit (in the actor's schema), then decide (at the programme)."""
    with tenant_context(actor):
        recommendation = recommendation_make(case=case, user=staff, today=today)
        local = application_draft(recommendation=recommendation, user=staff)
        required_plans_sign(case=case, user=staff, recommendation=recommendation)  # an extension's signed plan
        programme_copy = application_submit(application=local, user=staff)
    with schema_context("public"):
        application_decide(application=programme_copy, coordinator=coordinator, kind=kind,
                           motivation="Beslut i test.", admission=admission, days=days)
    with tenant_context(actor):
        local.refresh_from_db()
    programme_copy.refresh_from_db()
    return local, programme_copy

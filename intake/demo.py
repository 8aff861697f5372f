"""Demo cases for one actor: initials and birth years only, all invented.

Some cases go the whole way (intake, recommendation, application, decision) so every
role has something to see; answers come from the programme's worked examples.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from intake.documents import demo as documents_demo
from intake.flow.scripted import script_from_rule_answers
from intake.models import Case, Conversation
from intake.selectors import case_facts
from intake.services import (
    application_draft, application_submit, case_open, lawful_basis_record, recommendation_make,
)
from portal.models import User

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "intake" / "rules" / "vectors" / "examples"

DEMO_CASES = {
    "lindskyddet": [
        dict(facts=dict(initials="A.M.", birth_year=1994, nationality="NG", gender="woman", person_language="en",
                        children=[dict(where="accompanying", birth_year=2023, gender="girl")]),
             example="01", until="submitted"),
        dict(facts=dict(initials="L.R.", birth_year=2001, nationality="RO", gender="woman", person_language="ro",
                        children=[]),
             example="04", until="answers:6"),
    ],
    "norrbro": [
        dict(facts=dict(initials="D.P.", birth_year=1988, nationality="UA", gender="man", person_language="uk",
                        children=[]),
             example="03", until="decided"),
        dict(facts=dict(initials="T.N.", birth_year=1990, nationality="VN", gender="man", person_language="vi",
                        children=[dict(where="elsewhere", birth_year=2015, gender="boy")]),
             example=None, until="opened"),
    ],
    "ankarstod": [
        dict(facts=dict(initials="S.K.", birth_year=1997, nationality="TH", gender="trans_woman",
                        person_language="th", children=[]),
             example="05", until="recommended"),
    ],
}


def _quick(question):
    """Answers the worked examples do not give: the quick intake's "no" or nothing."""
    if question.kind in ("yes_no", "yes_no_unknown"):
        return {"value": "no", "note": ""} if question.note else "no"
    if question.kind == "multi_choice":
        return [question.choices[-1].value]
    if question.kind == "choice":
        # Who referred the person, why support was not obtained: "other" (the last choice).
        return question.choices[-1].value
    if question.kind == "integer":
        return question.min or 0
    return None


def _answers(case: Case, example: str, limit: int | None) -> dict:
    document = json.loads((EXAMPLES / f"{example}.json").read_text())["answers"]
    script = script_from_rule_answers(document)
    answers = intake_flow.fill(script, case_facts(case), today=date.fromisoformat(document["application_date"]),
                               fallback=_quick)
    if limit is not None:
        answers = dict(list(answers.items())[:limit])
    return answers


def load(actor) -> None:
    staff = User.objects.get(username=f"{actor.slug}.staff")
    with tenant_context(actor):
        if Case.objects.exists():
            return  # idempotent: this actor already has its demo cases
        for spec in DEMO_CASES.get(actor.slug, []):
            case = case_open(user=staff, **spec["facts"])
            until = spec["until"]
            if spec["example"] is None:
                continue
            limit = int(until.split(":")[1]) if until.startswith("answers:") else None
            # The demo writes the conversation in one go; staff give answers one by one.
            Conversation.objects.filter(case=case).update(answers=_answers(case, spec["example"], limit))
            if limit is not None:
                continue
            recommendation = recommendation_make(case=case, user=staff)
            if until == "recommended":
                continue
            application = application_draft(recommendation=recommendation, user=staff)
            lawful_basis_record(case=case, user=staff, basis="consent",
                                note="Informerad på sitt språk med tolk (demo).")
            # An extension needs its signed plan before it is submitted (issue 10).
            documents_demo.required_plans_sign(case=case, user=staff, recommendation=recommendation)
            programme_copy = application_submit(application=application, user=staff)
            if until == "decided":
                _decide(programme_copy)
            # Every document in some state (the decided case's period report is tied to its period).
            documents_demo.load_case(Case.objects.get(pk=case.pk), staff)


def _decide(programme_copy) -> None:
    from django_tenants.utils import schema_context

    from tenants.services import application_decide

    with schema_context("public"):
        coordinator = User.objects.get(username="samordnare")
        application_decide(
            application=programme_copy, coordinator=coordinator, kind="granted",
            motivation=(
                f"{programme_copy.case_code} har utsatts för människohandel och faller inom NSP:s målgrupp. "
                "Personen har tillstånd som bevisperson och socialtjänsten har inte fattat beslut om skyddat "
                "boende. NSP verkar därför kompletterande under förlängd reflektionsperiod i 30 dygn. "
                "Genomförandeplanen följs upp inför nästa månadsansökan."
            ),
        )

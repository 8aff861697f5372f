"""Demo follow-up: a case in its third monthly extension, its period ending within the week.

Reflection, then three extended-reflection months, each applied for, submitted and granted
through the same services staff and the coordinator use, dated back from today so the
reminder, the clocks and the timeline show at once. Idempotent (skipped when present).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.demo import _quick as quick_answer  # the demo's one quick-intake fallback
from intake.followup.services import extension_start
from intake.models import Case, Conversation
from intake.selectors import case_facts
from intake.documents.demo import required_plans_sign
from intake.services import (
    application_draft, application_submit, case_open, lawful_basis_record, recommendation_make,
)
from portal.models import User
from tenants.models import Actor
from tenants.years.rulesets import active_rulesets

ACTOR = "lindskyddet"
INITIALS = "E.V."
# Days before today the reflection period began: 30 + 3 × 30 days later the third
# extension ends 4 days from today.
BEGAN_DAYS_AGO = 115
EXAMPLE = {
    "application_date": None, "period_start": None,
    "person": {"age_group": "adult", "gender": "woman", "children_accompanying": 0, "children_elsewhere": 0},
    "exploitation": {"assessment": "probable", "forms": ["sexual"], "countries": ["SE"]},
    "police_report": "investigation_ongoing", "residence_status": "asylum_seeker",
    "ongoing_process_in_sweden": True,
    "authorities": [{"authority": "social_services", "asked_for": "shelter", "outcome": "refused",
                     "written_decision": True, "reason": "Hänvisad till Migrationsverket."}],
    "acute": True, "fear_of_authorities": False, "need": "shelter", "specific_items": [],
    "in_nsp_shelter": False, "days_used": {"reflection": 0, "extended": 0, "integration": 0},
    "daily_allowance_from_migration_agency": 0,
}


def _full(case: Case, day: date) -> dict:
    document = dict(EXAMPLE, application_date=day.isoformat(), period_start=day.isoformat())
    return intake_flow.fill(script_from_rule_answers(document), case_facts(case), today=day, fallback=quick_answer)


def _grant(programme_copy, coordinator, text: str) -> None:
    from tenants.services import application_decide

    with schema_context("public"):
        application_decide(application=programme_copy, coordinator=coordinator, kind="granted", motivation=text)


def load(today: date | None = None) -> None:
    today = today or timezone.localdate()
    began = today - timedelta(days=BEGAN_DAYS_AGO)
    rulesets = active_rulesets()
    if began.year not in rulesets or today.year not in rulesets:
        return  # no rules for these days: nothing to show
    with schema_context("public"):
        actor = Actor.objects.filter(slug=ACTOR).first()
        if actor is None:
            return
        staff = User.objects.get(username=f"{ACTOR}.staff")
        coordinator = User.objects.get(username="samordnare")
    with tenant_context(actor):
        if Case.objects.filter(initials=INITIALS).exists():
            return
        with transaction.atomic():
            case = case_open(user=staff, initials=INITIALS, birth_year=1996, nationality="NG", gender="woman",
                             person_language="en")
            Conversation.objects.filter(case=case).update(answers=_full(case, began))
            lawful_basis_record(case=case, user=staff, basis="consent", note="Informerad med tolk (demo).")
            day = began
            for month in range(4):
                if month:
                    day = extension_start(case=case, user=staff, today=day - timedelta(days=5))
                    conversation = Conversation.objects.get(case=case)
                    full = _full(case, day)
                    answers = {**{k: v for k, v in full.items() if k not in conversation.answers},
                               **conversation.answers}
                    Conversation.objects.filter(pk=conversation.pk).update(answers=answers,
                                                                           revision=conversation.revision + 1)
                recommendation = recommendation_make(case=case, user=staff, today=day)
                required_plans_sign(case=case, user=staff, recommendation=recommendation)  # issue 10
                copy = application_submit(application=application_draft(recommendation=recommendation, user=staff),
                                          user=staff)
                _grant(copy, coordinator, f"{case.code}: perioden beviljas enligt ansökan (demo). "
                                          "Genomförandeplanen följs upp inför nästa månadsansökan.")
                day = date.fromisoformat(recommendation.interventions[0]["end"]) + timedelta(days=1)

"""Eight "apply" requests at the same moment make one draft (issue 8, item 1).

Each request is its own thread with its own database connection and transaction, as on
a server, so this test commits its data (no test transaction around it) and removes it.
"""

from __future__ import annotations

import threading
from datetime import date

from django.db import connections
from django_tenants.utils import tenant_context

from intake import flow as intake_flow
from intake.flow.scripted import script_from_rule_answers
from intake.models import AnswerEvent, Case, CaseApplication, Conversation, Recommendation
from intake.selectors import case_facts
from intake.services import ApplicationNotAllowed, application_draft, case_open, recommendation_make
from tests.intake.intake_helpers import assessment_fallback, example

REQUESTS = 8


def test_eight_simultaneous_applies_make_one_draft(django_db_setup, django_db_blocker, demo_actors, demo_users):
    actor, staff = demo_actors["lindskyddet"], demo_users["lindskyddet.staff"]
    barrier = threading.Barrier(REQUESTS)
    results: list = []

    def apply(recommendation_pk: int) -> None:
        try:
            with tenant_context(actor):
                recommendation = Recommendation.objects.get(pk=recommendation_pk)
                barrier.wait(timeout=30)
                results.append(application_draft(recommendation=recommendation, user=staff).pk)
        except ApplicationNotAllowed as refused:
            results.append(refused.code)
        except Exception as error:  # kept, so the assertion names it
            results.append(error)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        with tenant_context(actor):
            case = case_open(user=staff, initials="Q.Q.", birth_year=1991, nationality="ER", gender="woman",
                             children=[{"where": "accompanying", "birth_year": 2024, "gender": "boy"}])
            answers = intake_flow.fill(script_from_rule_answers(example("01")["answers"]), case_facts(case),
                                       today=date(2025, 3, 1), fallback=assessment_fallback)
            Conversation.objects.filter(case=case).update(answers=answers)
            recommendation = recommendation_make(case=case, user=staff)
        connections.close_all()  # the pool's connections are for the eight requests
        try:
            threads = [threading.Thread(target=apply, args=(recommendation.pk,)) for _ in range(REQUESTS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            with tenant_context(actor):
                drafts = list(CaseApplication.objects.filter(case=case))
            assert len(results) == REQUESTS, results
            assert len(drafts) == 1, results
            assert set(results) == {drafts[0].pk}, results  # everyone got the same draft, nobody an error
        finally:
            with tenant_context(actor):
                CaseApplication.objects.filter(case=case).delete()
                Recommendation.objects.filter(case=case).delete()
                AnswerEvent.objects.filter(conversation__case=case).delete()
                Case.objects.filter(pk=case.pk).delete()  # its audit trail stays (append-only)

"""Two staff apply for the same extension at the same moment: one follow-up, one application
(issue 9). Each request is its own thread and connection, as on a server, so this test
commits its data and removes it afterwards (the audit trail stays: append-only)."""

from __future__ import annotations

import threading
from datetime import date

from django.db import connections
from django_tenants.utils import schema_context, tenant_context

from intake.followup import services as followup
from intake.models import AnswerEvent, Case, CaseApplication, CaseDecision, Notification, Recommendation
from intake.services import ApplicationNotAllowed, application_draft, recommendation_make
from tests.followup.followup_helpers import answered_case, apply_and_decide, fill_missing

STAFF = 2


def test_two_staff_at_once_start_one_extension_and_make_one_application(django_db_setup, django_db_blocker,
                                                                         demo_actors, demo_users):
    from tenants.followup.models import Admission, Reminder
    from tenants.models import Application, Decision

    actor = demo_actors["lindskyddet"]
    users = [demo_users["lindskyddet.staff"], demo_users["lindskyddet.admin"]]
    barrier = threading.Barrier(STAFF)
    starts, drafts = [], []

    def start(user) -> None:
        try:
            with tenant_context(actor):
                case = Case.objects.get(initials="T.W.")
                barrier.wait(timeout=30)
                starts.append(followup.extension_start(case=case, user=user, today=date(2025, 3, 25)))
        except Exception as error:  # kept, so the assertion names it
            starts.append(error)
        finally:
            connections.close_all()

    def draft(user, recommendation_pk) -> None:
        try:
            with tenant_context(actor):
                recommendation = Recommendation.objects.get(pk=recommendation_pk)
                barrier.wait(timeout=30)
                drafts.append(application_draft(recommendation=recommendation, user=user).pk)
        except ApplicationNotAllowed as refused:
            drafts.append(refused.code)
        except Exception as error:
            drafts.append(error)
        finally:
            connections.close_all()

    def run(target, *args_per_thread):
        threads = [threading.Thread(target=target, args=args) for args in args_per_thread]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    with django_db_blocker.unblock():
        with tenant_context(actor):
            case = answered_case(users[0], initials="T.W.")
        apply_and_decide(actor, users[0], demo_users["samordnare"], case)
        connections.close_all()
        try:
            run(start, *[(user,) for user in users])
            assert starts == [date(2025, 3, 31)] * STAFF, starts
            with tenant_context(actor):
                fill_missing(case)
                recommendation = recommendation_make(case=case, user=users[0])
            connections.close_all()
            run(draft, *[(user, recommendation.pk) for user in users])
            with tenant_context(actor):
                following = list(CaseApplication.objects.filter(case=case, period__startswith=date(2025, 3, 31)))
            assert len(following) == 1 and set(drafts) == {following[0].pk}, drafts
        finally:
            with tenant_context(actor):
                codes = list(CaseApplication.objects.filter(case=case).values_list("pk", flat=True))
                CaseDecision.objects.filter(application__case=case).delete()
                CaseApplication.objects.filter(case=case).delete()
                Recommendation.objects.filter(case=case).delete()
                AnswerEvent.objects.filter(conversation__case=case).delete()
                Notification.objects.filter(case=case).delete()
                Case.objects.filter(pk=case.pk).delete()
            with schema_context("public"):
                programme = Application.objects.filter(actor=actor, local_id__in=codes)
                Reminder.objects.filter(application__in=programme).delete()
                Admission.objects.filter(actor=actor, case_code=case.code).delete()
                Decision.objects.filter(application__in=programme).delete()
                programme.delete()

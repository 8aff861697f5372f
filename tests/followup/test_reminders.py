"""Reminders before a period runs out (issue 9): found from public rows, sent once."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context, tenant_context

from intake.followup import services as followup
from intake.followup.reminders import reminders_send
from intake.models import Notification
from tenants.followup.models import Reminder
from tenants.followup.selectors import periods_ending
from tests.followup.followup_helpers import answered_case, apply_and_decide, fill_missing

pytestmark = pytest.mark.django_db
ACTOR = "lindskyddet"
# The demo reflection period of example 01 runs 2025-03-01 to 2025-03-30.
SEVEN_DAYS_BEFORE = date(2025, 3, 23)


@pytest.fixture
def granted(demo_actors, demo_users):
    actor, staff = demo_actors[ACTOR], demo_users[f"{ACTOR}.staff"]
    with tenant_context(actor):
        case = answered_case(staff, initials="R.M.")
    local, programme_copy = apply_and_decide(actor, staff, demo_users["samordnare"], case)
    return actor, staff, case, local, programme_copy


def _lines_for(case_code):
    with schema_context("public"):
        return [line for line in periods_ending(today=SEVEN_DAYS_BEFORE, within_days=7, lang="en")
                if line.case_code == case_code]


def test_a_period_ending_in_seven_days_is_listed_with_what_the_start_page_needs(granted):
    _actor, _staff, case, _local, programme_copy = granted
    [line] = _lines_for(case.code)
    assert (line.case_code, line.last_day, line.intervention) == (case.code, date(2025, 3, 30), "Reflection period")
    assert line.actor == "Stiftelsen Lindskyddet" and line.url == f"/programme/applications/{programme_copy.pk}/"
    with schema_context("public"):
        assert not [line for line in periods_ending(today=date(2025, 3, 22), within_days=7)
                    if line.case_code == case.code]  # eight days before: not yet


def test_the_reminder_is_sent_once_with_a_notification_and_an_email(granted, mailoutbox):
    actor, staff, case, _local, programme_copy = granted
    with schema_context("public"):
        first = reminders_send(today=SEVEN_DAYS_BEFORE, within_days=7)
        again = reminders_send(today=SEVEN_DAYS_BEFORE, within_days=7)
        later = reminders_send(today=date(2025, 3, 25), within_days=7)
        assert Reminder.objects.filter(application=programme_copy).count() == 1
    assert first.sent >= 1 and again.sent == 0 and later.sent == 0
    mails = [mail for mail in mailoutbox if case.code in mail.subject]
    assert len(mails) == 1 and "2025-03-30" in mails[0].subject
    assert staff.email in mails[0].to
    assert case.initials not in mails[0].body  # the case code and the day only
    with tenant_context(actor):
        notes = Notification.objects.filter(case__code=case.code, kind="period_ending")
        assert notes.filter(user=staff).count() == 1


def test_the_command_reports_and_is_idempotent(granted, mailoutbox):
    _actor, _staff, case, _local, _ = granted
    out = StringIO()
    call_command("followup_remind", "--today", SEVEN_DAYS_BEFORE.isoformat(), "--days", "7", stdout=out)
    call_command("followup_remind", "--today", SEVEN_DAYS_BEFORE.isoformat(), "--days", "7", stdout=out)
    assert "reminders sent: 0" in out.getvalue().splitlines()[-1]
    assert len([mail for mail in mailoutbox if case.code in mail.subject]) == 1


def test_no_reminder_once_the_extension_is_applied_for(granted, demo_users):
    actor, staff, case, _local, _ = granted
    with tenant_context(actor):
        followup.extension_start(case=case, user=staff, today=date(2025, 3, 20))
        fill_missing(case)
    apply_and_decide(actor, staff, demo_users["samordnare"], case)
    assert _lines_for(case.code) == []


def test_no_reminder_for_a_period_that_ended_early(granted):
    actor, staff, case, local, _ = granted
    with tenant_context(actor):
        followup.period_end_report(application=local, user=staff, ended_on=date(2025, 3, 10),
                                   reason="authority_took_over", today=date(2025, 3, 12))
    assert _lines_for(case.code) == []


def test_no_reminder_for_an_imported_decision(granted):
    """An earlier year's decision brought in by import_history is the programme's record, not
    a case the actor has in the portal: the actor is not e-mailed about it."""
    from tenants.statistics.models import ImportedDecision

    _actor, _staff, case, _local, programme_copy = granted
    assert len(_lines_for(case.code)) == 1
    with schema_context("public"):
        ImportedDecision.objects.create(application=programme_copy, fingerprint="f" * 64, source="history.jsonl",
                                        line=1)
    assert _lines_for(case.code) == []


def test_the_demo_case_is_in_its_third_extension_month_ending_within_the_week(demo_actors, mailoutbox):
    from django.utils import timezone

    from intake.followup.demo import INITIALS
    from intake.followup.selectors import clocks_of
    from intake.models import Case

    today = timezone.localdate()
    with tenant_context(demo_actors[ACTOR]):
        case = Case.objects.get(initials=INITIALS)
        clocks = clocks_of(case, today=today)
        assert clocks.days_used() == {"reflection": 30, "extended": 90, "integration": 0}
        assert clocks.current.code == "extended_reflection"
        assert 0 <= (clocks.current.last - today).days <= 7
    with schema_context("public"):
        assert case.code in [line.case_code for line in periods_ending(today=today, within_days=7)]
        run = reminders_send(today=today, within_days=7)
        assert run.sent >= 1 and reminders_send(today=today, within_days=7).sent == 0
    assert len([mail for mail in mailoutbox if case.code in mail.subject]) == 1


def test_the_reminder_is_broadcast_live_to_the_actors_group_only(granted, demo_actors,
                                                                django_capture_on_commit_callbacks):
    """The notification goes out over the actor's socket group once committed (the socket
    forwards it to the member it names: tests/intake/test_websocket_isolation.py)."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from portal.broadcast import actor_group

    actor, staff, case, _local, _ = granted
    layer = get_channel_layer()
    mine, other = async_to_sync(layer.new_channel)(), async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(actor_group(actor.schema_name), mine)
    async_to_sync(layer.group_add)(actor_group(demo_actors["norrbro"].schema_name), other)
    try:
        with schema_context("public"), django_capture_on_commit_callbacks(execute=True):
            assert reminders_send(today=SEVEN_DAYS_BEFORE, within_days=7).sent >= 1
        received = []
        while True:
            try:
                received.append(async_to_sync(_receive)(layer, mine))
            except TimeoutError:
                break
        ours = [m["payload"] for m in received if m["type"] == "notification.new"
                and m["payload"]["data"].get("code") == case.code]
        assert ours and {p["kind"] for p in ours} == {"period_ending"}
        assert staff.pk in {p["user_id"] for p in ours}
        assert ours[0]["data"]["last_day"] == "2025-03-30"
        with pytest.raises(TimeoutError):
            async_to_sync(_receive)(layer, other)
    finally:
        async_to_sync(layer.group_discard)(actor_group(actor.schema_name), mine)
        async_to_sync(layer.group_discard)(actor_group(demo_actors["norrbro"].schema_name), other)


async def _receive(layer, channel):
    import asyncio

    return await asyncio.wait_for(layer.receive(channel), timeout=1)


def test_periods_ending_reads_public_rows_in_a_constant_number_of_queries(demo_actors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from psycopg.types.range import Range

    from tenants.models import Application

    def add(actor, local_id, code):
        Application.objects.create(
            actor=actor, local_id=local_id, case_code=code, year=2025, status="granted", ruleset_version="2025.1",
            outcome="recommend", total=39600, period=Range(date(2025, 3, 1), date(2025, 3, 30), bounds="[]"),
            interventions=[{"code": "reflection", "days": 30, "amount": 39600}], intervention_codes=["reflection"],
            granted_interventions=[{"code": "reflection", "days": 30, "amount": 39600}], granted_total=39600)

    with schema_context("public"):
        periods_ending(today=SEVEN_DAYS_BEFORE, within_days=7)  # warm the programme years' cache
        add(demo_actors["norrbro"], 99001, "NOR-9001")
        with CaptureQueriesContext(connection) as one:
            assert len([line for line in periods_ending(today=SEVEN_DAYS_BEFORE, within_days=7)
                        if line.case_code.startswith("NOR-9")]) == 1
        for index, slug in enumerate(["norrbro", "ankarstod", "lindskyddet", "ankarstod"], start=2):
            add(demo_actors[slug], 99000 + index, f"NOR-900{index}")
        with CaptureQueriesContext(connection) as five:
            assert len([line for line in periods_ending(today=SEVEN_DAYS_BEFORE, within_days=7)
                        if line.case_code.startswith("NOR-9")]) == 5
    assert len(five.captured_queries) == len(one.captured_queries) <= 2

"""The coordinator's start page: what needs her, from the attention providers."""

from __future__ import annotations

from datetime import date, timedelta

import json

import pytest
from django.utils import timezone

from tenants import attention
from tenants.attention import Attention, AttentionLine, attention_items, attention_provider
from tenants.budget.forms import DEFAULT_POSTS
from tenants.models import Actor, Application
from tenants.statistics.history import history_import
from tests.helpers import PUBLIC_HOST
from tests.tenants.budget.test_budget import fresh_budget
from tests.tenants.statistics.test_statistics_tables import make_actor

pytestmark = pytest.mark.django_db


def test_home_leads_the_coordinator_to_her_start_page(client_at, demo_users):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    assert client.get("/").url == "/programme/start/"


def test_new_applications_oldest_first_with_their_age(client_at, demo_users):
    waiting = list(Application.objects.filter(status="submitted").order_by("submitted_at"))
    assert waiting, "the demo has a submitted application"
    Application.objects.filter(pk=waiting[0].pk).update(submitted_at=timezone.now() - timedelta(days=12))
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    page = client.get("/programme/start/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-key="new_applications"' in page and "waiting 12 days" in page
    assert f'href="/programme/applications/{waiting[0].pk}/"' in page
    assert 'data-testid="waiting-badge"' in page and 'hx-trigger="every 30s"' in page
    fragment = client.get("/programme/start/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="attention"') and "<html" not in fragment


def test_budget_posts_near_their_end_and_expiring_certifications(demo_users):
    today = timezone.localdate()
    posts = [{**post, "amount": 10} for post in DEFAULT_POSTS]
    fresh_budget(year=today.year, posts=posts, user=demo_users["samordnare"])
    actor = Actor.objects.exclude(schema_name="public").order_by("pk").first()
    Actor.objects.filter(pk=actor.pk).update(certification="certified", certified_until=today + timedelta(days=10))
    keys = {item.key: item for item in attention_items(today)}
    assert "certifications_expiring" in keys
    assert any(actor.name in line.text for line in keys["certifications_expiring"].items)
    make_actor("starttest")
    history_import(text=json.dumps({
        "year": today.year, "actor": "starttest", "case_code": "S1", "person": {"age_group": "adult", "gender": "man"},
        "decision": "granted", "decided_at": today.isoformat(),
        "granted_interventions": [{"code": "point", "amount": 100}]}), source="start.jsonl")
    keys = {item.key: item for item in attention_items(today)}
    posts = keys["budget_posts"]
    assert posts.url == f"/programme/budget/{today.year}/" and posts.severity == "danger"  # overdrawn
    assert any(line.text.startswith("Point interventions:") or line.text.startswith("Punktinsatser:")
               for line in posts.items)


def test_another_capability_adds_its_line_with_one_function(client_at, demo_users):
    @attention_provider(order=30)
    def periods_ending(today: date):
        return [Attention(key="periods_ending", text="2 periods end this week without a follow-up application",
                          url="/programme/applications/", count=2,
                          items=[AttentionLine(text="NSP001", url="/programme/applications/")])]

    @attention_provider(order=40)
    def broken(today: date):
        raise RuntimeError("a broken capability")

    try:
        client = client_at(PUBLIC_HOST, demo_users["samordnare"])
        page = client.get("/programme/start/").content.decode()
        assert "2 periods end this week without a follow-up application" in page
        keys = [item.key for item in attention_items(timezone.localdate())]
        assert keys.index("periods_ending") > keys.index("new_applications")
    finally:
        attention._providers[:] = [p for p in attention._providers if p[2] not in (periods_ending, broken)]


@pytest.mark.parametrize("username", ["lindskyddet.staff", "region.syd"])
def test_only_the_coordinator_has_the_start_page(client_at, demo_users, username):
    assert client_at(PUBLIC_HOST, demo_users[username]).get("/programme/start/").status_code in (302, 403)


def test_the_other_capabilities_add_their_lines(demo_users):
    """Periods ending without a follow-up (issue 9), overdue period reports (issue 10) and
    certification actions past their deadline (issue 12) each reach her start page."""
    from psycopg.types.range import Range

    from tenants.certification.models import ActionItem, CertificationFile

    today = timezone.localdate()
    keys = {item.key: item for item in attention_items(today)}
    # The demo's case in its third extension month ends within the week (intake/followup/demo.py).
    assert keys["periods_ending"].count >= 1
    assert keys["periods_ending"].items[0].url.startswith("/programme/applications/")

    # Imported decisions of earlier years are history: no report is due for them.
    from tenants.outcomes.selectors import overdue_period_reports

    assert Application.objects.filter(imported__isnull=False, period__endswith__lt=today - timedelta(days=30)).exists()
    assert not overdue_period_reports(today=today).filter(imported__isnull=False).exists()
    before = keys["period_reports_overdue"].count if "period_reports_overdue" in keys else 0
    granted = Application.objects.filter(status="granted", period__isnull=False, imported__isnull=True,
                                         period__endswith__gt=today).order_by("pk").first()
    Application.objects.filter(pk=granted.pk).update(
        period=Range(today - timedelta(days=60), today - timedelta(days=30), "[)"))
    keys = {item.key: item for item in attention_items(today)}
    assert keys["period_reports_overdue"].count == before + 1

    file = CertificationFile.objects.select_related("actor").order_by("pk").first()
    ActionItem.objects.create(file=file, owner="Verksamhetschef", description="Skriv rutinen för tolk.",
                              deadline=today - timedelta(days=3),
                              created_by=demo_users["samordnare"])
    keys = {item.key: item for item in attention_items(today)}
    assert keys["certification_actions"].severity == "danger"
    assert any(file.actor.name in line.text and line.url == f"/programme/actors/{file.actor.slug}/"
               for line in keys["certification_actions"].items)

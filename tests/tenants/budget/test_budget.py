"""The budget: posts, transfers (audited, original kept), committed and remaining live, the
warning before a grant takes a post below zero, the chart and the exports."""

from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from portal.models import AuditEvent
from tenants.budget import selectors, services
from tenants.budget.forms import DEFAULT_POSTS
from tenants.budget.models import BudgetOverrun
from tenants.models import Application
from tenants.statistics.history import history_import
from tests.helpers import PUBLIC_HOST
from tests.tenants.statistics.history_data import jsonl, lines_2022
from tests.tenants.statistics.test_statistics_tables import make_actor

pytestmark = pytest.mark.django_db

# 2022 (seed 000): 2 016 000 SEK set aside for direct interventions.
POSTS_2022 = {"reflection": 200_000, "extended": 1_600_000, "integration": 150_000, "point": 66_000}
YEAR = 2022


def fresh_budget(*, year: int, posts: list[dict], user):
    """A budget for `year` in place of the demo's, if it has one (rolled back after the test)."""
    from tenants.budget.models import Budget

    Budget.objects.filter(year=year).delete()
    return services.budget_create(year=year, posts=posts, user=user)


def _posts(amounts=POSTS_2022):
    return [{**post, "amount": amounts[post["key"]]} for post in DEFAULT_POSTS]


@pytest.fixture
def budget_2022(demo_users):
    return services.budget_create(year=YEAR, posts=_posts(), user=demo_users["samordnare"], note="JämY 2022")


def test_committed_and_remaining_follow_the_granted_interventions(budget_2022):
    make_actor("budgettest")
    before = selectors.budget_figures(year=YEAR)
    history_import(text=jsonl(lines_2022("budgettest")), source="2022.jsonl")
    figures = selectors.budget_figures(year=YEAR)
    by_name = {p.post.name_en: p for p in figures.posts}
    added = figures.committed - before.committed
    assert added == 2676620  # seed 000's total
    assert by_name["Reflection periods (30 days)"].committed - {
        p.post.name_en: p for p in before.posts}["Reflection periods (30 days)"].committed == 188330
    assert figures.budgeted == figures.original == 2_016_000
    assert figures.remaining == figures.budgeted - figures.committed
    extended = by_name["Deepened support and extended periods"]
    assert extended.remaining < 0 and extended.near_end  # 2022 distributed more than set aside


def test_a_transfer_moves_money_keeps_the_original_and_is_audited(budget_2022, demo_users):
    posts = {p.name_en: p for p in budget_2022.posts.all()}
    source, target = posts["Point interventions"], posts["Reflection periods (30 days)"]
    services.budget_transfer(from_post=source, to_post=target, amount=16_000, reason="Fler reflektionsperioder",
                             user=demo_users["samordnare"])
    source.refresh_from_db()
    target.refresh_from_db()
    assert (source.original_amount, source.current_amount) == (66_000, 50_000)
    assert (target.original_amount, target.current_amount) == (200_000, 216_000)
    assert AuditEvent.objects.filter(action="budget_transfer", detail__amount=16_000).exists()
    for kwargs, code in [
        (dict(amount=16_000, reason=""), "reason_required"),
        (dict(amount=0, reason="x"), "not_positive"),
        (dict(amount=10_000_000, reason="x"), "more_than_post"),
    ]:
        with pytest.raises(services.BudgetInvalid) as error:
            services.budget_transfer(from_post=source, to_post=target, user=demo_users["samordnare"], **kwargs)
        assert error.value.code == code
    with pytest.raises(services.BudgetInvalid):
        services.budget_transfer(from_post=source, to_post=source, amount=1, reason="x", user=demo_users["samordnare"])


def test_a_year_has_one_budget_and_a_code_one_post(budget_2022, demo_users):
    with pytest.raises(services.BudgetInvalid):
        services.budget_create(year=YEAR, posts=_posts(), user=demo_users["samordnare"])
    twice = [{"name_sv": "A", "name_en": "A", "interventions": ["point"], "amount": 1},
             {"name_sv": "B", "name_en": "B", "interventions": ["point"], "amount": 1}]
    with pytest.raises(services.BudgetInvalid):
        services.budget_create(year=2030, posts=twice, user=demo_users["samordnare"])


@pytest.fixture
def submitted_2025(demo_actors):
    """A submitted application of the demo (2025), with a budget that cannot carry it."""
    with schema_context("public"):
        application = Application.objects.filter(status="submitted").order_by("pk").first()
    assert application is not None, "the demo has a submitted application"
    return application


def test_the_coordinator_is_warned_and_grants_with_a_motivation(client_at, demo_users, submitted_2025):
    application = submitted_2025
    coordinator = demo_users["samordnare"]
    fresh_budget(year=application.year, posts=_posts({k: 1_000 for k in POSTS_2022}), user=coordinator)
    client = client_at(PUBLIC_HOST, coordinator)
    url = f"/programme/applications/{application.pk}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="budget-warning"' in page
    motivation = "Personen behöver skydd; socialtjänsten har avslagit ansökan om skyddat boende."
    refused = client.post(url, {"kind": "granted", "motivation": motivation})
    assert refused.status_code == 200 and 'id="id_budget_motivation_error"' in refused.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    expected = {figures.post.pk: figures.remaining for figures, _amount in
                selectors.grant_shortfalls(year=application.year, items=application.interventions)}
    assert expected and all(remaining <= 1_000 for remaining in expected.values())
    granted = client.post(url, {"kind": "granted", "motivation": motivation,
                                "budget_motivation": "Omfördelas från andra poster vid årets slut."})
    assert granted.status_code == 302
    application.refresh_from_db()
    assert application.status == "granted"
    overruns = list(BudgetOverrun.objects.filter(application=application))
    assert {o.post_id: o.remaining_before for o in overruns} == expected
    assert all(o.motivation.startswith("Omfördelas") for o in overruns)
    assert AuditEvent.objects.filter(action="budget_overrun", detail__application=application.pk).exists()


def test_no_warning_when_the_budget_carries_the_grant(client_at, demo_users, submitted_2025):
    coordinator = demo_users["samordnare"]
    fresh_budget(year=submitted_2025.year, posts=_posts({k: 5_000_000 for k in POSTS_2022}), user=coordinator)
    client = client_at(PUBLIC_HOST, coordinator)
    url = f"/programme/applications/{submitted_2025.pk}/"
    assert 'data-testid="budget-warning"' not in client.get(url).content.decode()
    assert client.post(url, {"kind": "granted", "motivation": "Beviljas enligt aktörens bedömning."}).status_code == 302
    assert not BudgetOverrun.objects.filter(application=submitted_2025).exists()


def test_budget_pages_chart_transfer_and_export(client_at, demo_users, budget_2022):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    listing = client.get("/programme/budget/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/programme/budget/2022/"' in listing
    page = client.get("/programme/budget/2022/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<polyline" in page and 'class="chart__line"' in page and "style=" not in page
    assert "error-summary" not in page and "error-summary" not in listing  # nothing failed yet
    posts = {p.name_en: p.pk for p in budget_2022.posts.all()}
    moved = client.post("/programme/budget/2022/transfer/", {
        "from_post": posts["Point interventions"], "to_post": posts["Integration support"], "amount": "1000",
        "reason": "Tolkkostnader lägre än väntat"})
    assert moved.status_code == 302
    bad = client.post("/programme/budget/2022/transfer/", {
        "from_post": posts["Point interventions"], "to_post": posts["Point interventions"], "amount": "1000",
        "reason": "x"})
    assert bad.status_code == 200 and 'class="field-error"' in bad.content.decode()
    answer = client.get("/programme/budget/2022/?format=xlsx")
    book = load_workbook(io.BytesIO(answer.content))
    assert len(book.sheetnames) == 3
    total = list(book.worksheets[0].iter_rows(values_only=True))[-1]
    assert total[1:3] == (2_016_000, 2_016_000)
    transfers = list(book.worksheets[2].iter_rows(values_only=True))
    assert transfers[1][3] == 1000 and transfers[1][4] == "Tolkkostnader lägre än väntat"
    assert AuditEvent.objects.filter(action="budget_export", detail__year=2022).exists()


def test_creating_a_budget_through_the_page(client_at, demo_users):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    data = {"year": "2031", "note": "", **{f"amount_{k}": str(v) for k, v in POSTS_2022.items()}}
    assert client.post("/programme/budget/", data).status_code == 302
    assert selectors.budget_figures(year=2031).budgeted == 2_016_000
    again = client.post("/programme/budget/", data)
    assert again.status_code == 200 and 'class="field-error"' in again.content.decode()


@pytest.mark.parametrize("username", ["lindskyddet.staff", "region.syd"])
def test_only_the_coordinator_sees_the_budget(client_at, demo_users, budget_2022, username):
    client = client_at(PUBLIC_HOST, demo_users[username])
    assert client.get("/programme/budget/2022/").status_code in (302, 403)
    assert client.post("/programme/budget/2022/transfer/", {}).status_code in (302, 403)

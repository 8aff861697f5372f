"""Item 15: axe-core on every main page, as the role that uses it; no serious or critical
violation may appear.

axe-core is vendored from the npm package `axe-core` (tests/browser/vendor/, MPL-2.0; only
the tests load it, the portal never serves it). Findings that belong to another part of
the portal and are being fixed there are listed in KNOWN with who fixes them; such an entry
fails the test as soon as the finding is gone, so the list can only shrink.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django_tenants.utils import schema_context, tenant_context

from intake import flow as intake_flow
from tests.browser.people import screenshot
from tests.helpers import PUBLIC_HOST, host_of_actor

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text(encoding="utf-8")
ACTOR = "lindskyddet"
BLOCKING = ("serious", "critical")

# (page, rule id) → who fixes it. Only findings outside the intake's people-facing pages.
KNOWN: dict[tuple[str, str], str] = {}


def _targets(django_db_blocker, demo_actors) -> dict:
    """Real objects of the demo data for the pages that show one."""
    from intake.models import Case, CaseApplication
    from intake.selectors import case_facts
    from knowledge.models import Article
    from tenants.models import Application

    with django_db_blocker.unblock():
        with tenant_context(demo_actors[ACTOR]):
            in_progress = next(case for case in Case.objects.order_by("pk")
                               if intake_flow.next_question(case.conversation.answers, case_facts(case)))
            application = CaseApplication.objects.select_related("case").order_by("pk").first()
            document = application.case.documents.order_by("pk").first()
            followup_case = Case.objects.get(initials="E.V.")  # intake/followup/demo.py
        with schema_context("public"):
            article = Article.objects.order_by("pk").first()
            decidable = Application.objects.filter(status="submitted").order_by("pk").first()
    return {"case": in_progress.code, "app_case": application.case.code, "app": application.pk,
            "article": article.slug, "decidable": decidable.pk, "document": document.pk,
            "followup_case": followup_case.code}

# Every id an ARIA reference or a label names must exist.
DANGLING = """() => {
  const missing = [];
  for (const element of document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls]')) {
    for (const attribute of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
      for (const id of (element.getAttribute(attribute) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) { missing.push(attribute + '=' + id); }
      }
    }
  }
  for (const label of document.querySelectorAll('label[for]')) {
    if (!label.htmlFor || !document.getElementById(label.htmlFor)) { missing.push('label for="' + label.htmlFor + '"'); }
  }
  return missing;
}"""

PAGES = [
    # (name, user or None, actor host?, path with {placeholders})
    ("public-home", None, False, "/"),
    ("login", None, False, "/accounts/login/"),
    ("kb-home", None, False, "/kb/"),
    ("kb-list", None, False, "/kb/sv/"),
    ("kb-article", None, False, "/kb/sv/{article}/"),
    ("kb-article-ar", None, False, "/kb/ar/{article}/"),
    ("kb-search", None, False, "/kb/sv/search/?q=skyddat+boende"),
    ("kb-referral", None, False, "/kb/referral/"),
    ("case-list", "lindskyddet.staff", True, "/cases/"),
    ("case-open", "lindskyddet.staff", True, "/cases/new/"),
    ("chat", "lindskyddet.staff", True, "/cases/{case}/intake/"),
    ("person-screen", "lindskyddet.staff", True, "/cases/{case}/intake/person/?lang=ar"),
    ("case-detail", "lindskyddet.staff", True, "/cases/{app_case}/"),
    ("application-review", "lindskyddet.staff", True, "/cases/{app_case}/applications/{app}/"),
    ("document", "lindskyddet.staff", True, "/documents/{app_case}/{document}/"),
    ("document-print", "lindskyddet.staff", True, "/documents/{app_case}/{document}/print/"),
    ("blank-form", "lindskyddet.staff", True, "/documents/blank/period_report/"),
    ("case-followup", "lindskyddet.staff", True, "/cases/{followup_case}/"),
    ("case-timeline", "lindskyddet.staff", True, "/cases/{followup_case}/timeline/"),
    ("case-list-due", "lindskyddet.staff", True, "/cases/?due=week"),
    ("coordinator-inbox", "samordnare", False, "/programme/applications/"),
    ("application-decision", "samordnare", False, "/programme/applications/{decidable}/"),
    ("years", "samordnare", False, "/programme/years/"),
    ("coordinator-start", "samordnare", False, "/programme/start/"),
    ("statistics", "samordnare", False, "/programme/statistics/"),
    ("budget", "samordnare", False, "/programme/budget/"),
    ("capacity", "region.syd", False, "/programme/capacity/"),
    ("referral-new", "region.syd", False, "/programme/referrals/new/lindskyddet/?gender=woman&children=1"),
    ("referrals", "region.syd", False, "/programme/referrals/"),
    ("actor-referrals", "lindskyddet.admin", True, "/referrals/"),
    ("actors", "samordnare", False, "/programme/"),
    ("actor-register", "samordnare", False, "/programme/actors/new/"),
    ("actor-page", "samordnare", False, "/programme/actors/fyrbaken/"),
    ("actor-visit", "samordnare", False, "/programme/actors/fyrbaken/visit/"),
    ("certification-overview", "lindskyddet.admin", True, "/certification/"),
    ("certification-profile", "lindskyddet.admin", True, "/certification/profile/"),
    ("certification-requirements", "lindskyddet.admin", True, "/certification/requirements/"),
    ("certification-actions", "lindskyddet.admin", True, "/certification/actions/"),
]


@pytest.fixture(scope="module")
def targets(django_db_blocker, demo_actors):
    return _targets(django_db_blocker, demo_actors)


@pytest.mark.parametrize("name, user, on_actor, path", PAGES, ids=[page[0] for page in PAGES])
def test_no_serious_or_critical_axe_violation(browser, asgi_server, session_cookies, targets,
                                              name, user, on_actor, path):
    from django.conf import settings

    host = host_of_actor(ACTOR) if on_actor else PUBLIC_HOST
    # axe is injected by the test: the page's CSP (rightly) allows no script it did not serve.
    context = browser.new_context(locale="sv", bypass_csp=True, extra_http_headers={"Accept-Language": "sv"})
    try:
        if user:
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookies[user],
                                  "domain": host, "path": "/", "httpOnly": True, "sameSite": "Lax"}])
        page = context.new_page()
        response = page.goto(asgi_server.url(host, path.format(**targets)))
        assert response.status == 200, (name, response.status)
        page.evaluate(AXE)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        dangling = page.evaluate(DANGLING)
        if name in ("application-decision", "chat"):
            screenshot(page, f"axe-{name}")
    finally:
        context.close()
    # axe ran: it checked rules on this page (a silent failure to inject would pass nothing).
    assert len(result["passes"]) > 10 if "passes" in result else result["testEngine"]["name"] == "axe-core"
    print(f"\naxe {name}: {len(result['violations'])} violations of any impact: "
          f"{[(v['id'], v['impact']) for v in result['violations']]}")
    found = {}
    for violation in result["violations"]:
        if violation["impact"] in BLOCKING:
            found[violation["id"]] = [node["target"] for node in violation["nodes"]][:5]
    for rule, nodes in found.items():
        print(f"\naxe {name}: {rule} ({KNOWN.get((name, rule), 'new')}) at {nodes}")
    # axe only "needs review" when aria-describedby names no element; a label for="" or one
    # that names nothing is as broken. Neither may be on any page.
    assert dangling == [], f"{name}: references to elements that do not exist: {dangling}"
    unexpected = {rule: nodes for rule, nodes in found.items() if (name, rule) not in KNOWN}
    assert unexpected == {}, f"{name}: serious or critical axe violations {unexpected}"
    gone = [rule for (page, rule) in KNOWN if page == name and rule not in found]
    assert gone == [], f"{name}: fixed, remove from KNOWN: {gone}"

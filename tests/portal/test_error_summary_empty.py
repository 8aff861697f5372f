"""No error box before anything failed: a page that includes the summary without errors
(the variable unknown, so "" to the template) shows none (the walkthrough found an empty
"There is a problem" on every application page)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from tests.helpers import PUBLIC_HOST

pytestmark = pytest.mark.django_db


def test_the_summary_without_errors_is_not_shown():
    rendered = Template('{% include "portal/_error_summary.html" %}').render(Context({}))
    assert "data-error-summary" not in rendered
    shown = Template('{% include "portal/_error_summary.html" with errors="Fel." %}').render(Context({}))
    assert "data-error-summary" in shown and "Fel." in shown


def test_the_coordinators_application_page_opens_without_an_error_box(client_at, demo_users):
    from tenants.models import Application

    application = Application.objects.filter(status="submitted").order_by("pk").first()
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    body = client.get(f"/programme/applications/{application.pk}/").content.decode()
    assert 'name="motivation"' in body and "data-error-summary" not in body
    refused = client.post(f"/programme/applications/{application.pk}/", {"kind": "granted", "motivation": ""})
    assert "data-error-summary" in refused.content.decode()


def test_an_imported_decision_does_not_say_admission_is_asked_for(client_at, demo_users):
    from tenants.models import Application

    imported = Application.objects.filter(imported__isnull=False).order_by("pk").first()
    body = client_at(PUBLIC_HOST, demo_users["samordnare"]).get(
        f"/programme/applications/{imported.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "decided before the portal (imported record)" in body and "asked with this application" not in body

"""{% overdue_period_reports %}: on the coordinator's inbox, the granted periods whose
report is overdue (issue 10: "an overdue period report is flagged to the coordinator")."""

from __future__ import annotations

from django import template
from django.utils import timezone

from tenants.outcomes import selectors

register = template.Library()
SHOWN = 20


@register.inclusion_tag("outcomes/_overdue_period_reports.html")
def overdue_period_reports():
    rows = list(selectors.overdue_period_reports(today=timezone.localdate())[:SHOWN + 1])
    return {"rows": rows[:SHOWN], "more": len(rows) > SHOWN}


@register.inclusion_tag("outcomes/_application_documents.html", takes_context=True)
def application_documents(context, application):
    """On the coordinator's application page: the plans and purchase requests that go with
    it, read from the actor's schema (the read is audited in the actor's log)."""
    from django.utils import translation

    from tenants.outcomes.documents import application_documents as read

    request = context["request"]
    lang = "sv" if (translation.get_language() or "sv").startswith("sv") else "en"
    return {"documents": read(application=application, coordinator=request.user, lang=lang)}

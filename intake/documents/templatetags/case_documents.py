"""{% case_documents case %}: the case's documents and what is due, on the case page
(templates/intake/case_detail.html), without the case page's view knowing of documents."""

from __future__ import annotations

from django import template
from django.utils import timezone

from intake.documents import selectors
from intake.documents.models import DocumentKind

register = template.Library()


@register.inclusion_tag("documents/_case_documents.html")
def case_documents(case):
    today = timezone.localdate()
    documents = selectors.documents_of(case)
    due = selectors.documents_due(case, documents=documents)
    for task in due:
        task.overdue_now = task.overdue(today)
    tied = {task.document.pk for task in due if task.document is not None}
    return {
        "case": case, "due": due, "today": today,
        "others": [d for d in documents if d.pk not in tied],
        "kinds": [(kind.value, kind.label) for kind in DocumentKind],
        "children": [child for child in case.children.all() if child.where == "accompanying"],
    }


@register.inclusion_tag("documents/_due_summary.html")
def documents_due_summary():
    """On the actor's start page (the case list): "3 documents due this week"."""
    return {"summary": selectors.due_summary(today=timezone.localdate())}

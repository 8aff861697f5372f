"""The actor's side of the coordinator's read of the documents that go with an
application (registered in DocumentsConfig.ready; tenants.outcomes.documents)."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from intake.documents import engine
from intake.documents.models import Document, DocumentKind, DocumentStatus
from intake.models import CaseApplication, CaseAuditEntry

PLANS = (DocumentKind.IMPLEMENTATION_PLAN, DocumentKind.EXIT_PLAN)


def _plain(document: Document, lang: str) -> dict:
    spec = document.spec
    values = dict(document.values.values_list("key", "value"))
    sections = []
    for section in spec.sections:
        rows = []
        for f in section.fields:
            value = engine.display(spec, f.id, values.get(f.id, ""), lang)
            note = values.get(f.note_key, "") if f.note else ""
            if value or note:
                rows.append({"label": f.text(lang), "value": value, "note": note})
        if rows:
            sections.append({"title": section.title(lang), "rows": rows})
    return {"kind": document.kind, "title": spec.title(lang), "code": spec.code, "version": spec.version,
            "signed_at": document.signed_at, "sections": sections}


def application_documents_read(*, actor, local_id: int, coordinator, lang: str) -> list[dict]:
    """The signed plans the application needed and its signed purchase requests, as plain
    data; the coordinator's read is written to the actor's audit log."""
    with tenant_context(actor):
        application = CaseApplication.objects.select_related("case", "recommendation").filter(pk=local_id).first()
        if application is None:
            return []
        required = [kind for kind in (application.recommendation.result or {}).get("documents_required", [])
                    if kind in PLANS]
        documents: list[Document] = []
        for kind in required:
            plan = (application.case.documents.filter(kind=kind, status=DocumentStatus.SIGNED, child__isnull=True)
                    .order_by("-signed_at", "-pk").first())
            if plan is not None:
                documents.append(plan)
        documents += list(application.documents.filter(kind=DocumentKind.PURCHASE_REQUEST,
                                                       status=DocumentStatus.SIGNED).order_by("pk"))
        if not documents:
            return []
        CaseAuditEntry.objects.create(user=coordinator, case=application.case, action="programme_document_read",
                                      detail={"application": application.pk,
                                              "documents": [d.pk for d in documents]})
        return [_plain(document, lang) for document in documents]

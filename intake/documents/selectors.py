"""Reads of case documents, and what is due on a case. Every read of a document's
content writes an audit row in the actor's log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.shortcuts import get_object_or_404

from intake.documents.models import Document, DocumentKind, DocumentStatus, DocumentVersion
from intake.models import Case, CaseApplication, CaseAuditEntry, CaseStatus
from portal.templatetags.portal_format import period_end  # the inclusive last day, shared
from tenants.models import ApplicationStatus

# "Within the first weeks of a placement" (issue 10): the in-depth assessment's days from
# the case's opening, a setting so the programme can change it.
IN_DEPTH_ASSESSMENT_DAYS_DEFAULT = 21


def in_depth_assessment_days() -> int:
    return int(getattr(settings, "DOCUMENTS_IN_DEPTH_ASSESSMENT_DAYS", IN_DEPTH_ASSESSMENT_DAYS_DEFAULT))


def documents_of(case: Case) -> list[Document]:
    return list(case.documents.select_related("signed_by", "application", "child"))


def document_get_audited(*, case: Case, pk: int, user, action: str = "document_view") -> Document:
    document = get_object_or_404(Document.objects.select_related("case", "signed_by", "application", "child"),
                                 pk=pk, case=case)
    CaseAuditEntry.objects.create(user=user, case=case, action=action,
                                  detail={"document": document.pk, "kind": document.kind})
    return document


def document_get(*, case: Case, pk: int) -> Document:
    """For a view whose service audits what it does."""
    return get_object_or_404(Document.objects.select_related("case"), pk=pk, case=case)


def document_values(document: Document) -> dict[str, tuple[str, int]]:
    """{key: (value, revision)} of every input saved so far."""
    return {key: (value, revision) for key, value, revision in
            document.values.values_list("key", "value", "revision")}


def document_history(document: Document) -> list[DocumentVersion]:
    return list(document.versions.select_related("by").order_by("-at", "-pk"))


def exit_report_signed(case: Case) -> bool:
    """Whether the case's exit report is signed: the closing flow asks this before it
    closes a case (issue 10; closing itself is the follow-up's)."""
    return case.documents.filter(kind=DocumentKind.EXIT_REPORT, status=DocumentStatus.SIGNED).exists()


def plans_missing(case: Case, required: list[str]) -> list[str]:
    """The plans among `required` (a recommendation's documents_required) that the case
    has no signed copy of, for the person (a child's own plan does not count)."""
    from intake.documents import engine

    wanted = [kind for kind in required if kind in engine.KINDS]
    if not wanted:
        return []
    signed = set(case.documents.filter(kind__in=wanted, status=DocumentStatus.SIGNED, child__isnull=True)
                 .values_list("kind", flat=True))
    return [kind for kind in wanted if kind not in signed]


def children_with_own_plan(case: Case) -> int:
    """Accompanying children with a signed implementation plan of their own."""
    return len(child_ids_with_own_plan(case))


def child_ids_with_own_plan(case: Case) -> set[int]:
    """The children of the case whose own implementation plan is signed (seed 002: they are
    primary recipients in the statistics, not secondary)."""
    return set(case.documents.filter(kind=DocumentKind.IMPLEMENTATION_PLAN, status=DocumentStatus.SIGNED,
                                      child__isnull=False).values_list("child_id", flat=True))


@dataclass
class Due:
    """One document the case needs: which, by when (None: before the next step), whether
    it is done, and the draft or signed document if one exists."""

    kind: str
    due: date | None
    document: Document | None = None
    application: CaseApplication | None = None
    item_key: str = ""
    item_label: str = ""

    @property
    def done(self) -> bool:
        return self.document is not None and self.document.is_signed

    def overdue(self, today: date) -> bool:
        return not self.done and self.due is not None and self.due < today

    def due_within(self, today: date, days: int) -> bool:
        return not self.done and self.due is not None and self.due <= today + timedelta(days=days)

    def label(self) -> str:
        return str(DocumentKind(self.kind).label)



def _first(documents: list[Document], **match) -> Document | None:
    """The signed one if any, else the latest draft, of the documents that match."""
    found = [d for d in documents if all(getattr(d, k) == v for k, v in match.items())]
    signed = [d for d in found if d.is_signed]
    return (signed or found or [None])[-1]


def point_items(application: CaseApplication) -> list[tuple[str, dict]]:
    """[(item_key, intervention)] of the application's point interventions."""
    out = []
    for index, item in enumerate(application.interventions or []):
        if item.get("code", "").startswith("point"):
            out.append((f"{index}:{item.get('item', '')}"[:64], item))
    return out


_NO_RECOMMENDATION = object()


def documents_due(case: Case, *, documents: list[Document] | None = None,
                  applications: list[CaseApplication] | None = None, recommendation=_NO_RECOMMENDATION
                  ) -> list[Due]:
    """What the case needs, in the order of the case's life (issue 10, "Tasks"):
    an in-depth assessment within the first weeks; the plans the recommendation names
    and, for an integration period, the integration application (before applying); a period report at the end of each granted period; a purchase
    request for each point item; an exit report when the case closes."""
    documents = documents_of(case) if documents is None else documents
    applications = list(case.applications.all()) if applications is None else applications
    due: list[Due] = [Due("in_depth_assessment", case.opened_at.date() + timedelta(days=in_depth_assessment_days()),
                          _first(documents, kind="in_depth_assessment"))]
    if recommendation is _NO_RECOMMENDATION:
        recommendation = case.recommendations.first()
    required = list((recommendation.result or {}).get("documents_required", [])) if recommendation else []
    # The seed's integration application (NSP/AI/Dok.07) goes with an integration period.
    if recommendation is not None and any(str(item.get("code", "")).startswith("integration")
                                          for item in recommendation.interventions):
        required.append("integration_application")
    for kind in ("implementation_plan", "exit_plan", "integration_application"):
        if kind in required or any(d.kind == kind for d in documents):
            due.append(Due(kind, None, _first(documents, kind=kind, child_id=None)))
    granted = [a for a in applications if a.status in (ApplicationStatus.GRANTED, ApplicationStatus.PARTLY_GRANTED)]
    for application in sorted(granted, key=lambda a: (a.period.lower if a.period else date.max)):
        if application.period is not None:
            due.append(Due("period_report", period_end(application.period),
                           _first(documents, kind="period_report", application_id=application.pk), application))
        for item_key, item in point_items(application):
            due.append(Due("purchase_request", application.decided_at.date() if application.decided_at else None,
                           _first(documents, kind="purchase_request", application_id=application.pk,
                                  item_key=item_key),
                           application, item_key, item.get("item", "")))
    if case.status == CaseStatus.CLOSED or any(d.kind == "exit_report" for d in documents):
        due.append(Due("exit_report", None, _first(documents, kind="exit_report")))
    return due


@dataclass
class DueSummary:
    """The actor's start page: documents due within a week, and overdue, over all cases."""

    this_week: int
    overdue: int
    cases: dict[str, list[Due]]


def due_summary(*, today: date, days: int = 7) -> DueSummary:
    """Every open case's tasks in four queries (cases, documents, applications,
    recommendations), never a query per case."""
    from collections import defaultdict

    from intake.models import Recommendation

    cases = list(Case.objects.exclude(status=CaseStatus.CLOSED).order_by())
    ids = [case.pk for case in cases]
    documents: dict[int, list[Document]] = defaultdict(list)
    for document in Document.objects.filter(case_id__in=ids).order_by("created_at", "pk"):
        documents[document.case_id].append(document)
    applications: dict[int, list[CaseApplication]] = defaultdict(list)
    for application in CaseApplication.objects.filter(case_id__in=ids).order_by():
        applications[application.case_id].append(application)
    latest: dict[int, Recommendation] = {}
    for recommendation in Recommendation.objects.filter(case_id__in=ids).order_by("case_id", "-created_at", "-pk"):
        latest.setdefault(recommendation.case_id, recommendation)
    per_case: dict[str, list[Due]] = {}
    this_week = overdue = 0
    for case in cases:
        tasks = [task for task in documents_due(case, documents=documents[case.pk], applications=applications[case.pk],
                                                recommendation=latest.get(case.pk)) if not task.done]
        per_case[case.code] = tasks
        overdue += sum(1 for task in tasks if task.overdue(today))
        this_week += sum(1 for task in tasks if task.due_within(today, days) and not task.overdue(today))
    return DueSummary(this_week=this_week, overdue=overdue, cases=per_case)

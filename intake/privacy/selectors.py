"""Everything the actor holds about one case, gathered for the person (GDPR art. 15 and 20)."""

from __future__ import annotations

from django.utils import timezone

from intake.models import Case, CaseAuditEntry


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def documents_export(case: Case) -> list[dict]:
    """The case's documents (assessments, plans, reports, requests): every value and every
    change, opened from their seals."""
    return [
        {"kind": d.kind, "status": d.status, "form_version": d.form_version, "created_at": _when(d.created_at),
         "signed_by": d.signed_by.username if d.signed_by else None, "signed_at": _when(d.signed_at),
         "values": dict(d.values.order_by("key").values_list("key", "value")),
         "history": [{"key": v.key, "kind": v.kind, "value": v.value, "by": v.by.username, "at": _when(v.at)}
                     for v in d.versions.select_related("by").order_by("at", "pk")]}
        for d in case.documents.select_related("signed_by").order_by("created_at", "pk")
    ]


def case_export(case: Case) -> dict:
    """One JSON-ready document: the case, the intake's answers and their history, the
    consent, recommendations, applications and decisions, and who accessed it when."""
    conversation = getattr(case, "conversation", None)
    return {
        "case": {
            "code": case.code, "initials": case.initials, "birth_year": case.birth_year,
            "nationality": case.nationality, "gender": case.gender, "age_group": case.age_group,
            "with_guardian": case.with_guardian, "person_language": case.person_language,
            "status": case.status, "opened_at": _when(case.opened_at), "opened_by": case.opened_by.username,
        },
        "children": [{"where": c.where, "birth_year": c.birth_year, "gender": c.gender} for c in case.children.all()],
        "lawful_bases": [
            {"basis": b.basis, "note": b.note, "recorded_by": b.recorded_by.username, "recorded_at": _when(b.recorded_at),
             "withdrawn_by": b.withdrawn_by.username if b.withdrawn_by else None, "withdrawn_at": _when(b.withdrawn_at)}
            for b in case.lawful_bases.select_related("recorded_by", "withdrawn_by").order_by("recorded_at")
        ],
        "answers": conversation.answers if conversation else {},
        "answer_history": [
            {"question": e.question_id, "kind": e.kind, "value": e.value, "by": e.by.username, "at": _when(e.at)}
            for e in (conversation.events.select_related("by") if conversation else [])
        ],
        "recommendations": [
            {"created_at": _when(r.created_at), "created_by": r.created_by.username, "year": r.year,
             "ruleset_version": r.ruleset_version, "outcome": r.result.get("outcome"),
             "interventions": r.interventions, "rules_fired": r.rules_fired,
             "adjusted_reason": r.adjusted_reason or None, "adjusted_at": _when(r.adjusted_at)}
            for r in case.recommendations.select_related("created_by").order_by("created_at")
        ],
        "applications": [
            {"status": a.status, "year": a.year, "interventions": a.interventions, "total": a.total,
             "submitted_at": _when(a.submitted_at),
             "decisions": [{"kind": d.kind, "motivation": d.motivation, "granted_total": d.granted_total,
                            "decided_at": _when(d.decided_at)} for d in a.decisions.order_by("decided_at")]}
            for a in case.applications.prefetch_related("decisions").order_by("created_at")
        ],
        "documents": documents_export(case),
        "access_log": [
            {"at": _when(e.at), "user": e.username, "roles": e.roles, "action": e.action}
            for e in CaseAuditEntry.objects.filter(case_code=case.code).order_by("at", "pk")
        ],
    }

"""Writes of case documents: each in one transaction, each audited in the actor's log.

A field is saved as it is typed (one input at a time, with the revision the page last
saw: a stale page or a second tab never overwrites silently), every change is kept as a
version, and signing off checks the required fields and freezes the document.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from intake.documents import engine
from intake.documents.models import Document, DocumentStatus, DocumentValue, DocumentVersion
from intake.models import Case, CaseApplication, CaseAuditEntry, Child
from portal.broadcast import case_group, send_on_commit
from portal.formatting import country
from portal.templatetags.portal_format import period_end  # the inclusive last day, shared

PROGRAMME_NAME = "Nationella stödprogrammet för människohandelns offer (NSP)"


class DocumentNotAllowed(Exception):
    """A change the document's state refuses (signed, or not this case's)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class FieldConflict(Exception):
    """The field changed since the page read it: the page shows both, the user chooses."""

    def __init__(self, key: str, value: str, revision: int):
        super().__init__(key)
        self.key, self.value, self.revision = key, value, revision


class MissingRequired(Exception):
    def __init__(self, fields: list[engine.Field]):
        super().__init__([f.id for f in fields])
        self.fields = fields


def _audit(user, case: Case, action: str, **detail) -> None:
    CaseAuditEntry.objects.create(user=user, case=case, action=action, detail=detail)


def _announce(document: Document, event: str) -> None:
    send_on_commit(case_group(connection.schema_name, document.case.code), "case.changed",
                   {"code": document.case.code, "event": event, "document": document.pk})


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()



def prefill_values(*, case: Case, user, period=None, today: date | None = None) -> dict[str, str]:
    """What the portal already knows, by prefill name (the JSON's `prefill`)."""
    letters = [ch for ch in case.initials if ch.isalpha()]
    gender = {"woman": "woman", "trans_woman": "woman", "man": "man", "trans_man": "man"}.get(case.gender, "other")
    values = {
        "today": (today or timezone.localdate()).isoformat(),
        "case_code": case.code,
        "user_name": _user_name(user),
        "first_initial": letters[0] if letters else "",
        "surname_initial": letters[-1] if len(letters) > 1 else "",
        "birth_year": str(case.birth_year),
        "nationality": country(case.nationality, "sv") if case.nationality else "",
        "gender": gender,
        "actor_name": getattr(connection.tenant, "name", ""),
        "programme_name": PROGRAMME_NAME,
    }
    if period is not None:
        values["period_start"] = period.lower.isoformat() if period.lower else ""
        last = period_end(period)
        values["period_end"] = last.isoformat() if last else ""
    return values


@transaction.atomic
def document_create(*, case: Case, kind: str, user, application: CaseApplication | None = None,
                    child: Child | None = None, item_key: str = "", today: date | None = None) -> Document:
    """A new draft of `kind` for the case, with what the portal already knows filled in."""
    spec = engine.spec_of(kind)
    if application is not None and application.case_id != case.pk:
        raise DocumentNotAllowed("other_case")
    if child is not None and child.case_id != case.pk:
        raise DocumentNotAllowed("other_case")
    period = application.period if application is not None else None
    document = Document.objects.create(
        case=case, kind=kind, form_version=spec.version, application=application, period=period,
        item_key=item_key[:64], child=child, created_by=user,
    )
    known = prefill_values(case=case, user=user, period=period, today=today)
    rows = []
    for f in spec.fields:
        value = known.get(f.prefill, "") if f.prefill else ""
        if value and f.editable:
            try:
                value = engine.clean(spec, f.id, value)
            except engine.ValueProblem:
                continue
            rows.append(DocumentValue(document=document, key=f.id, value=value, revision=1, updated_by=user))
    DocumentValue.objects.bulk_create(rows)
    DocumentVersion.objects.bulk_create(
        DocumentVersion(document=document, key=row.key, value=row.value, revision=1, by=user) for row in rows)
    document.revision = 1
    document.save(update_fields=["revision"])
    _audit(user, case, "document_create", document=document.pk, kind=kind)
    _announce(document, "document")
    return document


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("case").get(pk=document.pk)


def _save_one(document: Document, user, key: str, value: str, revision: int | None
              ) -> tuple[DocumentValue | None, bool]:
    """(the row, whether it changed). Saving what is already there is never a conflict."""
    row = DocumentValue.objects.select_for_update().filter(document=document, key=key).first()
    current = row.value if row else ""
    current_revision = row.revision if row else 0
    if value == current:
        return row, False
    if revision is not None and revision != current_revision:
        # What the page showed at its revision: posted back unchanged (a whole form sent
        # without JavaScript), the user did not touch it, and the newer value stays.
        seen = (DocumentVersion.objects.filter(document=document, key=key, revision=revision)
                .order_by("-pk").values_list("value", flat=True).first()) if revision else ""
        if seen is not None and value == seen:
            return row, False
        raise FieldConflict(key, current, current_revision)
    if row is None:
        row = DocumentValue(document=document, key=key, updated_by=user)
    row.value, row.revision, row.updated_by = value, current_revision + 1, user
    row.save()
    DocumentVersion.objects.create(document=document, key=key, value=value, revision=row.revision, by=user)
    return row, True


@transaction.atomic
def document_field_save(*, document: Document, user, key: str, raw: str, revision: int | None = None
                        ) -> DocumentValue | None:
    """Save one input as it is typed. `revision` is the field's revision the page showed;
    a different one means someone else saved since: FieldConflict, nothing overwritten."""
    document = _locked(document)
    if document.is_signed:
        raise DocumentNotAllowed("signed")
    value = engine.clean(document.spec, key, raw)  # ValueProblem says what is wrong
    field = document.spec.field(key)
    if field.role != "actor":
        raise DocumentNotAllowed("programme_part")
    row, changed = _save_one(document, user, key, value, revision)
    if changed:
        document.revision += 1
        document.save(update_fields=["revision", "updated_at"])
    # The key only: the value is case data and the log must not hold it.
    _audit(user, document.case, "document_field_save", document=document.pk, kind=document.kind, field=key)
    _announce(document, "document")
    return row


@transaction.atomic
def document_save_all(*, document: Document, user, data: dict[str, str], revisions: dict[str, int | None]
                      ) -> tuple[dict[str, engine.ValueProblem], list[FieldConflict]]:
    """A whole form posted without JavaScript: every input that changed, each checked like
    an autosave. Returns the refused inputs and the conflicts; the rest is saved."""
    document = _locked(document)
    if document.is_signed:
        raise DocumentNotAllowed("signed")
    spec = document.spec
    problems: dict[str, engine.ValueProblem] = {}
    conflicts: list[FieldConflict] = []
    changed = 0
    for key in spec.keys():
        if key not in data or spec.field(key).role != "actor":
            continue
        try:
            value = engine.clean(spec, key, data[key])
            changed += _save_one(document, user, key, value, revisions.get(key))[1]
        except engine.ValueProblem as problem:
            problems[key] = problem
        except FieldConflict as conflict:
            conflicts.append(conflict)
    if changed:
        document.revision += 1
        document.save(update_fields=["revision", "updated_at"])
    _audit(user, document.case, "document_save", document=document.pk, kind=document.kind, changed=changed,
           refused=len(problems), conflicts=len(conflicts))
    _announce(document, "document")
    return problems, conflicts


@transaction.atomic
def document_sign(*, document: Document, user) -> Document:
    """Sign the document off: every required field of the actor's part must be filled.
    The signature lines take the signer's name; the document is frozen from then on."""
    document = _locked(document)
    if document.is_signed:
        raise DocumentNotAllowed("signed")
    spec = document.spec
    values = dict(document.values.values_list("key", "value"))
    missing = engine.missing_required(spec, values)
    if missing:
        raise MissingRequired(missing)
    name = _user_name(user)
    for f in spec.fields:
        if f.type == "signature" and f.role == "actor":
            DocumentValue.objects.update_or_create(
                document=document, key=f.id, defaults={"value": name, "revision": 1, "updated_by": user})
    document.status = DocumentStatus.SIGNED
    document.signed_by = user
    document.signed_at = timezone.now()
    document.revision += 1
    document.save(update_fields=["status", "signed_by", "signed_at", "revision", "updated_at"])
    DocumentVersion.objects.create(document=document, kind=DocumentVersion.Kind.SIGNED, revision=document.revision,
                                   by=user)
    _audit(user, document.case, "document_sign", document=document.pk, kind=document.kind)
    if document.kind in REPORTED_TO_PROGRAMME:
        _outcome_send(document, {**values})
    _announce(document, "document")
    return document


# Period and exit reports tell the programme their structured outcomes (issue 10).
REPORTED_TO_PROGRAMME = ("period_report", "exit_report")


def structured_outcomes(spec: engine.DocumentSpec, values: dict[str, str]) -> dict[str, str]:
    """The report's answers from its own answer lists ({"report.exit": "as_planned",
    "rights.housing": "met", …}): codes only, never the free text or the notes."""
    out = {}
    for f in spec.fields:
        value = values.get(f.id, "")
        if f.is_choice and f.role == "actor" and value:
            out[f.id.split(".", 1)[1]] = value
    return out


def _outcome_send(document: Document, values: dict[str, str]) -> None:
    from tenants.outcomes.services import report_outcome_receive

    prefix = document.spec.fields[0].id.split(".")[0]
    start, end = values.get(f"{prefix}.header.period_start", ""), values.get(f"{prefix}.header.period_end", "")
    report_outcome_receive(
        actor=connection.tenant, local_id=document.pk, case_code=document.case.code, kind=document.kind,
        period_start=date.fromisoformat(start) if start else None,
        period_end=date.fromisoformat(end) if end else None,
        outcomes=structured_outcomes(document.spec, values), signed_at=document.signed_at,
        application_local_id=document.application_id,
    )

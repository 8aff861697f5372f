"""The document pages: any document from its questions, saved field by field as it is
typed (htmx), or the whole form at once without JavaScript; sign-off; print.

Thin views: parse, call one service, render. A page that reads a document audits the
read (selectors); a view that writes leaves the audit to its service.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import selectors as case_selectors
from intake.documents import engine, presenting, selectors, services
from intake.documents.models import KIND_LABELS
from intake.models import CaseApplication, Child
from portal.access import allow
from portal.roles import Role

ACTOR_MEMBERS = (Role.ACTOR_ADMIN, Role.ACTOR_STAFF)
REVISION_MAX_DIGITS = 9
KEY_MAX_CHARS = 120


def _lang() -> str:
    return "sv" if (translation.get_language() or "sv").startswith("sv") else "en"


def _revision(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= REVISION_MAX_DIGITS else None


def _kind_or_404(kind: str) -> engine.DocumentSpec:
    try:
        return engine.spec_of(kind)
    except KeyError:
        raise Http404 from None


def _page(request, document, *, posted=None, errors=None, conflicts=None, status=200, summary=None):
    lang = _lang()
    spec = document.spec
    values = selectors.document_values(document)
    errors = errors or {}
    return render(request, "documents/document.html", {
        "case": document.case, "document": document, "spec": spec, "title": spec.title(lang),
        "kind_label": KIND_LABELS[document.kind], "when": spec.when(lang),
        "sections": presenting.sections(spec, values, lang, signed=document.is_signed, posted=posted,
                                        errors=errors, conflicts=conflicts),
        "errors": summary if summary is not None else presenting.error_items(spec, errors, lang),
        "history": selectors.document_history(document)[:20],
    }, status=status)


@allow(*ACTOR_MEMBERS)
@require_POST
def document_new_any(request, code: str):
    """The case page's "New document" (the kind chosen in a list)."""
    return document_new(request, code, request.POST.get("kind", "")[:40])


@allow(*ACTOR_MEMBERS)
@require_POST
def document_new(request, code: str, kind: str):
    case = case_selectors.case_get(code=code)
    _kind_or_404(kind)
    application = child = None
    if raw := _revision(request.POST.get("application")):
        application = get_object_or_404(CaseApplication, pk=raw, case=case)
    if raw := _revision(request.POST.get("child")):
        child = get_object_or_404(Child, pk=raw, case=case)
    item_key = request.POST.get("item_key", "").replace("\x00", "")[:64]
    document = services.document_create(case=case, kind=kind, user=request.user, application=application,
                                        child=child, item_key=item_key)
    return redirect("documents:document", code=case.code, pk=document.pk)


@allow(*ACTOR_MEMBERS)
def document(request, code: str, pk: int):
    case = case_selectors.case_get(code=code)
    if request.method != "POST":
        return _page(request, selectors.document_get_audited(case=case, pk=pk, user=request.user))
    # Without JavaScript: the whole form at once (and signing, when that button was used).
    document = selectors.document_get(case=case, pk=pk)
    spec = document.spec
    data = {key: request.POST.get(key, "") for key in spec.keys() if key in request.POST}
    revisions = {key: _revision(request.POST.get(f"rev:{key}")) for key in data}
    try:
        problems, conflicts = services.document_save_all(document=document, user=request.user, data=data,
                                                         revisions=revisions)
    except services.DocumentNotAllowed:
        messages.error(request, _("This document is signed and can no longer be changed."))
        return redirect("documents:document", code=case.code, pk=document.pk)
    errors = {key: presenting.problem_text(problem) for key, problem in problems.items()}
    conflict_values = {c.key: c.value for c in conflicts}
    for conflict in conflicts:
        errors[conflict.key] = _("Someone else saved this field after you opened the page. Their text is shown; "
                                 "yours is kept in the field: check and save again.")
    if errors:
        document.refresh_from_db()
        return _page(request, document, posted=data, errors=errors, conflicts=conflict_values, status=400)
    if request.POST.get("action") == "sign":
        return _sign(request, document)
    messages.success(request, _("Saved."))
    return redirect("documents:document", code=case.code, pk=document.pk)


def _sign(request, document):
    try:
        services.document_sign(document=document, user=request.user)
    except services.MissingRequired as missing:
        document.refresh_from_db()
        errors = {f.id: _("Required before signing.") for f in missing.fields}
        return _page(request, document, errors=errors, status=400)
    except services.DocumentNotAllowed:
        messages.error(request, _("This document is signed and can no longer be changed."))
    else:
        messages.success(request, _("The document is signed."))
    return redirect("documents:document", code=document.case.code, pk=document.pk)


@allow(*ACTOR_MEMBERS)
@require_POST
def document_sign(request, code: str, pk: int):
    case = case_selectors.case_get(code=code)
    return _sign(request, selectors.document_get(case=case, pk=pk))


@allow(*ACTOR_MEMBERS)
@require_POST
def field_save(request, code: str, pk: int):
    """One input, as it is typed (htmx): answers the field's status and its new revision."""
    case = case_selectors.case_get(code=code)
    document = selectors.document_get(case=case, pk=pk)
    spec = document.spec
    key = request.POST.get("key", "")[:KEY_MAX_CHARS]
    if spec.field(key) is None or key not in spec.keys():
        return render(request, "documents/_field_status.html", {"status": "error", "slug": "unknown",
                      "message": _("This answer cannot be saved here.")}, status=400)
    raw = request.POST.get(key, "")
    status, message, http = "saved", "", 200
    revision = _revision(request.POST.get(f"rev:{key}"))
    try:
        services.document_field_save(document=document, user=request.user, key=key, raw=raw, revision=revision)
    except engine.ValueProblem as problem:
        status, message, http = "error", presenting.problem_text(problem), 400
    except services.FieldConflict as conflict:
        status, http = "conflict", 409
        message = _("Not saved: someone else changed this field since you opened the page. Their text: "
                    "“%(value)s”. Keep typing to save yours over it.") % {
            "value": engine.display(spec, key, conflict.value, _lang())}
    except services.DocumentNotAllowed:
        status, message, http = "error", _("This document is signed and can no longer be changed."), 409
    values = selectors.document_values(document)
    return render(request, "documents/_field_status.html", {
        "status": status, "message": message, "slug": presenting.slug(key), "key": key,
        "revision": values.get(key, ("", 0))[1], "at": timezone.localtime(),
    }, status=http)


@allow(*ACTOR_MEMBERS)
def person_rights(request, code: str, pk: int):
    """The period report's rights prompts on the person's screen, in their language, kept
    live as staff answer them (the case's websocket refreshes it)."""
    from intake.documents import person
    from knowledge import languages

    case = case_selectors.case_get(code=code)
    document = selectors.document_get_audited(case=case, pk=pk, user=request.user, action="document_person_screen")
    if document.kind != "period_report":
        raise Http404
    lang = request.GET.get("lang", "")[:8] or case.person_language
    if lang not in languages.CODES:
        lang = case.person_language if case.person_language in languages.CODES else "sv"
    values = {key: value for key, (value, _revision) in selectors.document_values(document).items()}
    screen = person.rights_screen(values, lang)
    context = {"case": case, "document": document, "screen": screen, "language": languages.get(lang),
               "shown": languages.get(screen.language), "languages": [languages.get(c) for c in languages.CODES]}
    template = "documents/person_rights.html#rights" if request.htmx else "documents/person_rights.html"
    return render(request, template, context)


@allow(*ACTOR_MEMBERS)
def document_print(request, code: str, pk: int):
    case = case_selectors.case_get(code=code)
    document = selectors.document_get_audited(case=case, pk=pk, user=request.user, action="document_print")
    lang = _lang()
    spec = document.spec
    return render(request, "documents/print.html", {
        "case": case, "document": document, "spec": spec, "title": spec.title(lang),
        "sections": presenting.sections(spec, selectors.document_values(document), lang, signed=True),
        "blank": False,
    })


@allow(*ACTOR_MEMBERS)
def blank_print(request, kind: str):
    """A blank paper form, for work offline: no case data, nothing to audit."""
    spec = _kind_or_404(kind)
    lang = _lang()
    return render(request, "documents/print.html", {
        "spec": spec, "title": spec.title(lang), "blank": True,
        "sections": presenting.sections(spec, {}, lang, signed=True),
    })

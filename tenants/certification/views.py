"""The certification's pages. Thin: a form parses, one service writes, selectors read.

The coordinator's pages are on the programme's host (/programme/actors/…); the actor's
administrator's pages on the actor's host (/certification/…), which staff do not see; the
invitation page on the actor's host is public (its token is the key)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from portal.access import allow, current_actor, public
from portal.audit import audit_event
from portal.roles import Role
from tenants import selectors as programme_selectors
from tenants.certification import forms, questions, selectors, services
from tenants.certification.documents import services as documents
from tenants.certification.documents.models import RoutineDocument
from tenants.certification.models import ActionItem
from tenants.models import Actor, CertificationStatus

ERRORS = {
    "unknown_event": lambda: _("Choose a step."),
    "not_from_here": lambda: _("That step cannot be taken from the actor's present status; the page was out of date."),
    "reason_required": lambda: _("Write the reason: every step of the life cycle has one."),
    "valid_until_required": lambda: _("Give the date until which the certification is valid."),
    "valid_until_range": lambda: _("The validity must end after today and within five years."),
    "valid_until_only_certify": lambda: _("A validity date is given only when certifying."),
    "slug_invalid": lambda: _("Use 3–40 lower-case letters (a–z), digits and hyphens, starting with a letter."),
    "slug_taken": lambda: _("Another actor already has this short name."),
    "kind_invalid": lambda: _("Choose the kind of actor."),
    "visit_date_range": lambda: _("The visit's date is today or in the past year."),
    "assessment_required": lambda: _("Assess every requirement: met, partly met or not met."),
    "recommendation_required": lambda: _("Write the recommendation: it becomes the action the actor must take."),
    "deadline_after_visit": lambda: _("The deadline comes after the visit."),
    "description_required": lambda: _("Write what is to be done."),
    "owner_required": lambda: _("Name who owns the action."),
    "requirement_unknown": lambda: _("Choose a requirement from the list."),
    "deadline_past": lambda: _("The deadline cannot be in the past."),
    "progress_required": lambda: _("Write what has been done, or mark the action done."),
    "places_free_range": lambda: _("Free places are between none and the places in the profile."),
    "invitation_invalid": lambda: _("This invitation link has been used or has expired. Ask the programme coordinator for a new one."),
    "username_invalid": lambda: _("3–150 letters, digits and . @ + - _"),
    "username_taken": lambda: _("That username is taken."),
    "ended": lambda: _("The actor's participation has ended: its file is read-only."),
    "empty": lambda: _("The file is empty."),
    "too_large": lambda: _("The file is larger than 5 MB."),
    "wrong_type": lambda: _("Upload a PDF, ODT, DOCX or plain-text file."),
}


def _message(code: str) -> str:
    found = ERRORS.get(code)
    return found() if found else code


def _add_error(form, invalid: services.CertificationInvalid) -> None:
    form.add_error(invalid.field if invalid.field in form.fields else None, _message(invalid.code))


def _lang() -> str:
    return "sv" if (translation.get_language() or "sv").startswith("sv") else "en"


def _event_label(event: str) -> str:
    return {
        "visit": _("Certification visit"), "certify": _("Certify"), "decline": _("Decline (back to the profile step)"),
        "follow_up_start": _("Start the yearly follow-up"), "follow_up_done": _("Yearly follow-up done"),
        "recertification_due": _("Re-certification due"), "suspend": _("Suspend"), "end": _("End participation"),
        "register": _("Registered"),
    }.get(event, event)


def _address(actor: Actor) -> str:
    return f"http://{programme_selectors.primary_domain(actor)}:{settings.PORTAL_PORT}/"


# --- The coordinator (programme's host) ----------------------------------------------------


@allow(Role.COORDINATOR)
def actor_register(request):
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registered = services.actor_register(by=request.user, **form.cleaned_data)
        except services.CertificationInvalid as invalid:
            _add_error(form, invalid)
        else:
            # The link is shown once, on the next page only: it is never stored in clear.
            request.session["certification_invitation"] = {
                "actor": registered.actor.slug, "url": _invitation_url(registered.actor, registered.token)}
            messages.success(request, _("%(actor)s is registered.") % {"actor": registered.actor.name})
            return redirect("tenants:actor", slug=registered.actor.slug)
    return render(request, "certification/register.html", {"form": form}, status=422 if form.errors else 200)


def _invitation_url(actor: Actor, token: str) -> str:
    # Reversed in the actors' URLs: this request is on the programme's host.
    path = reverse("certification_actor:invitation", kwargs={"token": token}, urlconf=settings.ROOT_URLCONF)
    return _address(actor).rstrip("/") + path


@allow(Role.COORDINATOR)
@never_cache
def actor_page(request, slug: str, status_form=None, action_form=None, status: int = 200):
    """One actor: its certification file, history, actions, applications, grants this
    year and free places. Never its cases."""
    actor = get_object_or_404(Actor.objects.exclude(schema_name="public"), slug=slug)
    lang = _lang()
    invitation = request.session.pop("certification_invitation", None)
    if invitation and invitation.get("actor") != actor.slug:
        invitation = None
    events = [(event, _event_label(event)) for event in services.events_from(actor.certification)]
    today = timezone.localdate()
    with tenant_context(actor):
        documents_count = RoutineDocument.objects.count()
    audit_event(user=request.user, action="certification_file_view", request=request, actor=actor.slug)
    return render(request, "certification/actor.html", {
        "actor": actor, "file": selectors.file_get(actor), "address": _address(actor),
        "history": [(change, _event_label(change.event)) for change in selectors.history(actor)],
        "requirements": selectors.requirements_with_answers(actor, lang),
        "actions": selectors.actions(actor),
        "lines": selectors.attention_lines(actor=actor, today=today),
        "summary": selectors.applications_summary(actor, today.year), "year": today.year,
        "applications": selectors.recent_applications(actor),
        "status_form": status_form or (forms.StatusForm(events=events) if events else None),
        "action_form": action_form or forms.ActionForm(lang=lang),
        "invitation": invitation, "documents_count": documents_count,
        "invitation_pending": actor.invitations.filter(used_at__isnull=True, expires_at__gt=timezone.now()).exists(),
        "has_admin": actor.memberships.filter(role=Role.ACTOR_ADMIN).exists(),
    }, status=status)


@allow(Role.COORDINATOR)
@require_POST
def actor_status(request, slug: str):
    actor = get_object_or_404(Actor.objects.exclude(schema_name="public"), slug=slug)
    events = [(event, _event_label(event)) for event in services.events_from(actor.certification)]
    form = forms.StatusForm(request.POST, events=events)
    if form.is_valid():
        try:
            services.status_change(actor=actor, event=form.cleaned_data["event"], reason=form.cleaned_data["reason"],
                                   valid_until=form.cleaned_data["valid_until"], by=request.user)
        except services.CertificationInvalid as invalid:
            _add_error(form, invalid)
        else:
            messages.success(request, _("%(actor)s: the step is recorded.") % {"actor": actor.name})
            return redirect("tenants:actor", slug=actor.slug)
    return actor_page.__wrapped__(request, slug, status_form=form, status=422)


@allow(Role.COORDINATOR)
@require_POST
def actor_action_add(request, slug: str):
    actor = get_object_or_404(Actor.objects.exclude(schema_name="public"), slug=slug)
    form = forms.ActionForm(request.POST, lang=_lang())
    if form.is_valid():
        try:
            services.action_add(actor=actor, by=request.user, **form.cleaned_data)
        except services.CertificationInvalid as invalid:
            _add_error(form, invalid)
        else:
            messages.success(request, _("The action is added to the plan."))
            return redirect(reverse("tenants:actor", kwargs={"slug": actor.slug}) + "#actions")
    return actor_page.__wrapped__(request, slug, action_form=form, status=422)


@allow(Role.COORDINATOR)
@require_POST
def actor_invitation(request, slug: str):
    actor = get_object_or_404(Actor.objects.exclude(schema_name="public"), slug=slug)
    _invitation, token = services.invitation_renew(actor=actor, by=request.user)
    request.session["certification_invitation"] = {"actor": actor.slug, "url": _invitation_url(actor, token)}
    messages.success(request, _("A new invitation link is made; the earlier ones no longer work."))
    return redirect("tenants:actor", slug=actor.slug)


@allow(Role.COORDINATOR)
def actor_visit(request, slug: str):
    """The certification visit: the coordinator assesses the 25 requirements."""
    actor = get_object_or_404(Actor.objects.exclude(schema_name="public"), slug=slug)
    lang = _lang()
    if actor.certification == CertificationStatus.ENDED:
        raise Http404
    form = forms.VisitForm(request.POST or None, lang=lang, answers=selectors.answers_by_requirement(actor),
                           initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.visit_record(actor=actor, visited_on=form.cleaned_data["visited_on"],
                                            assessments=form.assessments(), by=request.user)
        except services.CertificationInvalid as invalid:
            _add_error(form, invalid)
        else:
            messages.success(request, _("The visit is recorded; %(count)s actions in the plan.") % {
                "count": len(created)})
            return redirect("tenants:actor", slug=actor.slug)
    with tenant_context(actor):
        by_requirement = documents.documents_by_requirement()
    audit_event(user=request.user, action="certification_visit_view", request=request, actor=actor.slug)
    return render(request, "certification/visit.html", {
        "actor": actor, "form": form, "rows": form.bound_rows(by_requirement),
    }, status=422 if form.errors else 200)


@allow(Role.COORDINATOR)
def actor_document(request, slug: str, pk: int):
    """One routine document, read from the actor's schema for the visit (audited)."""
    actor = get_object_or_404(Actor.objects.exclude(schema_name="public"), slug=slug)
    with tenant_context(actor):
        document = get_object_or_404(RoutineDocument, pk=pk)
    audit_event(user=request.user, action="certification_document_view", request=request, actor=actor.slug,
                document=document.pk)
    return _download(document)


def _download(document: RoutineDocument) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    safe_name = "".join(c for c in document.filename if c.isalnum() or c in "._- ")[:100] or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The actor's administrator (actor's host) ----------------------------------------------


def _here() -> Actor:
    actor = current_actor()
    if actor is None:
        raise Http404
    return Actor.objects.get(pk=actor.pk)  # the status as it is now, not as cached for the host


@allow(Role.ACTOR_ADMIN)
@never_cache
def overview(request, places_form=None, status: int = 200):
    actor = _here()
    record = selectors.file_get(actor)
    actions = selectors.actions(actor)
    answered = sum(1 for row in selectors.answers_by_requirement(actor).values() if row.answer)
    return render(request, "certification/overview.html", {
        "actor": actor, "file": record, "actions": actions,
        "open_actions": [a for a in actions if a.done_at is None],
        "lines": selectors.attention_lines(actor=actor),
        "answered": answered, "requirements_total": len(questions.requirements()),
        "profile_rows": len(record.profile) if record else 0, "profile_total": len(questions.profile_rows()),
        "places_form": places_form or forms.PlacesForm(places=actor.places, initial={"places_free": actor.places_free}),
        "history": [(change, _event_label(change.event)) for change in selectors.history(actor)],
    }, status=status)


@allow(Role.ACTOR_ADMIN)
@require_POST
def places(request):
    actor = _here()
    form = forms.PlacesForm(request.POST, places=actor.places)
    if form.is_valid():
        try:
            services.places_free_set(actor=actor, places_free=form.cleaned_data["places_free"], by=request.user)
        except services.CertificationInvalid as invalid:
            _add_error(form, invalid)
        else:
            messages.success(request, _("Free places are updated."))
            return redirect("certification_actor:overview")
    return overview.__wrapped__(request, places_form=form, status=422)


def _read_only(actor: Actor) -> bool:
    return actor.certification == CertificationStatus.ENDED


@allow(Role.ACTOR_ADMIN)
@never_cache
def profile(request):
    """Step 1: the actor profile, the seed's rows as questions-as-data."""
    actor = _here()
    record = services.file_of(actor)
    form = forms.ProfileForm(request.POST or None, lang=_lang(), profile=record.profile)
    if request.method == "POST" and not _read_only(actor) and form.is_valid():
        services.profile_save(actor=actor, answers=form.answers(), by=request.user,
                              submit=request.POST.get("submit") == "1")
        messages.success(request, _("The profile is saved; the facts for referrals are updated from it."))
        return redirect("certification_actor:profile")
    return render(request, "certification/profile.html", {
        "actor": actor, "form": form, "layout": form.layout(), "file": record, "read_only": _read_only(actor),
    }, status=422 if form.errors else 200)


@allow(Role.ACTOR_ADMIN)
@never_cache
def requirements(request):
    """Step 2: the actor's answers to the minimum requirements, evidence and routine documents."""
    actor = _here()
    form = forms.AnswersForm(request.POST or None, request.FILES or None, lang=_lang(),
                             answers=selectors.answers_by_requirement(actor))
    errors = []
    if request.method == "POST" and not _read_only(actor) and form.is_valid():
        services.answers_save(actor=actor, answers=form.answers(), by=request.user)
        for requirement_id, upload in form.documents().items():
            try:
                content = upload.read(documents.MAX_BYTES + 1)
                stored = documents.document_store(requirement=requirement_id, filename=upload.name,
                                                  content=content, uploaded_by=request.user)
            except documents.DocumentRefused as refused:
                form.add_error(f"document_{requirement_id}", _message(str(refused)))
            else:
                audit_event(user=request.user, action="certification_document_uploaded", request=request,
                            actor=actor.slug, requirement=requirement_id, document=stored.pk, size=stored.size)
        if not form.errors:
            messages.success(request, _("Your answers are saved."))
            return redirect("certification_actor:requirements")
    return render(request, "certification/requirements.html", {
        "actor": actor, "form": form, "errors": errors, "read_only": _read_only(actor),
        "rows": form.bound_rows(documents.documents_by_requirement()),
    }, status=422 if form.errors else 200)


@allow(Role.ACTOR_ADMIN)
def document(request, pk: int):
    actor = _here()
    found = get_object_or_404(RoutineDocument, pk=pk)
    audit_event(user=request.user, action="certification_document_view", request=request, actor=actor.slug,
                document=found.pk)
    return _download(found)


@allow(Role.ACTOR_ADMIN)
@never_cache
def actions(request):
    actor = _here()
    return render(request, "certification/actions.html", {
        "actor": actor, "rows": [(action, forms.ProgressForm(prefix=f"a{action.pk}"))
                                 for action in selectors.actions(actor)],
        "read_only": _read_only(actor),
    })


@allow(Role.ACTOR_ADMIN)
@require_POST
def action_progress(request, pk: int):
    actor = _here()
    action = get_object_or_404(ActionItem, pk=pk, file__actor=actor)
    form = forms.ProgressForm(request.POST, prefix=f"a{action.pk}")
    if not _read_only(actor) and form.is_valid():
        services.action_progress(actor=actor, action=action, progress=form.cleaned_data["progress"],
                                 done=form.cleaned_data["done"], by=request.user)
        messages.success(request, _("Your progress report is saved."))
        return redirect(reverse("certification_actor:actions") + f"#action-{action.pk}")
    rows = [(item, form if item.pk == action.pk else forms.ProgressForm(prefix=f"a{item.pk}"))
            for item in selectors.actions(actor)]
    return render(request, "certification/actions.html", {
        "actor": actor, "rows": rows, "read_only": _read_only(actor), "failed": form,
    }, status=422)


@public
@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation(request, token: str):
    """The invited first administrator chooses a username and a password here, then logs in
    and sets up the second factor (the login's enrolment step)."""
    actor = current_actor()
    if actor is None:
        raise Http404
    found = services.invitation_open(actor=actor, token=token)
    if found is None:
        return render(request, "certification/invitation.html", {"invalid": True, "actor": actor}, status=404)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_accept(actor=actor, token=token, username=data["username"],
                                       password=data["password1"], first_name=data["first_name"],
                                       last_name=data["last_name"])
        except services.CertificationInvalid as invalid:
            _add_error(form, invalid)
        else:
            messages.success(request, _("Your account is ready. Log in, then set up your second factor."))
            return redirect("portal:login")
    return render(request, "certification/invitation.html", {"form": form, "actor": actor, "invitation": found},
                  status=422 if form.errors else 200)

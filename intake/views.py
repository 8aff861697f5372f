"""The actor's pages: cases, the guided intake as a chat, recommendation, application.

Thin views: a form parses, one service writes, selectors read, render. Each page is one
template with named partials; an htmx request gets the partial, a plain request the page
(every form also works without JavaScript). A view that writes reads the case without an
audit row: the service audits what it does, once.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import connection
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from intake import flow as intake_flow
from intake.flow.answers import NOTE_MAX_CHARS, TEXT_MAX_CHARS
from intake import presenting, selectors, services
from intake.followup.forms import CaseFilterForm, ReviewRequestForm
from intake.followup.presenting import case_followup
from intake.followup.selectors import case_rows, case_rows_audited
from intake.followup.services import review_state
from intake.forms import AdjustForm, CaseOpenForm, ChildFormSet, LawfulBasisForm, children_from, raw_answer
from intake.models import CaseApplication
from intake.rules import AnswersError
from knowledge import languages
from knowledge.article_labels import label as article_label
from portal.access import allow, roles_here
from portal.roles import Role
from tenants.certification import selectors as certification_selectors
from tenants.models import ApplicationStatus
from tenants.presenting import intervention_names
from tenants.referrals.services import PLACES_OFFER_KEY

ACTOR_MEMBERS = (Role.ACTOR_ADMIN, Role.ACTOR_STAFF)
# A revision is a small counter; anything longer than this is not one.
REVISION_MAX_DIGITS = 9


def _lang() -> str:
    return translation.get_language() or "sv"


@allow(*ACTOR_MEMBERS)
def case_list(request):
    """The actor's cases with their period, its last day and what is due; filters and find.
    Above them, what is due this week (the actor's start page leads here) and, for its
    administrator, what the certification needs (overdue actions, validity ending) and
    whether the actor may apply now."""
    form = CaseFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    today = timezone.localdate()
    rows = case_rows_audited(user=request.user, today=today, **filters)
    due_this_week = rows if filters.get("due_only") else [row for row in case_rows(today=today) if row.due]
    lines = None
    if Role.ACTOR_ADMIN in roles_here(request.user):
        lines = certification_selectors.attention_lines(actor=connection.tenant)
    return render(request, "intake/case_list.html", {
        "rows": rows, "cases": [row.case for row in rows], "form": form, "due_this_week": due_this_week,
        "filtered": any(filters.values()) if filters else False, "certification_lines": lines,
        "certification_block": certification_selectors.application_block(connection.tenant),
    })


@allow(*ACTOR_MEMBERS)
def case_open(request):
    lang = _lang()
    form = CaseOpenForm(request.POST or None, lang=lang)
    form_valid = request.method == "POST" and form.is_valid()
    children = ChildFormSet(request.POST or None, prefix="children",
                            parent_birth_year=form.cleaned_data.get("birth_year") if form_valid else None)
    if form_valid and children.is_valid():
        case = services.case_open(user=request.user, children=children_from(children), **form.cleaned_data)
        request.session[PLACES_OFFER_KEY] = "opened"  # the next page asks about free places
        messages.success(request, _("Case %(code)s is open. The intake starts with the first question.") % {
            "code": case.code})
        return redirect("intake:chat", code=case.code)
    return render(request, "intake/case_open.html", {"form": form, "children": children})


# --- The case page ----------------------------------------------------------------------------


def _case_page(request, case, *, adjust_form: AdjustForm | None = None, errors: list[str] | None = None,
               status: int = 200, basis_form: LawfulBasisForm | None = None, followup_forms: dict | None = None):
    lang = _lang()
    conversation = selectors.conversation_of(case)
    answered, total = presenting.intake_state(conversation.answers, selectors.case_facts(case)).progress
    recommendation = selectors.recommendation_latest(case)
    current = recommendation is not None and services.recommendation_is_current(recommendation, conversation)
    applications = list(selectors.applications_of(case))
    applied = None
    if recommendation is not None:
        applied = next((a for a in applications if a.recommendation_id == recommendation.pk
                        and a.status != ApplicationStatus.REFUSED), None)
    if recommendation is not None and adjust_form is None:
        adjust_form = AdjustForm(limits=services.adjustment_limits(recommendation), names=intervention_names(lang),
                                 initial=_adjusted_initial(recommendation))
    return render(request, "intake/case_detail.html", {
        "case": case, "answered": answered, "total": total, "complete": answered == total,
        "card": presenting.recommendation_card(recommendation, lang, current=current) if recommendation else None,
        "recommendation": recommendation, "adjust_form": adjust_form, "applied": applied,
        "can_apply": current and applied is None and recommendation.result.get("outcome") == "recommend"
        and bool(recommendation.interventions),
        "errors": errors or [],
        "certification_block": certification_selectors.application_block(connection.tenant),
        "followup": case_followup(case, lang, today=timezone.localdate(), forms=followup_forms),
        "followup_error_form": next(iter((followup_forms or {}).values()), None),
        "lawful_basis": case.lawful_bases.select_related("recorded_by", "withdrawn_by").first(),
        "basis_form": basis_form or LawfulBasisForm(),
        "applications": [
            {"application": application,
             "interventions": presenting.interventions_named(application.interventions, application.year, lang),
             "decisions": [{"decision": decision, "granted": presenting.interventions_named(
                 decision.granted_interventions, application.year, lang)} for decision in application.decisions.all()],
             "review": review_state(application),
             "review_form": (followup_forms or {}).get(f"review{application.pk}") or ReviewRequestForm(
                 prefix=f"review{application.pk}")}
            for application in applications
        ],
    }, status=status)


def _adjusted_initial(recommendation) -> dict:
    """The form starts from the adjustment in force, if any (by index of the engine's result)."""
    if recommendation.adjusted_interventions is None:
        return {}
    initial = {}
    remaining = list(recommendation.adjusted_interventions)
    for limit in services.adjustment_limits(recommendation):
        item = limit["item"]
        match = next((a for a in remaining if a["code"] == item["code"] and a.get("item") == item.get("item")), None)
        if match is not None:
            remaining.remove(match)
        value = (match or {}).get("days" if limit["field"].startswith("days_") else "amount", 0)
        initial[limit["field"]] = value
    return initial


@allow(*ACTOR_MEMBERS)
def case_detail(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user)
    return _case_page(request, case)


# --- The chat --------------------------------------------------------------------------------


def _chat_context(case, lang: str, *, state=None, revision: int | None = None, edit: str | None = None,
                  error: str | None = None, error_question: str | None = None, posted=None, outcome=None,
                  notice: str | None = None) -> dict:
    if state is None or revision is None:
        conversation = selectors.conversation_of(case)
        state = presenting.intake_state(conversation.answers, selectors.case_facts(case))
        revision = conversation.revision
    answers = state.answers
    upcoming = state.next_question
    editing = state.question(edit) if edit and edit in answers else None
    shown = editing or upcoming
    showing_error = bool(error) and shown is not None and error_question == shown.id
    current = posted if showing_error and posted is not None else (answers.get(shown.id) if shown else None)
    answered, total = state.progress
    changes = None
    if outcome is not None and outcome.changed:
        changes = {"dropped": presenting.question_texts(outcome.dropped, lang),
                   "added": presenting.question_texts(outcome.added, lang)}
    return {
        "case": case, "revision": revision,
        "transcript": presenting.transcript(state, lang),
        "question": presenting.question_view(shown, lang, current) if shown else None,
        "editing": editing is not None, "error": error if showing_error else None,
        "general_error": error if error and not showing_error else None, "notice": notice,
        "answered": answered, "total": total, "complete": upcoming is None, "changes": changes,
        # Only the "answer changed" notice needs it: no query on an ordinary step.
        "has_recommendation": changes is not None and selectors.recommendation_latest(case) is not None,
        "position": intake_flow.position(answers, None, walked=state.walk),
        # The question's own limit (the server refuses longer text with the same number).
        "limits": {"text": (shown.max_length if shown is not None and shown.max_length else TEXT_MAX_CHARS),
                   "note": NOTE_MAX_CHARS},
        "suggested": timezone.localdate().isoformat() if shown is not None and shown.maps_to == "application_date"
        else None,
    }


@allow(*ACTOR_MEMBERS)
def chat(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user, action="view_intake")
    edit = request.GET.get("edit", "")[:200].replace("\x00", "") or None
    context = _chat_context(case, _lang(), edit=edit)
    template = "intake/chat.html#chat" if request.htmx else "intake/chat.html"
    return render(request, template, context)


def _posted_revision(post) -> int | None:
    raw = post.get("revision", "")
    return int(raw) if raw.isdigit() and len(raw) <= REVISION_MAX_DIGITS else None


@allow(*ACTOR_MEMBERS)
@require_POST
def chat_answer(request, code: str):
    case = selectors.case_get_open(code=code)
    lang = _lang()
    question_id = request.POST.get("question_id", "")[:200]
    try:
        question = intake_flow.load_questions().get(question_id)
    except KeyError:
        question = None
    posted = raw_answer(question, request.POST) if question is not None else None
    error = outcome = notice = None
    if question is None:
        error = _("That question no longer applies; here is where the intake is now.")
    else:
        try:
            outcome = services.answer_give(case=case, user=request.user, question_id=question_id, raw=posted,
                                           lang=lang, revision=_posted_revision(request.POST))
        except intake_flow.AnswerInvalid as invalid:
            error = invalid.message(lang)
        except services.QuestionNotApplicable:
            error = _("That question no longer applies; here is where the intake is now.")
            question_id = ""
        except services.RevisionStale:
            error = _("This intake was changed in another window or by a colleague. Here it is as it is now; "
                      "what you typed is kept, check it and save again.")
    if outcome is not None and outcome.notice:
        notice = outcome.notice[0] if lang == "sv" else outcome.notice[1]
    if not request.htmx and error is None:
        if outcome.changed:
            _flash_changes(request, outcome, lang)
        if notice:
            messages.warning(request, notice)
        return redirect("intake:chat", code=code)
    state = presenting.intake_state(outcome.answers, None, outcome.walk) if outcome and outcome.walk else None
    context = _chat_context(
        case, lang, state=state, revision=outcome.revision if state else None,
        edit=question_id if error and question_id in _stored_answers(case) else None,
        error=error, error_question=question_id, posted=posted, outcome=outcome, notice=notice)
    if request.htmx:
        if _one_step_forward(request, outcome, error, context):
            context.update(step=True, line=context["transcript"][-1])
            return retarget(reswap(render(request, "intake/chat.html#step", context), "outerHTML"),
                            "#current-question")
        # 200 even with an error: htmx swaps only successful responses, and the chat shows the
        # question again with its message and what was typed.
        return render(request, "intake/chat.html#chat", context)
    return render(request, "intake/chat.html", context)


def _one_step_forward(request, outcome, error, context) -> bool:
    """A new answer that went to the end of the transcript of the page that sent it: the
    page needs the new line and the next question, not the whole conversation again."""
    if error or outcome is None or outcome.walk is None or outcome.changed or outcome.repeated or outcome.dropped:
        return False
    if request.htmx.target != "chat" or _posted_revision(request.POST) != outcome.revision - 1:
        return False  # a retry by portal.js, or a page that was behind: the whole chat
    transcript = context["transcript"]
    return len(transcript) > 1 and transcript[-1].question_id == outcome.question_id


def _stored_answers(case) -> dict:
    return selectors.conversation_of(case).answers


def _flash_changes(request, outcome, lang: str) -> None:
    dropped = presenting.question_texts(outcome.dropped, lang)
    added = presenting.question_texts(outcome.added, lang)
    text = _("Answer changed.")
    if dropped:
        text += " " + _("No longer applies and was removed: %(list)s.") % {"list": "; ".join(dropped)}
    if added:
        text += " " + _("New questions to answer: %(list)s.") % {"list": "; ".join(added)}
    messages.info(request, text)


# --- The person's screen -------------------------------------------------------------------------


@allow(*ACTOR_MEMBERS)
def person_screen(request, code: str):
    """Read-only: the current question in the person's language, for person and interpreter."""
    case = selectors.case_get_audited(code=code, user=request.user, action="view_person_screen")
    lang = request.GET.get("lang") or case.person_language
    if lang not in languages.CODES:
        lang = case.person_language if case.person_language in languages.CODES else "sv"
    conversation = selectors.conversation_of(case)
    state = presenting.intake_state(conversation.answers, selectors.case_facts(case))
    upcoming = state.next_question
    answered, total = state.progress
    language = languages.get(lang)
    context = {
        "case": case, "language": language, "languages": [languages.get(c) for c in languages.CODES],
        "view": presenting.person_view(upcoming, lang) if upcoming else None,
        "question_id": upcoming.id if upcoming else "", "answered": answered, "total": total,
        "position": intake_flow.position(state.answers, None, walked=state.walk),
        "revision": conversation.revision, "complete_text": article_label(lang, "intake_complete"),
    }
    template = "intake/person_screen.html#person" if request.htmx else "intake/person_screen.html"
    return render(request, template, context)


# --- Recommendation and application ---------------------------------------------------------


def _back_to_recommendation(code: str):
    return redirect(reverse("intake:case_detail", args=[code]) + "#recommendation")


@allow(*ACTOR_MEMBERS)
@require_POST
def recommendation_make(request, code: str):
    case = selectors.case_get_open(code=code)
    try:
        services.recommendation_make(case=case, user=request.user)
    except services.IntakeIncomplete:
        return _case_page(request, case, errors=[_("Answer the remaining questions first.")], status=409)
    except services.NoRulesForYear as missing:
        return _case_page(request, case, status=409, errors=[_(
            "There are no programme rules in effect for %(year)s yet, so no recommendation can be made for a "
            "period starting then. Ask the programme coordinator to put %(year)s into effect, or check the "
            "period's start date.") % {"year": missing.year}])
    except AnswersError as error:
        return _case_page(request, case, errors=[error.message(_lang())], status=409)
    return _back_to_recommendation(code)


ADJUST_ERRORS = {
    "reason_required": lambda params: _("Write why you adjust the recommendation."),
    "outdated": lambda params: _("The answers changed after this recommendation. Make a new recommendation first."),
    "out_of_range": lambda params: _("Choose a number from 0 to %(max)s: the year's limit.") % params,
    "supplement_longer": lambda params: _(
        "A child supplement cannot have more days than the period it accompanies (%(max)s).") % params,
}


@allow(*ACTOR_MEMBERS)
@require_POST
def recommendation_adjust(request, code: str, pk: int):
    case = selectors.case_get_open(code=code)
    recommendation = get_object_or_404(case.recommendations, pk=pk)
    form = AdjustForm(request.POST, limits=services.adjustment_limits(recommendation),
                      names=intervention_names(_lang()))
    if form.is_valid():
        try:
            services.recommendation_adjust(recommendation=recommendation, user=request.user, values=form.values(),
                                           reason=form.cleaned_data["reason"])
        except services.AdjustmentInvalid as invalid:
            form.add_error(invalid.field if invalid.field in form.fields else None,
                           ADJUST_ERRORS[invalid.code](invalid.params))
        else:
            messages.success(request, _("The recommendation is adjusted; your reason is kept with it."))
            return _back_to_recommendation(code)
    return _case_page(request, case, adjust_form=form, status=422)


APPLICATION_ERRORS = {
    "nothing_to_apply_for": lambda: _("This recommendation has nothing the programme can pay for."),
    "outdated": lambda: _("The answers changed after this recommendation. Make a new recommendation, then apply."),
    "overlaps": lambda: _("The case already has an application for some of these days that is with the programme "
                          "or granted. A new application must ask for a new period."),
    "already_submitted": lambda: _("This application has already been submitted."),
    "no_lawful_basis": lambda: _("Record the person's consent (or the lawful basis that applies) on the case "
                                 "before anything is sent to the programme."),
    "actor_not_certified": lambda: _("Only a certified actor may apply to the programme, and this actor is not "
                                     "certified now. Your cases stay readable; ask your administrator or the "
                                     "programme coordinator about the certification."),
    "plan_missing": lambda: _("This application needs its plan (an implementation plan for an extension, an exit "
                              "plan for integration with daily compensation), signed, before it is submitted. "
                              "Make it under Documents on the case page."),
}


@allow(*ACTOR_MEMBERS)
@require_POST
def lawful_basis(request, code: str):
    """Record the person's consent or lawful basis, or its withdrawal."""
    case = selectors.case_get_open(code=code)
    if request.POST.get("action") == "withdraw":
        if services.lawful_basis_withdraw(case=case, user=request.user) is not None:
            messages.success(request, _("The withdrawal is recorded: nothing more is sent to the programme."))
        return redirect(reverse("intake:case_detail", args=[code]) + "#lawful-basis")
    form = LawfulBasisForm(request.POST)
    if form.is_valid():
        try:
            services.lawful_basis_record(case=case, user=request.user, **form.cleaned_data)
        except services.LawfulBasisInvalid:
            form.add_error(None, _("A lawful basis is already recorded for this case."))
        else:
            messages.success(request, _("The lawful basis is recorded."))
            return redirect(reverse("intake:case_detail", args=[code]) + "#lawful-basis")
    return _case_page(request, case, basis_form=form, status=422)


@allow(*ACTOR_MEMBERS)
@require_POST
def application_create(request, code: str, pk: int):
    case = selectors.case_get_open(code=code)
    recommendation = get_object_or_404(case.recommendations, pk=pk)
    try:
        application = services.application_draft(recommendation=recommendation, user=request.user)
    except services.ApplicationNotAllowed as refused:
        return _case_page(request, case, errors=[APPLICATION_ERRORS[refused.code]()], status=409)
    return redirect("intake:application", code=code, pk=application.pk)


@allow(*ACTOR_MEMBERS)
def application_review(request, code: str, pk: int):
    if request.method == "POST":
        case = selectors.case_get_open(code=code)
    else:
        case = selectors.case_get_audited(code=code, user=request.user, action="application_view")
    application = get_object_or_404(CaseApplication.objects.select_related("recommendation"), case=case, pk=pk)
    lang = _lang()
    errors = []
    if request.method == "POST":
        try:
            services.application_submit(application=application, user=request.user)
        except services.ApplicationNotAllowed as refused:
            errors.append(APPLICATION_ERRORS[refused.code]())
        else:
            messages.success(request, _("The application is submitted to the programme coordinator."))
            return redirect("intake:case_detail", code=code)
    recommendation = application.recommendation
    current = services.recommendation_is_current(recommendation, selectors.conversation_of(case))
    return render(request, "intake/application.html", {
        "case": case, "application": application, "errors": errors, "current": current,
        "certification_block": certification_selectors.application_block(connection.tenant),
        "interventions": presenting.interventions_named(application.interventions, application.year, lang),
        "card": presenting.recommendation_card(recommendation, lang, current=current),
        "evidence": presenting.evidence_rows(intake_flow.complementarity_evidence(recommendation.answers), lang),
    }, status=409 if errors else 200)

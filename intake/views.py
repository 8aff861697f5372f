"""The actor's pages: cases, the guided intake as a chat, recommendation, application.

Thin views: parse, call one service, render. Each page is one template with named
partials; an htmx request gets the partial, a plain request the page (every form also
works without JavaScript: post, redirect, get).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import flow as intake_flow
from intake.rules import AnswersError
from intake import presenting, selectors, services
from intake.forms import AdjustForm, CaseOpenForm, ChildFormSet, children_from, raw_answer
from intake.models import CaseApplication
from knowledge import languages
from knowledge.article_labels import label as article_label
from portal.access import allow
from portal.roles import Role

ACTOR_MEMBERS = (Role.ACTOR_ADMIN, Role.ACTOR_STAFF)


def _lang() -> str:
    return translation.get_language() or "sv"


@allow(*ACTOR_MEMBERS)
def case_list(request):
    return render(request, "intake/case_list.html", {"cases": selectors.case_list()})


@allow(*ACTOR_MEMBERS)
def case_open(request):
    lang = _lang()
    form = CaseOpenForm(request.POST or None, lang=lang)
    children = ChildFormSet(request.POST or None, prefix="children")
    if request.method == "POST" and form.is_valid() and children.is_valid():
        case = services.case_open(user=request.user, children=children_from(children), **form.cleaned_data)
        messages.success(request, _("Case %(code)s is open. The intake starts with the first question.") % {
            "code": case.code})
        return redirect("intake:chat", code=case.code)
    return render(request, "intake/case_open.html", {"form": form, "children": children})


@allow(*ACTOR_MEMBERS)
def case_detail(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user)
    lang = _lang()
    conversation = selectors.conversation_of(case)
    answered, total = intake_flow.progress(conversation.answers, selectors.case_facts(case))
    recommendation = selectors.recommendation_latest(case)
    applications = [
        {"application": application,
         "interventions": presenting.interventions_named(application.interventions, application.year, lang),
         "granted": presenting.interventions_named(application.granted_interventions, application.year, lang)}
        for application in selectors.applications_of(case)
    ]
    return render(request, "intake/case_detail.html", {
        "case": case, "answered": answered, "total": total, "complete": answered == total,
        "card": presenting.recommendation_card(recommendation, lang) if recommendation else None,
        "recommendation": recommendation, "applications": applications,
    })


# --- The chat --------------------------------------------------------------------------------


def _chat_context(case, lang: str, *, edit: str | None = None, error: str | None = None,
                  error_question: str | None = None, posted=None, outcome=None) -> dict:
    conversation = selectors.conversation_of(case)
    answers = conversation.answers
    facts = selectors.case_facts(case)
    upcoming = intake_flow.next_question(answers, facts)
    by_id = presenting.questions_by_id(answers, facts)
    editing = by_id.get(edit) if edit and edit in answers else None
    shown = editing or upcoming
    current = answers.get(shown.id) if shown is not None else None
    answered, total = intake_flow.progress(answers, facts)
    changes = None
    if outcome is not None and outcome.changed:
        changes = {"dropped": presenting.question_texts(outcome.dropped, lang),
                   "added": presenting.question_texts(outcome.added, lang)}
    return {
        "case": case, "revision": conversation.revision,
        "transcript": presenting.transcript(answers, facts, lang),
        "question": presenting.question_view(shown, lang, current) if shown else None,
        "editing": editing is not None, "error": error if shown and error_question == shown.id else None,
        "answered": answered, "total": total, "complete": upcoming is None, "changes": changes,
        "has_recommendation": selectors.recommendation_latest(case) is not None,
    }


@allow(*ACTOR_MEMBERS)
def chat(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user, action="view_intake")
    context = _chat_context(case, _lang(), edit=request.GET.get("edit"))
    template = "intake/chat.html#chat" if request.htmx else "intake/chat.html"
    return render(request, template, context)


@allow(*ACTOR_MEMBERS)
@require_POST
def chat_answer(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user, action="answer")
    lang = _lang()
    question_id = request.POST.get("question_id", "")
    facts = selectors.case_facts(case)
    question = presenting.questions_by_id(selectors.conversation_of(case).answers, facts).get(question_id)
    error = outcome = None
    if question is None:
        error = _("That question no longer applies; here is where the intake is now.")
    else:
        try:
            outcome = services.answer_give(case=case, user=request.user, question_id=question_id,
                                           raw=raw_answer(question, request.POST), lang=lang)
        except intake_flow.AnswerInvalid as invalid:
            error = invalid.message(lang)
        except services.QuestionNotApplicable:
            error = _("That question no longer applies; here is where the intake is now.")
    if not request.htmx:
        if error:
            messages.error(request, error)
            edit = f"?edit={question_id}" if question is not None and question_id in selectors.conversation_of(
                case).answers else ""
            return redirect(reverse("intake:chat", args=[code]) + edit)
        if outcome and outcome.changed:
            _flash_changes(request, outcome, lang)
        return redirect("intake:chat", code=code)
    context = _chat_context(case, lang, edit=question_id if error and question else None, error=error,
                            error_question=question_id, outcome=outcome)
    # 200 even with an error: htmx swaps only successful responses, and the chat shows the
    # question again with its message.
    return render(request, "intake/chat.html#chat", context)


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
    facts = selectors.case_facts(case)
    upcoming = intake_flow.next_question(conversation.answers, facts)
    answered, total = intake_flow.progress(conversation.answers, facts)
    language = languages.get(lang)
    context = {
        "case": case, "language": language, "languages": [languages.get(c) for c in languages.CODES],
        "view": presenting.person_view(upcoming, lang) if upcoming else None,
        "question_id": upcoming.id if upcoming else "", "answered": answered, "total": total,
        "revision": conversation.revision, "complete_text": article_label(lang, "intake_complete"),
    }
    template = "intake/person_screen.html#person" if request.htmx else "intake/person_screen.html"
    return render(request, template, context)


# --- Recommendation and application ---------------------------------------------------------


@allow(*ACTOR_MEMBERS)
@require_POST
def recommendation_make(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user, action="recommend")
    try:
        services.recommendation_make(case=case, user=request.user)
    except services.IntakeIncomplete:
        messages.error(request, _("Answer the remaining questions first."))
        return redirect("intake:chat", code=code)
    except AnswersError as error:
        messages.error(request, error.message(_lang()))
        return redirect("intake:chat", code=code)
    return redirect(reverse("intake:case_detail", args=[code]) + "#recommendation")


@allow(*ACTOR_MEMBERS)
@require_POST
def recommendation_adjust(request, code: str, pk: int):
    case = selectors.case_get_audited(code=code, user=request.user, action="recommend_adjust")
    recommendation = get_object_or_404(case.recommendations, pk=pk)
    form = AdjustForm(request.POST)
    days, amounts = {}, {}
    try:
        for key, value in request.POST.items():
            if key.startswith("days_"):
                days[key.removeprefix("days_")] = int(value)
            elif key.startswith("amount_"):
                amounts[key.removeprefix("amount_")] = int(value)
    except ValueError:
        messages.error(request, _("Days and amounts must be whole numbers."))
        return redirect(reverse("intake:case_detail", args=[code]) + "#recommendation")
    try:
        services.recommendation_adjust(recommendation=recommendation, user=request.user, days=days,
                                       amounts=amounts, reason=form.data.get("reason", ""))
    except services.AdjustmentInvalid as invalid:
        messages.error(request, {
            "reason_required": _("Write why you adjust the recommendation."),
            "days_range": _("Days must be between 0 and 366."),
            "amount_range": _("An amount cannot be negative."),
        }.get(str(invalid), str(invalid)))
    else:
        messages.success(request, _("The recommendation is adjusted; your reason is kept with it."))
    return redirect(reverse("intake:case_detail", args=[code]) + "#recommendation")


@allow(*ACTOR_MEMBERS)
@require_POST
def application_create(request, code: str, pk: int):
    case = selectors.case_get_audited(code=code, user=request.user, action="application_draft")
    recommendation = get_object_or_404(case.recommendations, pk=pk)
    try:
        application = services.application_draft(recommendation=recommendation, user=request.user)
    except services.ApplicationNotAllowed:
        messages.error(request, _("This recommendation has nothing the programme can pay for."))
        return redirect("intake:case_detail", code=code)
    return redirect("intake:application", code=code, pk=application.pk)


@allow(*ACTOR_MEMBERS)
def application_review(request, code: str, pk: int):
    case = selectors.case_get_audited(code=code, user=request.user, action="application_view")
    application = get_object_or_404(CaseApplication.objects.select_related("recommendation"), case=case, pk=pk)
    lang = _lang()
    if request.method == "POST":
        try:
            services.application_submit(application=application, user=request.user)
        except services.ApplicationNotAllowed:
            messages.error(request, _("This application has already been submitted."))
        else:
            messages.success(request, _("The application is submitted to the programme coordinator."))
        return redirect("intake:case_detail", code=code)
    recommendation = application.recommendation
    return render(request, "intake/application.html", {
        "case": case, "application": application,
        "interventions": presenting.interventions_named(application.interventions, application.year, lang),
        "card": presenting.recommendation_card(recommendation, lang),
        "evidence": presenting.evidence_rows(services.complementarity_evidence(recommendation.answers), lang),
    })


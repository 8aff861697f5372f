"""The actor's follow-up actions on a case: thin views, one service each, post/redirect/get."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import selectors
from intake.followup import services
from intake.followup.forms import CloseForm, PeriodEndForm, PriorDaysForm, ReviewRequestForm
from intake.followup.presenting import case_followup
from intake.followup.selectors import clocks_of
from intake.views import ACTOR_MEMBERS, _case_page
from portal.access import allow
from tenants.referrals.services import PLACES_OFFER_KEY

ERRORS = {
    "closed": lambda p: _("This case is closed and can no longer be changed."),
    "kind": lambda p: _("Choose a kind of period."),
    "source": lambda p: _("Choose where the days were used."),
    "reason_required": lambda p: _("Write how the days are known."),
    "days_over_limit": lambda p: _("Enter from 1 to %(limit)s days: the year's maximum for this kind.") % p,
    "already_entered": lambda p: _("Days from before are already entered for this kind; they are entered once."),
    "not_granted": lambda p: _("Only a granted period can end early."),
    "already_ended": lambda p: _("This period has already ended early."),
    "reason": lambda p: _("Choose a reason."),
    "outside_period": lambda p: _("The last day must be within the period, %(first)s to %(last)s.") % {
        "first": p["first"].isoformat(), "last": p["last"].isoformat()},
    "in_future": lambda p: _("The last day cannot be in the future: report the end when it has happened."),
    "nothing_granted": lambda p: _("There is no granted period to extend yet."),
    "retroactive": lambda p: _("The period after the current one began on %(start)s: this year's rules refuse "
                               "applications made after the period began (rule: retroactive).") % {
        "start": p["start"].isoformat()},
    "motivation_required": lambda p: _("Write why the decision should be reviewed."),
    "not_reviewable": lambda p: _("Only a refusal or a partial grant can be reviewed."),
    "already_reviewed": lambda p: _("Review was already asked for this decision; the review decision is final."),
    "already_applied": lambda p: _("An application for the next period already exists: continue it below."),
}


def _back(code: str, anchor: str = "followup"):
    return redirect(reverse("intake:case_detail", args=[code]) + f"#{anchor}")


def _page_with(request, case, *, forms: dict | None = None, errors: list[str] | None = None):
    return _case_page(request, case, followup_forms=forms or {}, errors=errors or [], status=422)


def _form_error(form, refused: services.FollowupRefused) -> None:
    message = ERRORS[refused.code](refused.params)
    form.add_error(refused.field if refused.field in form.fields else None, message)


@allow(*ACTOR_MEMBERS)
@require_POST
def prior_days(request, code: str):
    case = selectors.case_get_open(code=code)
    form = PriorDaysForm(request.POST, prefix="prior")
    if form.is_valid():
        try:
            services.prior_days_enter(case=case, user=request.user, **form.cleaned_data)
        except services.FollowupRefused as refused:
            _form_error(form, refused)
        else:
            messages.success(request, _("The days from before are entered; the clock counts them."))
            return _back(code)
    return _page_with(request, case, forms={"prior": form})


@allow(*ACTOR_MEMBERS)
@require_POST
def period_end(request, code: str):
    case = selectors.case_get_open(code=code)
    form = PeriodEndForm(request.POST, prefix="end")
    current = clocks_of(case).current
    if form.is_valid():
        if current is None:
            form.add_error(None, ERRORS["not_granted"]({}))
        else:
            try:
                services.period_end_report(application=current.application, user=request.user,
                                           **form.cleaned_data)
            except services.FollowupRefused as refused:
                _form_error(form, refused)
            else:
                messages.success(request, _("The period's early end is recorded and sent to the programme."))
                return _back(code)
    return _page_with(request, case, forms={"end": form})


@allow(*ACTOR_MEMBERS)
@require_POST
def extension(request, code: str):
    case = selectors.case_get_open(code=code)
    try:
        start = services.extension_start(case=case, user=request.user, today=timezone.localdate())
    except services.FollowupRefused as refused:
        return _page_with(request, case, errors=[ERRORS[refused.code](refused.params)])
    messages.success(request, _("The follow-up intake for the period from %(start)s: earlier answers are kept, "
                                "only what is re-assessed each period is asked again.") % {
        "start": start.isoformat()})
    return redirect("intake:chat", code=code)


@allow(*ACTOR_MEMBERS)
@require_POST
def close(request, code: str):
    case = selectors.case_get_open(code=code)
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            services.case_close(case=case, user=request.user, **form.cleaned_data)
        except services.FollowupRefused as refused:
            _form_error(form, refused)
        else:
            messages.success(request, _("The case is closed. It can be read but no longer changed."))
            request.session[PLACES_OFFER_KEY] = "closed"  # the start page offers to update free places
            return _back(code, "case")
    return _page_with(request, case, forms={"close": form})


@allow(*ACTOR_MEMBERS)
def timeline(request, code: str):
    """The case's timeline alone, to print (the browser's print; the page has no script)."""
    case = selectors.case_get_audited(code=code, user=request.user, action="view_timeline")
    lang = translation.get_language() or "sv"
    return render(request, "intake/timeline.html", {
        "case": case, "followup": case_followup(case, lang, today=timezone.localdate())})


@allow(*ACTOR_MEMBERS)
@require_POST
def review(request, code: str, pk: int):
    case = selectors.case_get_open(code=code)
    application = get_object_or_404(case.applications, pk=pk)
    form = ReviewRequestForm(request.POST, prefix=f"review{application.pk}")
    if form.is_valid():
        try:
            services.review_request(application=application, user=request.user, **form.cleaned_data)
        except services.FollowupRefused as refused:
            _form_error(form, refused)
        else:
            messages.success(request, _("The review request is sent to the programme coordinator."))
            return _back(code, f"application-{application.pk}")
    return _page_with(request, case, forms={f"review{application.pk}": form})

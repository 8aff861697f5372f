"""The programme coordinator's and regional coordinators' pages. Thin: forms parse, one
service writes, selectors read; nothing here knows the actors' code."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import exports
from portal.access import allow
from portal.audit import audit_event
from portal.roles import Role
from tenants import presenting, selectors, services
from tenants.budget import selectors as budget_selectors
from tenants.budget import services as budget_services
from tenants.certification import selectors as certification_selectors
from tenants.followup.reviews import review_decide, review_pending, reviews_pending
from tenants.followup.selectors import admission_asked, admission_of, case_chain
from tenants.forms import DecisionForm, InboxFilterForm
from tenants.models import ApplicationStatus
from tenants.years.selectors import year_without_rules

INBOX_PAGE_SIZE = 50  # rows per page: a page stays small (~20 KB) at any number of applications


def _lang() -> str:
    return translation.get_language() or "sv"


@allow(Role.COORDINATOR)
def dashboard(request):
    """The coordinator's overview of all certified actors (never their case data)."""
    actors = list(selectors.actors())
    for actor in actors:
        actor.address = f"http://{selectors.primary_domain(actor)}:{settings.PORTAL_PORT}/"
    return render(request, "tenants/dashboard.html", {
        "actors": actors, "missing_year": year_without_rules(timezone.localdate()),
        "certification_lines": certification_selectors.attention_lines()})


@allow(Role.COORDINATOR)
def inbox(request):
    """Applications from all actors, newest first, filtered by actor, year, intervention, status."""
    lang = _lang()
    form = InboxFilterForm(request.GET or None, choices=selectors.application_filter_choices(lang))
    filters = form.filters() if request.GET else {}
    page = (form.cleaned_data.get("page") if form.is_bound and "page" not in form.errors else None) or 1
    # One row more than a page tells whether there is an older page, without counting them all.
    kind = request.GET.get("format")
    if kind in exports.FORMATS:
        audit_event(user=request.user, action="inbox_export", request=request, filters=filters, format=kind)
        return exports.response([_inbox_sheet(selectors.applications_inbox(**filters), lang)], kind,
                                "nsp-ansokningar")
    start = (page - 1) * INBOX_PAGE_SIZE
    applications = list(selectors.applications_inbox(**filters)[start:start + INBOX_PAGE_SIZE + 1])
    older = len(applications) > INBOX_PAGE_SIZE
    applications = applications[:INBOX_PAGE_SIZE]
    names = presenting.intervention_names(lang)
    for application in applications:
        application.intervention_names = [names.get(code, code) for code in application.intervention_codes]
    audit_event(user=request.user, action="inbox_view", request=request, filters=filters)
    template = "tenants/inbox.html#results" if request.htmx else "tenants/inbox.html"
    return render(request, template, {
        "reviews": reviews_pending() if not request.htmx else [],
        "applications": applications, "form": form, "missing_year": year_without_rules(timezone.localdate()),
        "export_query": _export_query(request), "page": page, "newer_url": _inbox_page_url(request, page - 1) if page > 1 else None,
        "older_url": _inbox_page_url(request, page + 1) if older else None,
    })


INBOX_EXPORT_MAX = 100_000  # rows: every application the programme has had, with room


def _inbox_sheet(applications, lang: str) -> exports.Sheet:
    names = presenting.intervention_names(lang)
    statuses = dict(ApplicationStatus.choices)
    rows = [
        [timezone.localtime(a.submitted_at).date().isoformat(), a.nsp_number, a.case_code, a.actor.name, a.year,
         ", ".join(names.get(code, code) for code in a.intervention_codes), a.total, str(statuses.get(a.status, a.status)),
         a.granted_total, timezone.localtime(a.decided_at).date().isoformat() if a.decided_at else ""]
        for a in applications[:INBOX_EXPORT_MAX]
    ]
    return exports.Sheet(title=_("Applications"), header=[
        _("Submitted"), _("NSP number"), _("Case code"), _("Actor"), _("Year"), _("Interventions"),
        _("Amount applied for"), _("Status"), _("Amount granted"), _("Decided")], rows=rows)


def _export_query(request) -> str:
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return query.urlencode() + "&" if query else ""


def _inbox_page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{query.urlencode()}"


DECISION_ERRORS = {
    "motivation_required": lambda: _("Write a motivation: every decision has one."),
    "unknown_kind": lambda: _("Choose a decision."),
    "already_decided": lambda: _("This application has already been decided. To change the decision, correct it below."),
    "not_in_force": lambda: _("That decision is no longer the one in force: the page was out of date. Here is the application as it is now."),
    "correction_cannot_ask": lambda: _("A correction grants, grants in part or refuses; to ask for more information, do so before deciding."),
    "part_needs_reduction": lambda: _("Granting in part means fewer days or a lower amount for at least one intervention."),
    "days_not_more": lambda: _("A decision cannot grant more days than applied for."),
    "amount_not_more": lambda: _("A decision cannot grant more than applied for."),
    "overlaps": lambda: _("This would grant days the case already has granted in another application."),
    "review_decided": lambda: _("This review is already decided; its decision is final."),
    "admission_required": lambda: _("Decide admission to the programme: it is asked with this first application."),
    "admission_refused_grants": lambda: _("A person refused admission cannot be granted interventions: refuse "
                                          "the application too, or admit the person."),
}


@allow(Role.COORDINATOR)
def application_detail(request, pk: int):
    application = selectors.application_with_overlaps(pk)
    lang = _lang()
    audit_event(user=request.user, action="application_view", request=request, application=application.pk)
    interventions = presenting.interventions_named(application.interventions, application.year, lang)
    in_force = next((d for d in application.decisions.all() if not _superseded(d, application)), None)
    decidable = application.status == ApplicationStatus.SUBMITTED
    review = review_pending(application)
    correctable = in_force is not None and application.status != ApplicationStatus.SUBMITTED and \
        application.status != ApplicationStatus.MORE_INFO
    form = None
    if decidable or correctable:
        initial = {"motivation": _decision_template(application, lang)} if decidable else {}
        form = DecisionForm(request.POST or None, interventions=interventions, correction=not decidable,
                            initial=initial, admission_asked=decidable and admission_asked(application))
    # Warn before she grants: the posts this application would take below zero as applied for.
    budget_warning = budget_selectors.grant_shortfalls(year=application.year, items=application.interventions) \
        if form is not None else []
    if request.method == "POST" and form is not None and form.is_valid():
        days, amounts = form.reductions()
        try:
            if review is not None:
                # The review decision supersedes the decision reviewed, and is final.
                review_decide(review=review, coordinator=request.user, kind=form.cleaned_data["kind"],
                              motivation=form.cleaned_data["motivation"], days=days, amounts=amounts)
            else:
                budget_services.decision_with_budget(
                    application=application, coordinator=request.user, kind=form.cleaned_data["kind"],
                    motivation=form.cleaned_data["motivation"], days=days, amounts=amounts,
                    supersedes=None if decidable else in_force,
                    budget_motivation=form.cleaned_data.get("budget_motivation", ""),
                    admission=form.cleaned_data.get("admission") or None,
                )
        except budget_services.BudgetShortfall as shortfall:
            budget_warning = shortfall.shortfalls
            form.add_error("budget_motivation", _(
                "This grant takes a budget post below zero. To grant anyway, write why."))
        except services.DecisionInvalid as invalid:
            message = DECISION_ERRORS.get(invalid.code)
            form.add_error(invalid.field if invalid.field in form.fields else None,
                           message() if message else invalid.code)
        else:
            messages.success(request, _("The decision is recorded and sent to %(actor)s.") % {
                "actor": application.actor.name})
            return redirect("tenants:application", pk=application.pk)
    return render(request, "tenants/application.html", {
        "application": application, "form": form, "decidable": decidable, "correctable": correctable,
        "in_force": in_force, "interventions": interventions, "budget_warning": budget_warning,
        "granted": presenting.interventions_named(application.granted_interventions, application.year, lang),
        "evidence": presenting.evidence_rows(application.complementarity, lang),
        "reasons": presenting.reasons(application.explanation, lang),
        "rules": presenting.rule_descriptions(application.rules_fired, application.year, lang),
        "admission": admission_of(actor=application.actor, case_code=application.case_code),
        "review": review, "chain": case_chain(application),
        # An earlier year's decision brought in by import_history: admission was never asked here.
        "imported": hasattr(application, "imported"),
    })


def _superseded(decision, application) -> bool:
    return any(other.supersedes_id == decision.pk for other in application.decisions.all())


def _decision_template(application, lang: str) -> str:
    """A starting text after the programme's example decision (seed 001, "Beslutsmotivering").

    Its bracketed parts must be replaced before it can be sent (DecisionForm)."""
    with translation.override(lang):
        return _(
            "%(code)s has been exposed to human trafficking or a similar crime and so falls within the "
            "programme's target group. In line with the actor's assessment, %(code)s needs protection and "
            "support because of this exposure.\n\nThe programme acts as a complement: [which authorities were "
            "asked and what they answered].\n\nDuring the period the actor is responsible for keeping the "
            "programme complementary: if the person's rights can be reached through the authorities, the "
            "programme's period ends from the day the authorities take responsibility. The actor keeps the "
            "programme coordinator informed."
        ) % {"code": application.case_code}

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from intake import presenting
from intake.forms import DecisionForm
from portal.access import allow
from portal.audit import audit_event
from portal.roles import Region, Role
from tenants import selectors, services
from tenants.models import Application, ApplicationStatus


@allow(Role.COORDINATOR)
def dashboard(request):
    """The coordinator's overview of all certified actors (never their case data)."""
    actors = list(selectors.actors())
    for actor in actors:
        actor.address = f"http://{selectors.primary_domain(actor)}:{settings.PORTAL_PORT}/"
    return render(request, "tenants/dashboard.html", {"actors": actors})


@allow(Role.COORDINATOR, Role.REGIONAL_COORDINATOR)
def capacity(request):
    """Where is a free place? Profile facts only, for referring a person."""
    region = request.GET.get("region") or None
    if region not in Region.values:
        region = None
    needs_children = request.GET.get("children") == "1"
    actors = selectors.capacity_directory(region=region, needs_children=needs_children)
    return render(request, "tenants/capacity.html", {
        "actors": actors, "regions": Region.choices, "region": region, "needs_children": needs_children,
    })


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@allow(Role.COORDINATOR)
def inbox(request):
    """Applications from all actors, newest first, filtered by actor, year, intervention, status."""
    filters = {
        "actor": request.GET.get("actor") or None,
        "year": _int_or_none(request.GET.get("year")),
        "intervention": request.GET.get("intervention") or None,
        "status": request.GET.get("status") if request.GET.get("status") in ApplicationStatus.values else None,
    }
    applications = selectors.applications_inbox(**filters)[:200]
    template = "tenants/inbox.html#results" if request.htmx else "tenants/inbox.html"
    return render(request, template, {
        "applications": applications, "filters": filters, "choices": selectors.application_filter_choices(),
        "statuses": ApplicationStatus.choices,
    })


DECISION_ERRORS = {
    "motivation_required": lambda: _("Write a motivation: every decision has one."),
    "unknown_kind": lambda: _("Choose a decision."),
    "already_decided": lambda: _("This application has already been decided."),
    "part_needs_reduction": lambda: _("Granting in part means fewer days or a lower amount for at least one intervention."),
    "days_not_more": lambda: _("A decision cannot grant more days than applied for."),
    "amount_not_more": lambda: _("A decision cannot grant more than applied for."),
}


@allow(Role.COORDINATOR)
def application_detail(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("actor").prefetch_related(
        "decisions__decided_by"), pk=pk)
    lang = translation.get_language() or "sv"
    audit_event(user=request.user, action="application_view", request=request, application=application.pk)
    kinds = [(kind.value, kind.label) for kind in services.DECISION_KINDS]
    form = DecisionForm(request.POST or None, kinds=kinds,
                        initial={"motivation": _decision_template(application, lang)})
    if request.method == "POST" and form.is_valid():
        days = {int(key.removeprefix("days_")): _int_or_none(value) or 0
                for key, value in request.POST.items() if key.startswith("days_")}
        amounts = {int(key.removeprefix("amount_")): _int_or_none(value) or 0
                   for key, value in request.POST.items() if key.startswith("amount_")}
        try:
            services.application_decide(
                application=application, coordinator=request.user, kind=form.cleaned_data["kind"],
                motivation=form.cleaned_data["motivation"], days=days, amounts=amounts,
            )
        except services.DecisionInvalid as invalid:
            message = DECISION_ERRORS.get(invalid.code)
            form.add_error(None, message() if message else invalid.code)
        else:
            messages.success(request, _("The decision is recorded and sent to %(actor)s.") % {
                "actor": application.actor.name})
            return redirect("tenants:application", pk=application.pk)
    return render(request, "tenants/application.html", {
        "application": application, "form": form,
        "interventions": presenting.interventions_named(application.interventions, application.year, lang),
        "granted": presenting.interventions_named(application.granted_interventions, application.year, lang),
        "evidence": presenting.evidence_rows(application.complementarity, lang),
        "decidable": application.status == ApplicationStatus.SUBMITTED,
    })


def _decision_template(application: Application, lang: str) -> str:
    """A starting text after the programme's example decision (seed 001, "Beslutsmotivering")."""
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

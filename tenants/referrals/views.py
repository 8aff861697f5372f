"""Referral pages of the programme's host (regional coordinators) and of each actor's host
(free places, answering requests). Thin: forms parse, one service writes, selectors read."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import allow, current_actor, roles_here
from portal.audit import audit_event
from portal.models import Membership
from portal.roles import Role
from tenants.models import MAY_APPLY, Actor
from tenants.referrals import selectors, services
from tenants.referrals.forms import AcceptForm, ContactForm, DeclineForm, PlacesForm, ReferralForm, SearchForm
from tenants.referrals.models import (
    AgeGroup, Authority, DeclineReason, ExploitationForm, Gender, ReferralStatus, Support, Urgency,
)

ACTOR_MEMBERS = (Role.ACTOR_ADMIN, Role.ACTOR_STAFF)
# The search's fields a referral form starts from.
CARRIED = ("gender", "age_group", "exploitation_forms", "children", "support", "pets", "substance_use")

REFERRAL_ERRORS = {
    "not_certified": lambda: _("This actor is not certified: it cannot take referrals."),
    "cannot_replace": lambda: _("That referral cannot be replaced: it was accepted or is not yours."),
    "already_replaced": lambda: _("Another actor has already been asked in place of that referral."),
    "same_actor": lambda: _("Ask another actor than the one that was asked before."),
    "not_yours": lambda: _("This referral is for another actor."),
    "already_answered": lambda: _("This referral has already been answered or withdrawn."),
    "places_out_of_range": lambda: _("Free places go from 0 to the actor's number of places."),
}


def _message(code: str) -> str:
    found = REFERRAL_ERRORS.get(code)
    return found() if found else code


def _own_region(user) -> str | None:
    membership = Membership.objects.filter(user=user, role=Role.REGIONAL_COORDINATOR, actor__isnull=True).first()
    return membership.region or None if membership else None


# --- The programme's host: find a place, refer, follow the referrals ---------------------------


@allow(Role.COORDINATOR, Role.REGIONAL_COORDINATOR)
def search(request):
    """Find a place: certified actors that can take the person in, her own region first."""
    own = _own_region(request.user)
    query = request.GET.copy()
    if "region" not in query and own:
        query["region"] = own  # her own region, until she chooses another (or all)
    form = SearchForm(query)
    form.is_valid()
    filters = form.filters()
    actors = selectors.places_search(own_region=own, **filters)
    carried = {name: query.getlist(name) for name in CARRIED if query.get(name)}
    source = query.get("from", "")
    if source.isdigit() and len(source) < 12:
        carried["from"] = [source]
    for actor in actors:
        url = reverse("tenants:referral_new", args=[actor.slug])
        actor.refer_url = f"{url}?{urlencode(carried, doseq=True)}" if carried else url
    template = "referrals/search.html#results" if request.htmx else "referrals/search.html"
    return render(request, template, {"form": form, "actors": actors, "can_refer": True})


@allow(Role.COORDINATOR, Role.REGIONAL_COORDINATOR)
def referral_new(request, slug: str):
    """The request to one actor, started from the search's facts (or an earlier request's)."""
    actor = Actor.objects.filter(slug=slug, certification__in=MAY_APPLY).exclude(schema_name="public").first()
    if actor is None:
        raise Http404
    replaces = None
    source = request.POST.get("from") or request.GET.get("from") or ""
    if source.isdigit() and len(source) < 12:
        replaces = selectors.referral_of(request.user, int(source))
    if request.method == "POST":
        form = ReferralForm(request.POST)
    else:
        form = ReferralForm(initial=_initial(request, replaces))
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_send(coordinator=request.user, actor=actor, region=_own_region(request.user) or "",
                                   replaces=replaces, **form.cleaned_data)
        except services.ReferralInvalid as invalid:
            form.add_error(None, _message(invalid.code))
        else:
            messages.success(request, _("The request is sent to %(actor)s.") % {"actor": actor.name})
            return redirect("tenants:referrals")
    return render(request, "referrals/new.html", {"form": form, "actor": actor, "replaces": replaces,
                                                  "contact": _availability_contact(actor)})


def _initial(request, replaces) -> dict:
    if replaces is not None:
        return {name: getattr(replaces, name) for name in (
            "age_group", "gender", "exploitation_forms", "children", "support", "pets", "substance_use", "language",
            "urgency", "authorities", "contact")}
    form = SearchForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    initial = {name: data[name] for name in CARRIED if data.get(name)}
    last = selectors.referrals_of(request.user).first()
    if last is not None:
        initial["contact"] = last.contact  # her contact rarely changes
    return initial


def _availability_contact(actor) -> str:
    availability = getattr(actor, "availability", None) if hasattr(actor, "availability") else None
    return availability.contact if availability is not None else ""


@allow(Role.COORDINATOR, Role.REGIONAL_COORDINATOR)
def referral_list(request):
    """Her referrals and where each stands; never the case behind an accepted one."""
    referrals = list(selectors.referrals_of(request.user)[:200])
    for referral in referrals:
        referral.overdue = services.referral_overdue(referral)
        referral.can_ask_another = (referral.overdue or referral.status == "declined") and \
            not hasattr(referral, "replaced_by")
        if referral.can_ask_another:
            query = {"from": referral.pk, "gender": referral.gender, "age_group": referral.age_group,
                     "support": referral.support, "exploitation_forms": referral.exploitation_forms}
            for name in ("children", "pets", "substance_use"):
                if getattr(referral, name):
                    query[name] = "on" if name != "children" else referral.children
            referral.ask_another_url = "?" + urlencode(query, doseq=True)
    audit_event(user=request.user, action="referrals_view", request=request, count=len(referrals))
    return render(request, "referrals/list.html", {"referrals": referrals, "labels": _labels(),
                                                   "statuses": ReferralStatus.choices})


def _labels() -> dict:
    return {"gender": dict(Gender.choices), "age_group": dict(AgeGroup.choices),
            "support": dict(Support.choices), "urgency": dict(Urgency.choices),
            "authorities": dict(Authority.choices), "forms": dict(ExploitationForm.choices),
            "reasons": dict(DeclineReason.choices)}


# --- An actor's host: free places and the requests to it ------------------------------------


def _actor_or_404() -> Actor:
    """The actor of this host, read afresh: the host's cached actor (portal/tenancy.py) may
    hold free places from before another member's change."""
    actor = current_actor()
    if actor is None:
        raise Http404
    return Actor.objects.get(pk=actor.pk)


@allow(*ACTOR_MEMBERS)
@require_POST
def places(request):
    """Free places now, from the start page (one click up or down, or a number)."""
    actor = _actor_or_404()
    form = PlacesForm(request.POST, limit=services.places_limit(actor))
    if form.is_valid():
        try:
            actor = services.places_update(actor=actor, user=request.user, **form.cleaned_data)
        except services.ReferralInvalid as invalid:
            messages.error(request, _message(invalid.code))
        else:
            messages.success(request, _("Free places now: %(count)s. Regional coordinators see it at once.") % {
                "count": actor.places_free})
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target.startswith("/"):
        target = "/cases/"
    return redirect(target)


@allow(*ACTOR_MEMBERS)
def actor_referrals(request):
    actor = _actor_or_404()
    contact_form = None
    if Role.ACTOR_ADMIN in roles_here(request.user):
        contact_form = ContactForm(request.POST or None, initial={"contact": _availability_contact(actor)})
        if request.method == "POST" and contact_form.is_valid():
            services.contact_update(actor=actor, user=request.user, contact=contact_form.cleaned_data["contact"])
            messages.success(request, _("The contact for referrals is saved."))
            return redirect("referrals_actor:list")
    elif request.method == "POST":
        raise PermissionDenied  # the contact line is the administrator's to set
    referrals = list(selectors.referrals_for(actor)[:200])
    audit_event(user=request.user, action="referrals_view", request=request, actor=actor.slug)
    return render(request, "referrals/actor_list.html", {
        "referrals": referrals, "labels": _labels(), "contact_form": contact_form})


@allow(*ACTOR_MEMBERS)
def actor_referral(request, pk: int):
    """One request: its facts and the coordinator's contact; accept (opens the case) or decline."""
    actor = _actor_or_404()
    referral = selectors.referral_for(actor, pk)
    lang = translation.get_language() or "sv"
    action = request.POST.get("action") if request.method == "POST" else None
    accept = AcceptForm(request.POST if action == "accept" else None, lang=lang, prefix="accept")
    decline = DeclineForm(request.POST if action == "decline" else None, prefix="decline")
    audit_event(user=request.user, action="referral_view", request=request, referral=referral.pk)
    form = accept if action == "accept" else decline if action == "decline" else None
    if form is not None and form.is_valid():
        try:
            if action == "accept":
                referral = services.referral_accept(referral=referral, actor=actor, user=request.user,
                                                    **form.cleaned_data)
                messages.success(request, _("Accepted. Case %(code)s is open, pre-filled from the referral.") % {
                    "code": referral.case_code})
                return redirect("intake:case_detail", code=referral.case_code)
            services.referral_decline(referral=referral, actor=actor, user=request.user, **form.cleaned_data)
            messages.success(request, _("Declined. The coordinator sees your reason and can ask another actor."))
            return redirect("referrals_actor:list")
        except services.ReferralInvalid as invalid:
            form.add_error(None, _message(invalid.code))
    return render(request, "referrals/actor_detail.html", {
        "referral": referral, "accept": accept, "decline": decline, "labels": _labels(),
        "overdue": services.referral_overdue(referral)})

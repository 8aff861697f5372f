"""The administration area's pages (thin: parse, call a selector or a service, render)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.access import allow, current_actor
from portal.accounts import lockout, twofactor
from portal.audit import audit_event
from portal.manage import selectors, services
from portal.manage.forms import AuditFilterForm, UserActionForm
from portal.roles import Role

ADMINS = (Role.ACTOR_ADMIN, Role.COORDINATOR)
PAGE_SIZE = 50
CSV_LIMIT = 50_000


@allow(*ADMINS)
@never_cache
def users(request):
    actor = current_actor()
    if request.method == "POST":
        form = UserActionForm(request.POST)
        target = selectors.user_in_scope(actor, request.POST.get("user", "")) if form.is_valid() else None
        if target is None:
            messages.error(request, _("That user is not one of yours."))
        elif form.cleaned_data["action"] == "unlock":
            services.lockout_lift(by=request.user, user=target)
            messages.success(request, _("%(user)s can log in again.") % {"user": target.username})
        elif not form.cleaned_data["confirm"]:
            messages.error(request, _("Tick the box to confirm the reset."))
        else:
            try:
                services.second_factor_reset(by=request.user, user=target)
            except services.NotAllowed:
                messages.error(request, _("Change your own second factor on your security page."))
            else:
                messages.success(request, _(
                    "%(user)s's second factor is reset: they set up a new one at their next login.") % {
                    "user": target.username})
        return redirect("portal:manage_users")
    people = list(selectors.users_in_scope(actor))
    locked = lockout.locked_usernames(person.username for person in people)
    rows = [{
        "user": person, "locked": person.username in locked,
        "roles": sorted({m.get_role_display() for m in person.memberships.all()
                         if (actor is None and m.actor_id is None) or (actor is not None and m.actor_id == actor.pk)}),
        "devices": len(twofactor.confirmed_devices(person)),
    } for person in people]
    return render(request, "portal/manage/users.html", {"rows": rows, "actor": actor})


def _csv_cell(value) -> str:
    # A spreadsheet would run a cell starting like a formula: neutralise it.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the mark
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return response


@allow(*ADMINS)
@never_cache
def audit_log(request):
    actor = current_actor()
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilters(**form.cleaned_data) if form.is_valid() else selectors.AuditFilters()
    events = selectors.account_events(actor, filters)
    entries = selectors.case_entries(actor, filters)
    export = request.GET.get("export", "")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    where = actor.slug if actor is not None else "nsp"
    if export == "events":
        audit_event(user=request.user, action="audit_exported", request=request, part="events")
        return _csv(f"audit-{where}-accounts-{stamp}.csv",
                    ["at", "user", "roles", "action", "host", "ip", "user_agent", "path", "case_code", "detail"],
                    ([timezone.localtime(e.at).isoformat(), e.username, e.roles, e.action, e.host, e.ip,
                      e.user_agent, e.path, e.case_code, e.detail] for e in events[:CSV_LIMIT]))
    if export == "cases" and entries is not None:
        audit_event(user=request.user, action="audit_exported", request=request, part="cases")
        return _csv(f"audit-{where}-cases-{stamp}.csv",
                    ["at", "user", "roles", "case", "action", "host", "ip", "user_agent", "channel", "detail"],
                    ([timezone.localtime(e.at).isoformat(), e.username, e.roles, e.case_code, e.action, e.host,
                      e.ip, e.user_agent, e.channel, e.detail] for e in entries[:CSV_LIMIT]))
    audit_event(user=request.user, action="audit_viewed", request=request)
    query = request.GET.copy()
    query.pop("events_page", None)
    query.pop("cases_page", None)
    return render(request, "portal/manage/audit.html", {
        "form": form, "actor": actor, "query": query.urlencode(),
        "events": Paginator(events, PAGE_SIZE).get_page(request.GET.get("events_page")),
        "entries": Paginator(entries, PAGE_SIZE).get_page(request.GET.get("cases_page")) if entries is not None else None,
    })

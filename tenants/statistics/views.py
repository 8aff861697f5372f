"""The annual report's statistics for the coordinator: filters, tables, charts, a printable
page and CSV/XLSX downloads (audited). Thin: the selectors count, presenting labels."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone, translation

from portal import exports
from portal.access import allow
from portal.audit import audit_event
from portal.roles import Role
from tenants.statistics import presenting, selectors
from tenants.statistics.forms import StatisticsFilterForm
from tenants.statistics.suppression import publication as for_publication


def _lang() -> str:
    language = (translation.get_language() or "sv").split("-")[0]
    return language if language in ("sv", "en") else "en"


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return sorted(set(selectors.statistics_years()) | {this_year}, reverse=True)


@allow(Role.COORDINATOR)
def statistics_page(request):
    lang = _lang()
    years = _years()
    form = StatisticsFilterForm(request.GET or None, years=years, actors=selectors.actor_choices())
    filters = form.filters(default_year=years[0]) if request.GET else {
        "year": years[0], "actor": None, "region": None, "publication": False}
    stats = selectors.statistics(year=filters["year"], actor=filters["actor"], region=filters["region"], lang=lang)
    if filters["publication"]:
        stats = for_publication(stats, settings.NSP_STATISTICS_SUPPRESSION)
    kind = request.GET.get("format")
    if kind in exports.FORMATS:
        audit_event(user=request.user, action="statistics_export", request=request, format=kind, **filters)
        name = f"nsp-statistik-{filters['year']}" + (f"-{filters['actor']}" if filters["actor"] else "")
        return exports.response(presenting.statistics_sheets(stats, lang), kind, name)
    audit_event(user=request.user, action="statistics_view", request=request, **filters)
    tables = presenting.statistics_tables(stats, lang)
    charts = [presenting.bars(table) for table in tables if table.chart]
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "tenants/statistics/page.html", {
        "form": form, "filters": filters, "stats": stats, "tables": tables, "charts": charts,
        "query": query.urlencode(), "print": request.GET.get("print") == "1",
    })

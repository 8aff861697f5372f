"""The coordinator's budget pages: the years, one year's posts with committed and
remaining, transfers between posts, the chart, CSV/XLSX downloads (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import exports
from portal.access import allow
from portal.audit import audit_event
from portal.roles import Role
from tenants.budget import presenting, selectors, services
from tenants.budget.forms import BudgetCreateForm, TransferForm
from tenants.budget.models import BudgetTransfer

ERRORS = {
    "exists": lambda: _("That year already has a budget."),
    "reason_required": lambda: _("Write why the money is moved."),
    "same_post": lambda: _("Choose another post than the one the money comes from."),
    "not_positive": lambda: _("Move at least 1 kr."),
    "more_than_post": lambda: _("The post does not have that much budgeted."),
    "code_twice": lambda: _("An intervention can belong to one post only."),
}


def _lang() -> str:
    language = (translation.get_language() or "sv").split("-")[0]
    return language if language in ("sv", "en") else "en"


@allow(Role.COORDINATOR)
def budget_list(request):
    lang = _lang()
    form = BudgetCreateForm(request.POST or None, lang=lang)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_create(year=form.cleaned_data["year"], posts=form.posts(), user=request.user,
                                   note=form.cleaned_data["note"])
        except services.BudgetInvalid as invalid:
            form.add_error("year" if invalid.field == "year" else None, ERRORS.get(invalid.code, lambda: invalid.code)())
        else:
            messages.success(request, _("The budget is created."))
            return redirect("tenants:budget_year", year=form.cleaned_data["year"])
    years = [selectors.budget_figures(year=budget.year, lang=lang) for budget in selectors.budgets()]
    return render(request, "tenants/budget/list.html", {"years": years, "form": form})


@allow(Role.COORDINATOR)
def budget_year(request, year: int):
    lang = _lang()
    figures = selectors.budget_figures(year=year, lang=lang)
    if figures.budget is None:
        raise Http404(f"no budget for {year}")
    transfers = list(BudgetTransfer.objects.filter(budget=figures.budget).select_related("from_post", "to_post",
                                                                                        "made_by"))
    kind = request.GET.get("format")
    if kind in exports.FORMATS:
        audit_event(user=request.user, action="budget_export", request=request, year=year, format=kind)
        return exports.response(presenting.budget_sheets(figures, transfers, lang), kind, f"nsp-budget-{year}")
    audit_event(user=request.user, action="budget_view", request=request, year=year)
    return _render_year(request, figures, transfers, TransferForm(budget=figures.budget, lang=lang))


def _render_year(request, figures, transfers, form):
    lang = _lang()
    for transfer in transfers:
        transfer.from_name, transfer.to_name = transfer.from_post.name(lang), transfer.to_post.name(lang)
    charts = [presenting.line_chart(post) for post in figures.posts]
    if figures.unassigned.committed:
        charts.append(presenting.line_chart(figures.unassigned))
    return render(request, "tenants/budget/year.html", {
        "figures": figures, "transfers": transfers, "form": form, "charts": charts})


@allow(Role.COORDINATOR)
@require_POST
def budget_transfer(request, year: int):
    lang = _lang()
    figures = selectors.budget_figures(year=year, lang=lang)
    if figures.budget is None:
        raise Http404(f"no budget for {year}")
    form = TransferForm(request.POST, budget=figures.budget, lang=lang)
    if form.is_valid():
        try:
            services.budget_transfer(from_post=form.cleaned_data["from_post"], to_post=form.cleaned_data["to_post"],
                                     amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"],
                                     user=request.user)
        except services.BudgetInvalid as invalid:
            form.add_error(invalid.field if invalid.field in form.fields else None,
                           ERRORS.get(invalid.code, lambda: invalid.code)())
        else:
            messages.success(request, _("The money is moved."))
            return redirect("tenants:budget_year", year=year)
    transfers = list(BudgetTransfer.objects.filter(budget=figures.budget).select_related("from_post", "to_post",
                                                                                        "made_by"))
    return _render_year(request, figures, transfers, form)

"""The coordinator's pages for programme years: read a year's rules, start a new year
from an old one, change its rates and limits, put it into effect. Thin: the reads and
writes are in tenants.years.selectors and .services."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake.rules import RuleSetError, schema_problems
from portal.access import allow
from portal.roles import Role
from tenants.years import selectors, services
from tenants.years.forms import DeriveForm, ProgrammeYearForm, rule_set_error_text


def _lang() -> str:
    """The engine speaks sv and en; other interface languages read the English rules."""
    language = (translation.get_language() or "sv").split("-")[0]
    return language if language in ("sv", "en") else "en"


def _entry_or_404(year: int) -> selectors.YearEntry:
    entry = selectors.programme_year_entry(year)
    if entry is None:
        raise Http404(f"no programme year {year}")
    return entry


def _invalid_text(error: services.ProgrammeYearInvalid) -> str:
    messages_by_code = {
        "exists": _("The year %(year)s already exists in the portal: open it and change it there."),
        "unknown_year": _("There is no programme year %(year)s to start from."),
        "invalid_year": _("%(year)s cannot be a programme year: %(problem)s"),
        "changed_meanwhile": _("Someone else changed this year while you were editing. "
                               "Here it is as it is now; make your change again."),
        "already_active": _("This year is already in effect."),
        "year_fixed": _("The year of a stored programme year cannot change."),
        "bad_version": _("The version %(version)s does not have the form year.number."),
    }
    template = messages_by_code.get(error.code, error.code)
    return template % error.params if error.params else template


@allow(Role.COORDINATOR)
def year_list(request):
    """Every programme year: built-in files and years kept in the portal."""
    return render(request, "tenants/years/list.html", {"entries": selectors.programme_years()})


@allow(Role.COORDINATOR)
def year_detail(request, year: int):
    """One year's rules in words: interventions, rates, limits, rules and sources."""
    entry = _entry_or_404(year)
    showing_file = request.GET.get("source") == "builtin" and entry.builtin is not None
    ruleset = entry.builtin if showing_file else entry.shown
    page = selectors.explain_for_page(ruleset, _lang()) if ruleset is not None else None
    next_year = selectors.latest_year() + 1
    return render(request, "tenants/years/detail.html", {
        "entry": entry, "page": page, "ruleset": ruleset, "showing_file": showing_file,
        "showing_stored": ruleset is not None and ruleset is entry.stored_rules,
        "derive_form": DeriveForm(initial={"year": next_year}), "next_year": next_year,
    })


@allow(Role.COORDINATOR)
def year_derive(request, year: int):
    """Start a new year (a draft) as a copy of this one."""
    entry = _entry_or_404(year)
    form = DeriveForm(request.POST or None, initial={"year": year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.programme_year_derive(base_year=year, year=form.cleaned_data["year"],
                                                 user=request.user, note=form.cleaned_data["note"])
        except services.ProgrammeYearInvalid as error:
            form.add_error("year" if error.field in ("year", "base_year") else None, _invalid_text(error))
        except RuleSetError as error:
            form.add_error(None, f"{error.path}: {rule_set_error_text(error)}")
        else:
            messages.success(request, _("Programme year %(year)s is started as a draft from %(base)s. "
                                        "Change its rates and limits, then put it into effect.")
                             % {"year": stored.year, "base": stored.based_on_version})
            return redirect("tenants:year_edit", year=stored.year)
    return render(request, "tenants/years/derive.html", {"entry": entry, "form": form},
                  status=400 if form.errors else 200)


@allow(Role.COORDINATOR)
def year_edit(request, year: int):
    """Rates and limits of a stored year, as labelled number inputs."""
    entry = _entry_or_404(year)
    stored = entry.stored
    if stored is None or entry.stored_rules is None:
        raise Http404(f"programme year {year} is not stored in the portal")
    lang = _lang()
    form = ProgrammeYearForm(request.POST or None, year_data=stored.data, lang=lang,
                             initial={"updated_at": stored.updated_at.isoformat()})
    if request.method == "POST" and form.is_valid():
        expected = None
        if form.cleaned_data["updated_at"]:
            try:
                expected = datetime.fromisoformat(form.cleaned_data["updated_at"])
            except ValueError:
                expected = None
        document = form.year_document()
        try:
            updated = services.programme_year_update(
                programme_year=stored, data=document, user=request.user,
                note=form.cleaned_data["note"], expected_updated_at=expected)
        except RuleSetError as error:
            # The service stops at the first problem; show every field the schema refuses.
            for problem in schema_problems(document, source=error.source) or [error]:
                form.add_rule_set_error(problem)
        except services.ProgrammeYearInvalid as error:
            form.add_error(None, _invalid_text(error))
        else:
            if updated.updated_at == stored.updated_at:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("Programme year %(year)s is saved as version %(version)s.")
                                 % {"year": updated.year, "version": updated.version})
            return redirect("tenants:year", year=updated.year)
    return render(request, "tenants/years/edit.html", {
        "entry": entry, "stored": stored, "form": form, "groups": form.bound_groups(),
        "summary": form.error_summary() if form.errors else [],
    }, status=400 if form.errors else 200)


@allow(Role.COORDINATOR)
@require_POST
def year_activate(request, year: int):
    """Put a draft into effect for every recommendation of its year from now on."""
    entry = _entry_or_404(year)
    if entry.stored is None:
        raise Http404(f"programme year {year} is not stored in the portal")
    try:
        activated = services.programme_year_activate(programme_year=entry.stored, user=request.user,
                                                  note=request.POST.get("note", ""))
    except services.ProgrammeYearInvalid as error:
        messages.error(request, _invalid_text(error))
    except RuleSetError as error:
        messages.error(request, f"{error.path}: {rule_set_error_text(error)}")
    else:
        messages.success(request, _("Programme year %(year)s (version %(version)s) is now in effect.")
                         % {"year": activated.year, "version": activated.version})
    return redirect("tenants:year", year=year)

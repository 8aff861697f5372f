"""The programme years the rules engine judges by: the built-in year files, and any year
a coordinator has started or changed in the portal (stored in the public schema)."""

from __future__ import annotations

import threading
from collections.abc import Hashable

from django.db.models.signals import post_delete, post_save

from intake.rules import RuleSet, builtin_rulesets, load_ruleset
from portal.request_memo import forget, per_request


def _forget_in_this_request(**_kwargs) -> None:
    forget()  # a year saved in this request: recommendations after it judge by the new one


post_save.connect(_forget_in_this_request, sender="tenants.ProgrammeYear", dispatch_uid="rulesets_forget_save")
post_delete.connect(_forget_in_this_request, sender="tenants.ProgrammeYear", dispatch_uid="rulesets_forget_delete")


@per_request
def active_rulesets() -> dict[int, RuleSet]:
    """Every year's rule set, the portal's stored version winning over the built-in file
    (once per request: a page that names interventions asks many times)."""
    years = dict(builtin_rulesets())
    years.update(_stored_rulesets())
    return years


def stored_source(year: int) -> str:
    """How a stored year names itself in a RuleSetError and on the coordinator's pages."""
    return f"programme year {year} (database)"


# This runs on every recommendation (and on pages that name interventions), so the
# checked RuleSets are kept per process. One small query per call finds out whether the
# active rows changed since: (pk, updated_at) of each; a save always moves updated_at,
# and a row that stops being active or is deleted changes the set of keys. Other
# processes see a change on their next call, because the key comes from the database.
_lock = threading.Lock()
_loaded: dict[Hashable, RuleSet] = {}


def _stored_rulesets() -> dict[int, RuleSet]:
    from tenants.years.models import ProgrammeYear, ProgrammeYearStatus

    active = ProgrammeYear.objects.filter(status=ProgrammeYearStatus.ACTIVE)
    current = {pk: updated_at for pk, updated_at in active.values_list("pk", "updated_at")}
    with _lock:
        missing = [pk for pk, updated_at in current.items() if (pk, updated_at) not in _loaded]
    fresh: dict[Hashable, RuleSet] = {}
    if missing:
        for pk in missing:
            current.pop(pk)  # back below with the data's own updated_at, if still active
        for pk, updated_at, year, data in active.filter(pk__in=missing).values_list(
                "pk", "updated_at", "year", "data"):
            # Stored data was checked when it was saved; a RuleSetError here means the
            # engine's schema changed since, and it must be loud rather than guessed around.
            fresh[(pk, updated_at)] = load_ruleset(data, source=stored_source(year))
            current[pk] = updated_at
    with _lock:
        _loaded.update(fresh)
        wanted = set(current.items())
        for key in [key for key in _loaded if key not in wanted]:
            del _loaded[key]
        rulesets = [fresh.get(key) or _loaded.get(key) for key in wanted]
    return {ruleset.year: ruleset for ruleset in rulesets if ruleset is not None}


def clear_cache() -> None:
    """Forget the loaded stored years (tests; the next call reloads them)."""
    with _lock:
        _loaded.clear()

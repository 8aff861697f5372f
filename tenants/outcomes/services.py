"""The programme's side of a signed report: one function, called by the actor's side."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db import transaction

from tenants.outcomes.models import ReportOutcome

# A code is a short identifier: anything else (a sentence, a name) is refused, so free
# text cannot reach the programme's schema through this door by mistake.
CODE = re.compile(r"^[a-z0-9_.]{1,64}$")
MAX_OUTCOMES = 40


class OutcomeRefused(ValueError):
    pass


@transaction.atomic
def report_outcome_receive(*, actor, local_id: int, case_code: str, kind: str, period_start: date | None,
                           period_end: date | None, outcomes: dict[str, str], signed_at: datetime,
                           application_local_id: int | None = None) -> ReportOutcome:
    if kind not in ReportOutcome.Kind.values:
        raise OutcomeRefused(f"unknown kind {kind!r}")
    if len(outcomes) > MAX_OUTCOMES or not all(
            isinstance(k, str) and isinstance(v, str) and CODE.match(k) and CODE.match(v) for k, v in outcomes.items()):
        raise OutcomeRefused("outcomes must be codes")
    outcome, _created = ReportOutcome.objects.update_or_create(
        actor=actor, local_id=local_id,
        defaults={"case_code": case_code, "kind": kind, "application_local_id": application_local_id, "period_start": period_start, "period_end": period_end,
                  "outcomes": dict(sorted(outcomes.items())), "signed_at": signed_at},
    )
    return outcome

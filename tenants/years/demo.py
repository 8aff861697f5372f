"""Demo programme years: a 2026 draft started from 2025 by the demo coordinator.

Only a draft: nothing is recommended by it until someone puts it into effect, because
the programme's 2026 rates are not in the seeds. The built-in years are not copied into
the database: a stored copy would hide later corrections of the year files.
"""

from __future__ import annotations

from portal.models import User
from tenants.years import selectors, services
from tenants.years.models import ProgrammeYear

DEMO_YEAR = 2026
DEMO_BASE = 2025


def load() -> None:
    if ProgrammeYear.objects.filter(year=DEMO_YEAR).exists():
        return
    coordinator = User.objects.filter(username="samordnare").first()
    services.programme_year_derive(
        base_year=DEMO_BASE, year=DEMO_YEAR, user=coordinator,
        note="Demo: started from 2025; the rates for 2026 are not decided yet.",
    )

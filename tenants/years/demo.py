"""Demo programme years: 2026, started from 2025 by the demo coordinator and put into effect.

The programme's 2026 rates are not in the seeds; the demo assumes 2025's, so that intakes
made today (and periods running now) can be recommended and followed. Its history says so.
The built-in years are not copied into the database: a stored copy would hide later
corrections of the year files.
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
    draft = services.programme_year_derive(
        base_year=DEMO_BASE, year=DEMO_YEAR, user=coordinator,
        note="Demo: started from 2025; the rates for 2026 are not decided yet.",
    )
    services.programme_year_activate(
        programme_year=draft, user=coordinator,
        note="Demo: put into effect with 2025's rates so that this year's cases can be recommended.",
    )

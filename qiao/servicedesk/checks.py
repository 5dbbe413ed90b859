"""A start-up check: the installed Chinese calendar must know the current year's holidays."""

from __future__ import annotations

import datetime

from django.core import checks
from django.utils import timezone

from qiao.servicedesk import workdays


@checks.register()
def calendar_knows_this_year(app_configs=None, today: datetime.date | None = None, **kwargs):
    year = (today or timezone.localdate()).year
    if workdays.knows(year):
        return []
    return [
        checks.Warning(
            f"chinese-calendar does not know the holidays of {year}: working-day deadlines "
            "fall back to Monday–Friday.",
            hint="Upgrade the chinese-calendar package once the State Council's notice is out.",
            id="servicedesk.W001",
        )
    ]

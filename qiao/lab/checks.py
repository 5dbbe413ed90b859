"""Start-up check: the holiday calendar knows the current year."""

from __future__ import annotations

from django.core import checks


@checks.register()
def holiday_calendar_knows_this_year(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from qiao.lab import clock, holidays

    year = clock.today().year
    if holidays.known(year):
        return []
    return [
        checks.Warning(
            f"chinese-calendar does not know the public holidays of {year}.",
            hint=(
                "Upgrade chinese-calendar. Until then every day of the year follows the "
                "instruments' weekly hours; lab managers enter holidays as closures."
            ),
            id="lab.W001",
        )
    ]

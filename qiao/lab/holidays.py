"""China's public holidays and 调休 working days, from the ``chinese-calendar`` library.

The State Council announces each year's holidays, and which weekend days become working
days (调休) to make up for them, in the November before; ``chinese-calendar`` publishes
them in a release soon after. :func:`day_kind` answers for one date:

* ``HOLIDAY``: a statutory holiday (春节, 国庆节 …), including the weekend days inside one;
* ``WORKDAY_SWAP``: a Saturday or Sunday that is a working day (调休);
* ``ORDINARY``: any other day, a normal weekday or weekend.

For a year the installed library does not know yet, every day is ``ORDINARY``: the lab
opens by its weekly hours, and a lab manager enters the holidays as closures until the
library is upgraded. :func:`known` tells whether a year is covered; the system check
``lab.W001`` warns at start-up when the current year is not.
"""

from __future__ import annotations

import datetime
import enum
from functools import lru_cache

import chinese_calendar
from django.utils.translation import gettext_lazy as _

# The library's English names, in the interface language.
HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
}


class DayKind(enum.StrEnum):
    HOLIDAY = "holiday"
    WORKDAY_SWAP = "workday_swap"
    ORDINARY = "ordinary"


@lru_cache(maxsize=64)
def known(year: int) -> bool:
    """Return whether the installed calendar knows the holidays of ``year``."""
    try:
        chinese_calendar.is_holiday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def day_kind(day: datetime.date) -> DayKind:
    if not known(day.year):
        return DayKind.ORDINARY
    is_holiday, name = chinese_calendar.get_holiday_detail(day)
    if is_holiday and name is not None:
        return DayKind.HOLIDAY
    if not is_holiday and day.weekday() >= 5:
        return DayKind.WORKDAY_SWAP
    return DayKind.ORDINARY


def holiday_name(day: datetime.date) -> str:
    """The holiday's name in the interface language, or that of the one a swap day serves."""
    if not known(day.year):
        return ""
    name = chinese_calendar.get_holiday_detail(day)[1] or ""
    return str(HOLIDAY_NAMES.get(name, name))

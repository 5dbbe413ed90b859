"""Working days by China's official calendar, including the swapped weekends (调休).

A pure module over the ``chinese_calendar`` package, which carries the State Council's
yearly holiday notice. A clock counts working days after the day a request was filed (or
resumed): filed on a holiday or at a weekend, the first working day after it is day 1.
Days the clock was paused (waiting on the firm) do not count.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import chinese_calendar


def known_years() -> range:
    """The years the installed calendar knows (the holiday notice has been published)."""
    holidays = chinese_calendar.holidays
    return range(min(holidays).year, max(holidays).year + 1)


def knows(year: int) -> bool:
    return year in known_years()


def is_working_day(day: datetime.date) -> bool:
    """A working day by the official calendar; beyond the known years, Monday to Friday."""
    if not knows(day.year):
        return day.weekday() < 5
    return bool(chinese_calendar.is_workday(day))


def add_working_days(
    start: datetime.date, days: int, *, skip: Iterable[datetime.date] = ()
) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    skipped = frozenset(skip)
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day) and day not in skipped:
            counted += 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, skip: Iterable[datetime.date] = ()
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end`` <= ``start``)."""
    skipped = frozenset(skip)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day) and day not in skipped:
            count += 1
    return count


def paused_days(pauses: Iterable[tuple[datetime.date, datetime.date | None]],
                today: datetime.date) -> set[datetime.date]:  # fmt: skip
    """Every day inside the pauses ``(from, until)``: from the day after the pause began
    up to and including the day it ended (an open pause runs to ``today``)."""
    days: set[datetime.date] = set()
    for begun, ended in pauses:
        day, last = begun, ended or today
        while day < last:
            day += datetime.timedelta(days=1)
            days.add(day)
    return days

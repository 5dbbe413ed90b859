"""Whether and when an instrument is open on a day: weekly hours, holidays, closures.

In order: a closure the lab manager entered closes the day; then, for an instrument that
follows the public holiday calendar (``Equipment.observes_holidays``), a statutory holiday
closes it and a 调休 working weekend day opens with the hours of a working day (Monday's,
or the first weekday that has hours); otherwise the weekday's hours apply. An instrument
with no weekly hours is open every day from ``opens_at`` to ``closes_at``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.lab.holidays import DayKind, day_kind, holiday_name
from qiao.lab.models import Closure, Equipment

Hours = tuple[datetime.time, datetime.time]


@dataclass(frozen=True)
class DayHours:
    """One day of an instrument: its hours if open, else why it is closed."""

    day: datetime.date
    hours: Hours | None
    kind: DayKind = DayKind.ORDINARY
    note: str = ""  # the holiday, the swapped working day or the closure's reason

    @property
    def is_open(self) -> bool:
        return self.hours is not None


def weekly_hours(equipment: Equipment) -> dict[int, Hours]:
    """Return {weekday: (opens, closes)}: every weekday alike when none are set."""
    rows = {h.weekday: (h.opens_at, h.closes_at) for h in equipment.opening_hours.all()}
    if rows:
        return rows
    return dict.fromkeys(range(7), (equipment.opens_at, equipment.closes_at))


def _working_day_hours(weekly: dict[int, Hours]) -> Hours | None:
    for weekday in range(5):
        if weekday in weekly:
            return weekly[weekday]
    return None


def list_closures(equipment: Equipment, first: datetime.date, last: datetime.date):
    return Closure.objects.filter(
        Q(equipment=equipment)
        | Q(equipment__isnull=True, organisation_id=equipment.organisation_id),
        starts_on__lte=last,
        ends_on__gte=first,
    ).order_by("starts_on", "id")


def days_of(equipment: Equipment, days: Iterable[datetime.date]) -> list[DayHours]:
    """Return the hours of each day (three queries, whatever the number of days)."""
    days = list(days)
    if not days:
        return []
    weekly = weekly_hours(equipment)
    closures = list(list_closures(equipment, min(days), max(days)))
    return [_one_day(equipment, day, weekly, closures) for day in days]


def day_hours(equipment: Equipment, day: datetime.date) -> DayHours:
    return days_of(equipment, [day])[0]


def _one_day(equipment, day, weekly, closures) -> DayHours:
    for closure in closures:
        if closure.starts_on <= day <= closure.ends_on:
            return DayHours(day, None, note=closure.reason or _("Closed by the lab"))
    kind = day_kind(day) if equipment.observes_holidays else DayKind.ORDINARY
    if kind == DayKind.HOLIDAY:
        return DayHours(day, None, kind, holiday_name(day))
    if kind == DayKind.WORKDAY_SWAP:
        note = _("Working day (调休)")
        return DayHours(day, _working_day_hours(weekly), kind, note)
    return DayHours(day, weekly.get(day.weekday()), kind)


def fits(equipment: Equipment, starts_at: datetime.datetime, ends_at: datetime.datetime) -> bool:
    """Whether local [starts_at, ends_at) lies in the open hours (whole open days for day units)."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if equipment.is_daily:
        count = max(1, (end.date() - start.date()).days)
        days = [start.date() + datetime.timedelta(days=i) for i in range(count)]
        return all(d.is_open for d in days_of(equipment, days))
    hours = day_hours(equipment, start.date()).hours
    if hours is None or end.date() != start.date():
        return False
    return hours[0] <= start.time() and end.time() <= hours[1]

"""The week calendar of an instrument: a grid of booking units by day, free or taken.

Cells say only free, taken, maintenance, closed or past to everyone; a cell taken by the viewer's
own booking (or, for lab managers, any booking) carries the booking's id for a link.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qiao.lab import clock
from qiao.lab.hours import DayHours, days_of
from qiao.lab.models import Equipment
from qiao.lab.selectors import BusyInterval, list_busy_intervals


@dataclass(frozen=True)
class Cell:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    state: str  # free, taken, pending, maintenance, closed, past
    booking_id: int | None = None


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    days: list[datetime.date]
    rows: list[tuple[str, list[Cell]]]
    day_hours: list[DayHours]

    @property
    def previous(self) -> datetime.date:
        return self.monday - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=7)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _row_starts(equipment: Equipment, week: list[DayHours]) -> list[datetime.time]:
    """Every whole unit that starts inside some open day of the week, in order."""
    if equipment.is_daily:
        return [datetime.time(0, 0)]
    starts: set[int] = set()
    for day in week:
        if day.hours is None:
            continue
        opens, closes = day.hours
        minute = opens.hour * 60 + opens.minute
        close = closes.hour * 60 + closes.minute
        minute += -minute % equipment.unit_minutes  # the first whole unit after opening
        while minute + equipment.unit_minutes <= close:
            starts.add(minute)
            minute += equipment.unit_minutes
    return [datetime.time(m // 60, m % 60) for m in sorted(starts)]


def _is_open(equipment: Equipment, day: DayHours, start_time: datetime.time) -> bool:
    if day.hours is None:
        return False
    if equipment.is_daily:
        return True
    end = start_time.hour * 60 + start_time.minute + equipment.unit_minutes
    opens, closes = day.hours
    return opens <= start_time and end <= closes.hour * 60 + closes.minute


def _state(busy: list[BusyInterval], start, end, now, visible_ids) -> tuple[str, int | None]:
    for interval in busy:
        if interval.starts_at < end and interval.ends_at > start:
            if interval.is_maintenance:
                return "maintenance", None
            shown = interval.booking_id if interval.booking_id in visible_ids else None
            return ("pending" if interval.status == "pending" else "taken"), shown
    return ("past" if start <= now else "free"), None


def build_week(
    *, equipment: Equipment, monday: datetime.date, visible_booking_ids=frozenset(), now=None
) -> Week:
    """Return the week's grid; ``visible_booking_ids`` are bookings the viewer may open."""
    now = now or clock.now()
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    week_start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    busy = list_busy_intervals(
        equipment=equipment,
        starts_at=week_start,
        ends_at=week_start + datetime.timedelta(days=7),
    )
    week = days_of(equipment, days)
    rows = []
    for start_time in _row_starts(equipment, week):
        cells = []
        for day in week:
            start = timezone.make_aware(datetime.datetime.combine(day.day, start_time))
            end = start + equipment.unit
            state, booking_id = _state(busy, start, end, now, visible_booking_ids)
            if state in ("free", "past") and not _is_open(equipment, day, start_time):
                state = "closed"
            cells.append(Cell(start, end, state, booking_id))
        rows.append((start_time.strftime("%H:%M"), cells))
    return Week(monday, days, rows, week)

"""The week calendar of an instrument: a grid of booking units by day, free or taken.

Cells say only free, taken, maintenance or past to everyone; a cell taken by the viewer's
own booking (or, for lab managers, any booking) carries the booking's id for a link.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qiao.lab.models import Equipment
from qiao.lab.selectors import BusyInterval, list_busy_intervals


@dataclass(frozen=True)
class Cell:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    state: str  # free, taken, pending, maintenance, past
    booking_id: int | None = None


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    days: list[datetime.date]
    rows: list[tuple[str, list[Cell]]]

    @property
    def previous(self) -> datetime.date:
        return self.monday - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=7)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _row_starts(equipment: Equipment) -> list[datetime.time]:
    if equipment.is_daily:
        return [datetime.time(0, 0)]
    starts, minute = [], equipment.opens_at.hour * 60 + equipment.opens_at.minute
    close = equipment.closes_at.hour * 60 + equipment.closes_at.minute
    minute += -minute % equipment.unit_minutes  # the first whole unit after opening
    while minute + equipment.unit_minutes <= close:
        starts.append(datetime.time(minute // 60, minute % 60))
        minute += equipment.unit_minutes
    return starts


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
    now = now or timezone.now()
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    week_start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    busy = list_busy_intervals(
        equipment=equipment,
        starts_at=week_start,
        ends_at=week_start + datetime.timedelta(days=7),
    )
    rows = []
    for start_time in _row_starts(equipment):
        cells = []
        for day in days:
            start = timezone.make_aware(datetime.datetime.combine(day, start_time))
            end = start + equipment.unit
            state, booking_id = _state(busy, start, end, now, visible_booking_ids)
            cells.append(Cell(start, end, state, booking_id))
        rows.append((start_time.strftime("%H:%M"), cells))
    return Week(monday, days, rows)

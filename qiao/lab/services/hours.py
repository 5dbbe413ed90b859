"""The lab manager's calendar: opening hours per weekday, the holiday rule, closures.

Hours and closures are parts of the instrument (or of the lab), written in the instrument's
trail. A closure cannot be laid over held time, like a maintenance window: the page lists
the bookings it would hit and the lab manager cancels them, each booker told why, in the
same step that saves the closure (``services/closures.py``), so nobody is silently shut out.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, policy, writes
from qiao.directory.models import Organisation
from qiao.lab.models import Booking, Closure, Equipment, OpeningHours

__all__ = [
    "add_closure",
    "closure_window",
    "held_bookings",
    "remove_closure",
    "set_opening_hours",
]

Hours = tuple[datetime.time, datetime.time]


def _describe(hours: Mapping[int, Hours]) -> str:
    labels = dict(OpeningHours.Weekday.choices)
    return "; ".join(
        f"{labels[day]} {opens:%H:%M}–{closes:%H:%M}"
        for day, (opens, closes) in sorted(hours.items())
    )


@transaction.atomic
def set_opening_hours(
    *, equipment: Equipment, hours: Mapping[int, Hours | None], observes_holidays: bool, changed_by
) -> None:
    """Replace the weekly hours (a weekday mapped to None is closed) and the holiday rule."""
    policy.authorize(changed_by, "lab.change_opening_hours", equipment)
    wanted = {day: h for day, h in hours.items() if h is not None}
    if not wanted:
        raise ValidationError(_("Open the instrument on at least one weekday."))
    for day, (opens, closes) in wanted.items():
        if not 0 <= day <= 6:
            raise ValidationError(_("Unknown weekday."))
        if opens >= closes:
            raise ValidationError(
                _("%(day)s: the lab must close after it opens.")
                % {"day": OpeningHours.Weekday(day).label}
            )
    before = _describe(
        {h.weekday: (h.opens_at, h.closes_at) for h in equipment.opening_hours.all()}
    )
    equipment.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(equipment=equipment, weekday=day, opens_at=o, closes_at=c)
        for day, (o, c) in sorted(wanted.items())
    )
    audit.record_change(
        instance=equipment,
        actor=changed_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={"opening_hours": (before, _describe(wanted))},
    )
    writes.update(
        equipment,
        actor=changed_by,
        data={"observes_holidays": observes_holidays},
        allowed={"observes_holidays"},
    )


def closure_window(starts_on: datetime.date, ends_on: datetime.date):
    """The closure's days as [first midnight, midnight after the last day) in local time."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(starts_on, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(
        ends_on + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )
    return start, end


def held_bookings(*, organisation_id: int, equipment_id: int | None, starts_on, ends_on):
    """The bookings that hold time on the days of a closure of the lab (or one instrument)."""
    start, end = closure_window(starts_on, ends_on)
    scope = (
        Q(equipment_id=equipment_id)
        if equipment_id
        else Q(equipment__organisation_id=organisation_id)
    )
    return (
        Booking.objects.filter(
            scope,
            status__in=Booking.HOLDING_STATUSES,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .select_related("equipment", "booked_by", "organisation")
        .order_by("starts_at", "id")
    )


def _held_bookings(closure: Closure):
    return held_bookings(
        organisation_id=closure.organisation_id,
        equipment_id=closure.equipment_id,
        starts_on=closure.starts_on,
        ends_on=closure.ends_on,
    )


@transaction.atomic
def add_closure(
    *,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
    equipment: Equipment | None = None,
    created_by,
) -> Closure:
    """Close the lab (or one instrument) on the days given; refused over held bookings."""
    policy.authorize(created_by, "lab.add_closure", organisation)
    if equipment is not None and equipment.organisation_id != organisation.pk:
        raise ValidationError(_("The instrument belongs to another organisation."))
    closure = writes.create(
        Closure,
        actor=created_by,
        data={"starts_on": starts_on, "ends_on": ends_on, "reason": reason[:200]},
        allowed={"starts_on", "ends_on", "reason"},
        fixed={"organisation": organisation, "equipment": equipment, "created_by": created_by},
    )
    held = list(_held_bookings(closure)[:5])
    if held:
        raise ValidationError(
            _("Bookings hold time on these days (%(bookings)s); cancel or move them first.")
            % {
                "bookings": "、".join(
                    f"{b.equipment.name} {timezone.localtime(b.starts_at):%Y-%m-%d %H:%M}"
                    for b in held
                )
            }
        )
    return closure


@transaction.atomic
def remove_closure(*, closure: Closure, removed_by) -> None:
    policy.authorize(removed_by, "lab.remove_closure", closure)
    writes.delete(closure, actor=removed_by)

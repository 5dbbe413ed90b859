"""A closure entered over booked days: cancel the bookings the lab manager was shown, tell
each booker why, and save the closure, all in one transaction (if a booking was made since
the page was shown, the closure is refused and nothing is cancelled)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from qiao.core import policy
from qiao.directory.models import Organisation
from qiao.lab.models import Closure, Equipment
from qiao.lab.services.hours import add_closure, closure_window, held_bookings
from qiao.lab.services.series import settle_affected

__all__ = ["CLOSED", "close_cancelling_bookings"]

CLOSED = gettext_lazy("the lab is closed that day")


@transaction.atomic
def close_cancelling_bookings(
    *,
    organisation: Organisation,
    starts_on,
    ends_on,
    cancel: set[int],
    reason: str = "",
    equipment: Equipment | None = None,
    created_by,
    now=None,
) -> tuple[Closure, int]:
    """Cancel the held bookings named in ``cancel`` (the lab pays no fee: nothing is charged),
    each booker told the closure's reason, then add the closure; return it and the count."""
    policy.authorize(created_by, "lab.add_closure", organisation)
    start, end = closure_window(starts_on, ends_on)
    why = format_lazy("{} ({})", CLOSED, reason.strip()) if reason.strip() else CLOSED
    held = held_bookings(
        organisation_id=organisation.pk,
        equipment_id=equipment.pk if equipment is not None else None,
        starts_on=starts_on,
        ends_on=ends_on,
    ).filter(pk__in=cancel)
    cancelled = 0
    for instrument in Equipment.objects.filter(pk__in=held.values("equipment_id")):
        done, _kept = settle_affected(
            equipment=instrument,
            cancel={b.pk for b in held if b.equipment_id == instrument.pk},
            by=created_by,
            reason=why,
            starts_at=start,
            ends_at=end,
            now=now,
        )
        cancelled += done
    closure = add_closure(
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        equipment=equipment,
        created_by=created_by,
    )
    return closure, cancelled

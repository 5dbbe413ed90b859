"""One approval for a weekly series, and the bookings an outage affects.

A series (``Booking.series``) is asked for once and answered once: the lab manager approves
or declines every week still waiting, and the booker hears one notice. Taking an instrument
out of service, or laying maintenance over booked time, first lists the bookings it hits;
the lab manager cancels or keeps each, and every booker is told which.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qiao.core import policy
from qiao.lab import clock, notifications
from qiao.lab import notices as lab_notices
from qiao.lab.models import Booking, Equipment
from qiao.lab.services.bookings import _locked, _move, _release, _write_transaction
from qiao.lab.services.catalogue import change_equipment_status

__all__ = ["affected_bookings", "decide_series", "take_out_of_service"]

Status = Booking.Status


def decide_series(
    *, equipment: Equipment, series: uuid.UUID, decided_by, approve: bool, note: str = "", now=None
) -> list[Booking]:
    """Approve or decline every week of the series that waits for approval; one notice."""
    now = now or clock.now()
    policy.authorize(decided_by, "lab.decide_booking", Booking(equipment=equipment))

    def work() -> list[Booking]:
        decided = []
        waiting = Booking.objects.filter(equipment=equipment, series=series, status=Status.PENDING)
        for booking in waiting.order_by("starts_at"):
            current = _locked(booking)
            status = Status.CONFIRMED if approve else Status.DECLINED
            _move(
                current,
                by=decided_by,
                data={"status": status, "decision_note": note[:300]},
                stamps={"decided_by": decided_by, "decided_at": now},
            )
            if not approve:
                _release(current, now=now, by=decided_by)
            decided.append(current)
        if not decided:
            raise ValidationError(_("No week of this series waits for approval."))
        notice = lab_notices.SERIES_APPROVED if approve else lab_notices.SERIES_DECLINED
        notifications.tell_booker(notice, decided[0], by=decided_by, weeks=len(decided))
        return decided

    return _write_transaction(work)


def affected_bookings(*, equipment: Equipment, starts_at=None, ends_at=None, now=None):
    """Return the bookings that hold the instrument's time from now (within the window)."""
    now = now or clock.now()
    bookings = Booking.objects.filter(
        equipment=equipment, status__in=Booking.HOLDING_STATUSES, ends_at__gt=now
    )
    if starts_at is not None and ends_at is not None:
        bookings = bookings.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    return bookings.select_related("booked_by", "organisation").order_by("starts_at", "id")


OUT_OF_SERVICE = gettext_lazy("out of service")


def settle_affected(
    *, equipment: Equipment, cancel: set[int], by, reason, starts_at=None, ends_at=None, now=None
) -> tuple[int, int]:
    """Cancel the affected bookings whose ids are in ``cancel`` and keep the others, telling
    each booker which; return (cancelled, kept). The lab cancelling costs nothing."""
    now = now or clock.now()
    policy.authorize(by, "lab.review_impact", equipment)
    words = notifications.in_both_languages(reason)
    cancelled = kept = 0
    for booking in affected_bookings(
        equipment=equipment, starts_at=starts_at, ends_at=ends_at, now=now
    ):
        if booking.pk in cancel:
            _cancel_for_the_lab(booking, by=by, now=now)
            notifications.tell_booker(lab_notices.AFFECTED_CANCELLED, booking, reason=words)
            cancelled += 1
        else:
            notifications.tell_booker(lab_notices.AFFECTED_KEPT, booking, reason=words)
            kept += 1
    return cancelled, kept


def _cancel_for_the_lab(booking: Booking, *, by, now) -> None:
    def work() -> None:
        current = _locked(booking)
        if current.status not in Booking.HOLDING_STATUSES:
            return
        _move(
            current,
            by=by,
            data={"status": Status.CANCELLED, "fee": Decimal("0")},
            stamps={"cancelled_by": by, "cancelled_at": now},
        )
        _release(current, now=now, by=by)

    _write_transaction(work)


@transaction.atomic
def take_out_of_service(
    *, equipment: Equipment, cancel: set[int], changed_by, now=None
) -> tuple[int, int]:
    """Set the instrument out of service and settle its future bookings (cancel or keep)."""
    now = now or clock.now()
    change_equipment_status(
        equipment=equipment, status=Equipment.Status.OUT_OF_SERVICE, changed_by=changed_by
    )
    return settle_affected(
        equipment=equipment, cancel=cancel, by=changed_by, reason=OUT_OF_SERVICE, now=now
    )


MAINTENANCE = gettext_lazy("under maintenance")

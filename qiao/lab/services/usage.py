"""After a booking has started: the booker did not come (the no-show fee) or the lab records
how long the instrument was used (the fee follows from the minutes). Split from
``bookings.py``, whose write transaction and state moves it shares."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qiao.core import policy
from qiao.lab import clock
from qiao.lab.models import Booking
from qiao.lab.services.bookings import _locked, _move, _write_transaction, money

__all__ = ["mark_no_show", "record_usage", "usage_fee"]

Status = Booking.Status


def _check_after_start(booking: Booking, now) -> None:
    if booking.starts_at > now:
        raise ValidationError(_("This booking has not started yet."))
    if hasattr(booking, "statement_line"):
        raise ValidationError(_("This booking is already on a statement."))


def mark_no_show(*, booking: Booking, marked_by, now=None) -> Booking:
    """Record that the booker did not come; the no-show fee is charged."""
    now = now or clock.now()
    policy.authorize(marked_by, "lab.mark_no_show", booking)
    _check_after_start(booking, now)

    def work() -> Booking:
        current = _locked(booking)
        if current.status != Status.CONFIRMED:
            raise ValidationError(_("Only a confirmed booking can be a no-show."))
        fee = money(current.booked_price * current.equipment.no_show_fee_percent / 100)
        _move(
            current,
            by=marked_by,
            data={"status": Status.NO_SHOW, "fee": fee},
            stamps={"usage_recorded_by": marked_by},
        )
        return current

    return _write_transaction(work)


def usage_fee(*, booking: Booking, minutes: int) -> Decimal:
    """Return the fee of ``minutes`` of use: pro rata of the booking's rate per unit."""
    return money(booking.unit_rate * minutes / booking.equipment.unit_minutes)


def record_usage(*, booking: Booking, minutes: int, recorded_by, now=None) -> Booking:
    """Record how long the instrument was actually used; the fee follows from it."""
    now = now or clock.now()
    policy.authorize(recorded_by, "lab.record_usage", booking)
    _check_after_start(booking, now)
    if not 1 <= minutes <= 7 * 24 * 60:
        raise ValidationError({"minutes": _("Give the minutes used, between 1 and 10080.")})

    def work() -> Booking:
        current = _locked(booking)
        if current.status not in (Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW):
            raise ValidationError(_("Use can only be recorded for a confirmed booking."))
        _move(
            current,
            by=recorded_by,
            data={
                "status": Status.COMPLETED,
                "used_minutes": minutes,
                "fee": usage_fee(booking=current, minutes=minutes),
            },
            stamps={"usage_recorded_by": recorded_by},
        )
        return current

    return _write_transaction(work)

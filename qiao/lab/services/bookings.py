"""Booking instruments: requests, approval, cancellation, the waitlist (no-shows and usage:
``usage.py``).

The one rule that must hold under any load: two slots of an instrument never overlap
(``Slot``). Every write that takes time runs in ``_write_transaction``: on SQLite the
transaction begins IMMEDIATE, so writers queue and the overlap check inside it sees every
committed slot; on PostgreSQL the exclusion constraint refuses the loser of a race, which
is caught in a savepoint and answered like any taken time (refused or waitlisted).
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qiao.core import audit, limits, policy, writes
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.lab import benefits, clock, hours, notifications
from qiao.lab.models import Booking, Equipment, Slot
from qiao.lab.policies import BookingRequest, manages
from qiao.lab.selectors import customer_type_for, has_valid_training

__all__ = [
    "accept_offer",
    "book_equipment",
    "book_equipment_series",
    "cancel_booking",
    "decide_booking",
    "expire_offers",
    "offer_freed_time",
]

T = TypeVar("T")
Status = Booking.Status

# SQLite gives up waiting for the write lock after busy_timeout (5 s); PostgreSQL breaks a
# deadlock between two transactions whose new slots each wait on the other's overlapping one
# (the exclusion constraint) by aborting one of them. Either way the request is tried again
# from the start rather than lost.
_LOCK_RETRIES = 20
_RETRY_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure


def _is_transient(error: OperationalError) -> bool:
    if connection.vendor == "sqlite":
        return "locked" in str(error)
    return getattr(error.__cause__, "sqlstate", None) in _RETRY_SQLSTATES


def _write_transaction(work: Callable[[], T]) -> T:
    """Run ``work`` in one write transaction, again when a lock wait or deadlock undid it."""
    for attempt in range(_LOCK_RETRIES):
        try:
            with transaction.atomic():
                return work()
        except OperationalError as error:
            retry = _is_transient(error)
            if not retry or attempt == _LOCK_RETRIES - 1 or connection.in_atomic_block:
                raise
            time.sleep(random.uniform(0.01, 0.1))
    raise AssertionError("unreachable")


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def _conflict(equipment_id: int, starts_at, ends_at, *, exclude_booking: int | None = None):
    slots = Slot.objects.filter(
        equipment_id=equipment_id, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_booking is not None:
        slots = slots.exclude(booking_id=exclude_booking)
    return slots.order_by("starts_at").first()


def _taken_message(slot: Slot) -> str:
    times = {"start": _local(slot.starts_at), "end": _local(slot.ends_at)}
    if slot.maintenance_id:
        return _("The instrument is under maintenance from %(start)s to %(end)s.") % times
    return (
        _(
            "This time is already taken (%(start)s to %(end)s). Choose another time or join the waitlist."
        )
        % times
    )


def _try_hold(booking: Booking) -> Slot | None:
    """Hold the booking's time, or return None if it is taken. Call inside a transaction."""
    if _conflict(booking.equipment_id, booking.starts_at, booking.ends_at) is not None:
        return None
    try:
        # A savepoint: on PostgreSQL a concurrent transaction may have taken the time after
        # the check, and the exclusion constraint refuses this insert.
        with transaction.atomic():
            if booking.pk is None:
                booking.save()
            return Slot.objects.create(
                equipment_id=booking.equipment_id,
                starts_at=booking.starts_at,
                ends_at=booking.ends_at,
                booking=booking,
            )
    except IntegrityError:
        booking.pk = None
        booking._state.adding = True
        if _conflict(booking.equipment_id, booking.starts_at, booking.ends_at) is None:
            raise
        return None


def _check_request(*, equipment: Equipment, starts_at, units: int, now) -> datetime.datetime:
    """Return the end of a valid request; raise ValidationError on the first broken rule."""
    if not equipment.is_bookable:
        raise ValidationError(
            _("%(name)s cannot be booked now (%(status)s).")
            % {"name": equipment.name, "status": equipment.get_status_display()}
        )
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the time with its time zone.")})
    if starts_at <= now:
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    limits.check_date(starts_at, field="starts_at")  # year 9999 + a week would overflow
    if not equipment.min_units <= units <= equipment.max_units:
        raise ValidationError(
            {
                "units": _("Book between %(min)d and %(max)d units of %(unit)s.")
                % {
                    "min": equipment.min_units,
                    "max": equipment.max_units,
                    "unit": equipment.get_unit_minutes_display(),
                }
            }
        )
    local = timezone.localtime(starts_at)
    minute_of_day = local.hour * 60 + local.minute
    if local.second or local.microsecond or minute_of_day % equipment.unit_minutes:
        raise ValidationError(
            {
                "starts_at": _("Bookings start on a whole unit (%(unit)s).")
                % {"unit": equipment.get_unit_minutes_display()}
            }
        )
    ends_at = starts_at + equipment.unit * units
    if not hours.fits(equipment, starts_at, ends_at):
        raise ValidationError({"starts_at": _closed_message(equipment, local.date())})
    return ends_at


def _closed_message(equipment: Equipment, day: datetime.date) -> str:
    today = hours.day_hours(equipment, day)
    if today.hours is None:
        values = {"name": equipment.name, "day": date_format(day, "Y-m-d"), "reason": today.note}
        if today.note:
            return _("%(name)s is closed on %(day)s (%(reason)s).") % values
        return _("%(name)s is closed on %(day)s.") % values
    return _("The lab is open from %(opens)s to %(closes)s.") % {
        "opens": today.hours[0].strftime("%H:%M"),
        "closes": today.hours[1].strftime("%H:%M"),
    }


def _check_may_book(*, user, equipment: Equipment, organisation: Organisation) -> bool:
    """Return whether the user books as the instrument's manager; raise if they may not book.

    The rule is ``lab.book_equipment``; a refusal says why, as a form error (422).
    """
    if policy.allows(user, "lab.book_equipment", BookingRequest(equipment, organisation)):
        return manages(user, equipment)
    if not roles_of(user).member_of:
        raise ValidationError(
            _("Only members of a cluster organisation book online; ask the lab to book for you.")
        )
    raise ValidationError({"organisation": _("Bill the booking to an organisation you belong to.")})


def _check_training(*, user, equipment: Equipment, day: datetime.date) -> None:
    if equipment.requires_training and not has_valid_training(
        user=user, equipment=equipment, day=day
    ):
        raise ValidationError(
            _(
                "%(name)s may only be booked by trained users, and there is no valid training "
                "record for you. Ask the lab manager at %(owner)s to train you first."
            )
            % {"name": equipment.name, "owner": equipment.organisation.name}
        )


def book_equipment(
    *,
    equipment: Equipment,
    booked_by,
    organisation: Organisation,
    starts_at: datetime.datetime,
    units: int,
    purpose: str = "",
    join_waitlist: bool = False,
    series: uuid.UUID | None = None,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Booking:
    """Request the instrument from ``starts_at`` for ``units`` booking units.

    The time is held at once: confirmed, or waiting for approval when the instrument needs
    it (a lab manager's own bookings never wait). When the time is taken the request joins
    the waitlist if ``join_waitlist``, else ValidationError says what holds the time.
    """
    now = now or clock.now()
    by_manager = _check_may_book(user=booked_by, equipment=equipment, organisation=organisation)
    ends_at = _check_request(equipment=equipment, starts_at=starts_at, units=units, now=now)
    if not by_manager:
        _check_training(
            user=booked_by, equipment=equipment, day=timezone.localtime(starts_at).date()
        )
    customer_type = customer_type_for(equipment=equipment, organisation=organisation)
    status = Status.PENDING if equipment.requires_approval and not by_manager else Status.CONFIRMED

    def work() -> Booking:
        booking = Booking(
            equipment=equipment,
            booked_by=booked_by,
            organisation=organisation,
            customer_type=customer_type,
            unit_rate=benefits.discounted_rate(
                equipment.rate_for(customer_type),
                owner_id=equipment.organisation_id,
                customer_id=organisation.pk,
            ),
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=purpose[:300],
            status=status,
            series=series,
        )
        if _try_hold(booking) is None:
            if not join_waitlist:
                slot = _conflict(equipment.pk, starts_at, ends_at)
                raise ValidationError(_taken_message(slot))
            booking.status = Status.WAITLISTED
            booking.save()
        audit.record_change(
            instance=booking, actor=booked_by, action=audit.AuditEntry.Action.CREATED
        )
        if booking.status == Status.PENDING and notify:
            transaction.on_commit(
                partial(notifications.notify_booking_requested, booking_id=booking.pk)
            )
        return booking

    return _write_transaction(work)


def book_equipment_series(
    *, weeks: int, starts_at: datetime.datetime, **request
) -> list[tuple[datetime.datetime, Booking | None, str]]:
    """Book the same time every week for ``weeks`` weeks; each week stands on its own.

    Returns (start, booking or None, why not) per week: a taken week is refused or
    waitlisted like a single booking and does not undo the others.
    """
    if not 1 <= weeks <= 26:
        raise ValidationError({"weeks": _("Repeat for 1 to 26 weeks.")})
    series = uuid.uuid4()
    results = []
    for week in range(weeks):
        start = starts_at + datetime.timedelta(weeks=week)
        try:
            booking = book_equipment(starts_at=start, series=series, notify=False, **request)
            results.append((start, booking, ""))
        except ValidationError as error:
            results.append((start, None, " ".join(error.messages)))
    pending = [b for _start, b, _why in results if b is not None and b.status == Status.PENDING]
    if pending:
        # One request to approve for the whole series, not one per week.
        notifications.notify_series_requested(pending[0], weeks=len(pending))
    return results


# What a booking's own transitions change; the status moves only in these services.
_TRANSITION_FIELDS = {"status", "fee", "offer_expires_at", "used_minutes", "decision_note"}


def _move(booking: Booking, *, by, data: dict, stamps: dict | None = None) -> None:
    """Change the booking's named fields through the write path, audited.

    ``stamps`` are the who-and-when columns (``decided_by``, ``cancelled_at``…): saved with
    the change but not repeated in the trail, whose entry already says who and when.
    """
    for name, value in (stamps or {}).items():
        setattr(booking, name, value)
    writes.update(booking, actor=by, data=data, allowed=_TRANSITION_FIELDS)
    if stamps:
        booking.save(update_fields=[*stamps, "updated_at"])


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("equipment").get(pk=booking.pk)


def _release(booking: Booking, *, now, by) -> None:
    """Free the booking's time and offer it to the waitlist, inside the caller's transaction."""
    Slot.objects.filter(booking=booking).delete()
    offer_freed_time(
        equipment=booking.equipment,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        now=now,
        by=by,
    )


def offer_freed_time(*, equipment: Equipment, starts_at, ends_at, now, by=None) -> list[Booking]:
    """Offer freed time to the waitlisted requests it fits, first come first served.

    An offered request holds its slot until the offer ends (``QIAO_LAB_OFFER_HOURS``, or
    its start if sooner), so nobody else takes it meanwhile. ``by`` is whoever freed the
    time (the trail names them); it runs inside the service that freed it, under its rule.
    """
    waiting = Booking.objects.filter(
        equipment=equipment,
        status=Status.WAITLISTED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
        starts_at__gt=now,
    ).order_by("created_at", "id")
    offered = []
    for candidate in waiting:
        if _try_hold(candidate) is None:
            continue
        expires = min(
            now + datetime.timedelta(hours=settings.QIAO_LAB_OFFER_HOURS), candidate.starts_at
        )
        _move(candidate, by=by, data={"status": Status.OFFERED, "offer_expires_at": expires})
        transaction.on_commit(partial(notifications.notify_slot_offered, booking_id=candidate.pk))
        offered.append(candidate)
    return offered


def decide_booking(
    *, booking: Booking, decided_by, approve: bool, note: str = "", now=None
) -> Booking:
    """Approve or decline a request that waits for approval; declining frees its time."""
    now = now or clock.now()
    policy.authorize(decided_by, "lab.decide_booking", booking)

    def work() -> Booking:
        current = _locked(booking)
        if current.status != Status.PENDING:
            raise ValidationError(_("This booking does not wait for approval."))
        _move(
            current,
            by=decided_by,
            data={
                "status": Status.CONFIRMED if approve else Status.DECLINED,
                "decision_note": note[:300],
            },
            stamps={"decided_by": decided_by, "decided_at": now},
        )
        if not approve:
            _release(current, now=now, by=decided_by)
        notifications.notify_booking_decided(current, by=decided_by)
        return current

    return _write_transaction(work)


def cancellation_fee(*, booking: Booking, by_manager: bool, now) -> Decimal:
    """Return what cancelling now costs: nothing before the deadline or when the lab cancels."""
    if by_manager or booking.status != Status.CONFIRMED:
        return Decimal("0")
    deadline = booking.starts_at - datetime.timedelta(hours=booking.equipment.cancel_deadline_hours)
    if now < deadline:
        return Decimal("0")
    return money(booking.booked_price * booking.equipment.cancel_fee_percent / 100)


def cancel_booking(*, booking: Booking, cancelled_by, now=None) -> Booking:
    """Cancel a request, booking, offer or waitlist place; free its time for the waitlist.

    A booker who cancels a confirmed booking after the instrument's deadline pays the late
    cancellation fee; the lab cancelling costs the booker nothing.
    """
    now = now or clock.now()
    policy.authorize(cancelled_by, "lab.cancel_booking", booking)
    by_manager = manages(cancelled_by, booking.equipment)

    def work() -> Booking:
        current = _locked(booking)
        if current.status not in Booking.CANCELLABLE_STATUSES:
            raise ValidationError(
                _("A booking that is “%(status)s” cannot be cancelled.")
                % {"status": current.get_status_display()}
            )
        if current.starts_at <= now and not by_manager:
            raise ValidationError(_("This booking has started; only the lab can change it now."))
        held = current.status in Booking.HOLDING_STATUSES
        _move(
            current,
            by=cancelled_by,
            data={
                "status": Status.CANCELLED,
                "fee": cancellation_fee(booking=current, by_manager=by_manager, now=now),
            },
            stamps={"cancelled_by": cancelled_by, "cancelled_at": now},
        )
        if held:
            _release(current, now=now, by=cancelled_by)
        transaction.on_commit(
            partial(notifications.notify_booking_cancelled, booking_id=current.pk)
        )
        return current

    return _write_transaction(work)


def accept_offer(*, booking: Booking, accepted_by, now=None) -> Booking:
    """Take the slot offered from the waitlist: it is confirmed, or waits for approval."""
    now = now or clock.now()
    policy.authorize(accepted_by, "lab.accept_offer", booking)

    def work() -> Booking:
        current = _locked(booking)
        if current.status != Status.OFFERED:
            raise ValidationError(_("There is no open offer for this booking."))
        if current.offer_expires_at and current.offer_expires_at <= now:
            raise ValidationError(_("The offer has expired."))
        approval = current.equipment.requires_approval
        status = Status.PENDING if approval else Status.CONFIRMED
        _move(current, by=accepted_by, data={"status": status, "offer_expires_at": None})
        if approval:
            transaction.on_commit(
                partial(notifications.notify_booking_requested, booking_id=current.pk)
            )
        return current

    return _write_transaction(work)


def expire_offers(*, now=None, by=None) -> int:
    """Cancel the waitlist offers nobody took in time and pass their slots on. Idempotent.

    Run by the reminder command as the system (``by=None``), or by an operator.
    """
    now = now or clock.now()
    expired = 0
    for booking_id in Booking.objects.filter(
        status=Status.OFFERED, offer_expires_at__lte=now
    ).values_list("pk", flat=True):

        def work(booking_id=booking_id) -> bool:
            current = (
                Booking.objects.select_for_update().select_related("equipment").get(pk=booking_id)
            )
            if current.status != Status.OFFERED:
                return False
            policy.authorize(by, "lab.expire_offer", current)
            _move(
                current,
                by=by,
                data={"status": Status.CANCELLED},
                stamps={"cancelled_at": now},
            )
            _release(current, now=now, by=by)
            return True

        expired += _write_transaction(work)
    return expired

"""What the lab tells people in their inbox: requests to approve, decisions, waitlist offers.

Each notice is defined once in ``notices.py`` and read in the reader's language.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation

from qiao.directory.models import Membership
from qiao.inbox import notices
from qiao.lab import notices as lab_notices
from qiao.lab.models import Booking


def _managers(booking: Booking):
    memberships = Membership.objects.filter(
        organisation_id=booking.equipment.organisation_id, role=Membership.Role.ADMIN
    ).select_related("user")
    return [m.user for m in memberships]


def notify_booking_requested(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("equipment", "booked_by").get(pk=booking_id)
    notices.send(
        lab_notices.BOOKING_REQUESTED,
        recipients=_managers(booking),
        params=booking_params(booking),
        url=reverse("lab:booking_detail", args=[booking.pk]),
        about=booking,
        exclude=[booking.booked_by],
    )


def booking_params(booking: Booking, **extra) -> dict:
    when = timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M")
    return {"equipment": notices.name_of(booking.equipment), "when": when, **extra}


def tell_booker(notice, booking: Booking, *, by=None, **extra) -> None:
    """Send ``notice`` about the booking to its booker (not if they did it themselves)."""
    notices.send(
        notice,
        recipients=[booking.booked_by],
        params=booking_params(booking, **extra),
        url=reverse("lab:booking_detail", args=[booking.pk]),
        about=booking,
        exclude=[by] if by is not None else [],
    )


def notify_booking_decided(booking: Booking, *, by) -> None:
    approved = booking.status == Booking.Status.CONFIRMED
    tell_booker(lab_notices.BOOKING_APPROVED if approved else lab_notices.BOOKING_DECLINED,
                booking, by=by)  # fmt: skip


def notify_slot_offered(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("equipment", "booked_by").get(pk=booking_id)
    tell_booker(lab_notices.SLOT_OFFERED, booking)


def notify_booking_cancelled(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("equipment", "booked_by").get(pk=booking_id)
    notices.send(
        lab_notices.BOOKING_CANCELLED,
        recipients=[booking.booked_by, *_managers(booking)],
        params=booking_params(booking),
        url=reverse("lab:booking_detail", args=[booking.pk]),
        about=booking,
        exclude=[booking.cancelled_by_id] if booking.cancelled_by_id else [],
    )


def notify_series_requested(first: Booking, *, weeks: int) -> None:
    notices.send(
        lab_notices.SERIES_REQUESTED,
        recipients=_managers(first),
        params=booking_params(first, weeks=weeks, booker=first.booked_by.get_short_name()),
        url=reverse("lab:booking_detail", args=[first.pk]),
        about=f"lab.series:{first.series}",
        exclude=[first.booked_by],
    )


def in_both_languages(text) -> dict[str, str]:
    """A lazy translation as a notice parameter that reads in the reader's language."""
    with translation.override("zh-hans"):
        zh = str(text)
    with translation.override("en"):
        en = str(text)
    return notices.both(zh, en)

"""What the lab tells people in their inbox: requests to approve, decisions, waitlist offers.

Titles are stored in both languages (the inbox shows the reader's); each is made with the
catalogue of its language, and names in that language.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from qiao.directory.models import Membership
from qiao.inbox import notices
from qiao.inbox import services as inbox
from qiao.inbox.models import Notification
from qiao.lab import notices as lab_notices
from qiao.lab.models import Booking


def _title(message: str, booking: Booking, language: str) -> str:
    with translation.override(language):
        equipment = booking.equipment
        name = (equipment.name_en or equipment.name_zh) if language == "en" else equipment.name_zh
        when = timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M")
        return gettext(message) % {"equipment": name, "when": when}


def _notify(message: str, booking: Booking, recipients) -> None:
    inbox.notify(
        recipients=recipients,
        kind=Notification.Kind.LAB_BOOKING,
        title_zh=_title(message, booking, "zh-hans"),
        title_en=_title(message, booking, "en"),
        url=reverse("lab:booking_detail", args=[booking.pk]),
    )


def _managers(booking: Booking):
    memberships = Membership.objects.filter(
        organisation_id=booking.equipment.organisation_id, role=Membership.Role.ADMIN
    ).select_related("user")
    return [m.user for m in memberships]


def notify_booking_requested(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("equipment").get(pk=booking_id)
    message = gettext_noop("Booking of %(equipment)s on %(when)s waits for your approval")
    _notify(message, booking, _managers(booking))


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
    message = gettext_noop(
        "A slot of %(equipment)s on %(when)s is free: accept it before the offer ends"
    )
    _notify(message, booking, [booking.booked_by])


def notify_booking_cancelled(*, booking_id: int) -> None:
    booking = Booking.objects.select_related("equipment", "booked_by").get(pk=booking_id)
    message = gettext_noop("The booking of %(equipment)s on %(when)s was cancelled")
    recipients = [booking.booked_by, *_managers(booking)]
    _notify(message, booking, [u for u in recipients if u.pk != booking.cancelled_by_id])


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

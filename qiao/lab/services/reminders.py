"""E-mail reminders of bookings that start soon."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qiao.core import audit, policy
from qiao.lab.models import Booking

__all__ = ["send_booking_reminders"]


def _message(booking: Booking) -> tuple[str, str]:
    equipment = booking.equipment
    local = timezone.localtime(booking.starts_at)
    name = equipment.name
    subject = _("Reminder: %(equipment)s on %(when)s") % {
        "equipment": name,
        "when": local.strftime("%Y-%m-%d %H:%M"),
    }
    body = "\n".join(
        [
            subject,
            f"{equipment.organisation.name} {equipment.location}",
            f"{local:%Y-%m-%d %H:%M} – {timezone.localtime(booking.ends_at):%H:%M}",
            f"{settings.QIAO_BASE_URL}/lab/bookings/{booking.pk}/",
        ]
    )
    return subject, body


def send_booking_reminders(*, hours: int, now=None, by=None) -> int:
    """E-mail each booker whose confirmed booking starts within ``hours``; once per booking.

    Each booking is claimed by a conditional UPDATE of ``reminded_at`` before its e-mail is
    sent, so running the command again, or twice at once, never sends a reminder twice.
    Each claim is written in the booking's trail; ``by`` is None for the command (the system).
    """
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=hours),
    ).select_related("equipment", "equipment__organisation", "booked_by")
    sent = 0
    for booking in due:
        policy.authorize(by, "lab.send_reminder", booking)
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                audit.record_change(
                    instance=booking,
                    actor=by,
                    action=audit.AuditEntry.Action.CHANGED,
                    changes={"reminded_at": (None, now)},
                )
        if not claimed:
            continue
        with translation.override(booking.booked_by.language):
            subject, body = _message(booking)
        send_mail(subject, body, None, [booking.booked_by.email])
        sent += 1
    return sent

"""Calendar feeds (RFC 5545) of an instrument's taken time and of a person's bookings.

The instrument's feed is public-safe: events say "booked" or "maintenance", never who.
A person's feed holds their own bookings and is reached by a secret URL, so calendar apps
that cannot sign in can subscribe to it. Text goes through ``qiao.core.ics.ics_text``
first, so a name cannot start a property or an event of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from qiao.core.ics import ics_text
from qiao.lab.models import Booking, Equipment, Slot

PRODID = "-//Qiao//Shared lab//ZH"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", ics_text(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(uid: str, summary: str, starts_at, ends_at, *, location: str = "", url: str = ""):
    event = Event()
    event.add("uid", f"{uid}@qiao")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", ics_text(summary))
    if location:
        event.add("location", ics_text(location))
    if url:
        event.add("url", url)
    return event


def equipment_feed(equipment: Equipment, slots: Iterable[Slot]) -> bytes:
    """Return the instrument's taken time as iCalendar, without who took it."""
    calendar = _calendar(equipment.name)
    for slot in slots:
        summary = _("Maintenance") if slot.maintenance_id else _("Booked")
        calendar.add_component(
            _event(f"lab-slot-{slot.pk}", summary, slot.starts_at, slot.ends_at,
                   location=equipment.location)
        )  # fmt: skip
    return calendar.to_ical()


def personal_feed(user, bookings: Iterable[Booking], language: str) -> bytes:
    """Return the person's bookings as iCalendar, in their language."""
    with translation.override(language):
        calendar = _calendar(_("My lab bookings"))
        for booking in bookings:
            equipment = booking.equipment
            summary = f"{equipment.name} ({booking.get_status_display()})"
            calendar.add_component(
                _event(
                    f"lab-booking-{booking.pk}",
                    summary,
                    booking.starts_at,
                    booking.ends_at,
                    location=f"{equipment.organisation.name} {equipment.location}",
                    url=f"{settings.QIAO_BASE_URL}/lab/bookings/{booking.pk}/",
                )
            )
        return calendar.to_ical()

"""A participant's agenda as an iCalendar file (RFC 5545): one VEVENT per meeting and per
programme session, times in UTC. Written with the icalendar library, which escapes the
text and folds the lines; every text value goes through ``qiao.core.ics.ics_text`` first,
so no title can start a property or an event of its own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from qiao.core.ics import ics_text
from qiao.events.models import Event, Meeting, Registration

PRODID = "-//Qiao//Partnering events//ZH"


def _vevent(*, uid: str, start: datetime, end: datetime, summary: str, location: str, now):
    vevent = VEvent()
    vevent.add("uid", ics_text(uid))
    vevent.add("dtstamp", now)
    vevent.add("dtstart", start.astimezone(UTC))
    vevent.add("dtend", end.astimezone(UTC))
    vevent.add("summary", ics_text(summary))
    if location:
        vevent.add("location", ics_text(location))
    return vevent


def agenda_calendar(
    *, event: Event, registration: Registration, meetings: Iterable[Meeting], host: str
) -> bytes:
    """Return the participant's meetings and the event's sessions as an iCalendar file."""
    now = datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ics_text(event.title))
    for meeting in meetings:
        request = meeting.request
        other = request.recipient if request.sender_id == registration.pk else request.sender
        summary = _("Meeting with %(person)s (%(organisation)s)") % {
            "person": other.user.get_full_name() or other.user.email,
            "organisation": other.organisation.name,
        }
        where = _("%(venue)s, table %(table)d") % {"venue": event.venue, "table": meeting.table}
        calendar.add_component(
            _vevent(
                uid=f"meeting-{meeting.request_id}@{host}",
                start=meeting.slot.starts_at,
                end=meeting.slot.ends_at,
                summary=summary,
                location=where,
                now=now,
            )
        )
    for session in event.sessions.all():
        calendar.add_component(
            _vevent(
                uid=f"session-{session.pk}@{host}",
                start=session.starts_at,
                end=session.ends_at,
                summary=session.title,
                location=" · ".join(x for x in (event.venue, session.room) if x),
                now=now,
            )
        )
    return calendar.to_ical()

"""A participant's agenda as an iCalendar file (RFC 5545), written by hand: one VEVENT per
meeting and per programme session, times in UTC, text escaped, lines folded at 75 octets
and ended with CRLF, as the RFC requires."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils.translation import gettext as _

from qiao.events.models import Event, Meeting, Registration


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _vevent(*, uid: str, start: datetime, end: datetime, summary: str, location: str, now: str):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{now}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(end)}",
        f"SUMMARY:{escape(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    lines.append("END:VEVENT")
    return lines


def agenda_calendar(
    *, event: Event, registration: Registration, meetings: Iterable[Meeting], host: str
) -> str:
    now = _stamp(datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Qiao//Partnering events//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(event.title)}",
    ]
    for meeting in meetings:
        request = meeting.request
        other = request.recipient if request.sender_id == registration.pk else request.sender
        summary = _("Meeting with %(person)s (%(organisation)s)") % {
            "person": other.user.get_full_name() or other.user.email,
            "organisation": other.organisation.name,
        }
        where = _("%(venue)s, table %(table)d") % {"venue": event.venue, "table": meeting.table}
        lines += _vevent(
            uid=f"meeting-{meeting.request_id}@{host}",
            start=meeting.slot.starts_at,
            end=meeting.slot.ends_at,
            summary=summary,
            location=where,
            now=now,
        )
    for session in event.sessions.all():
        lines += _vevent(
            uid=f"session-{session.pk}@{host}",
            start=session.starts_at,
            end=session.ends_at,
            summary=session.title,
            location=" · ".join(x for x in (event.venue, session.room) if x),
            now=now,
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

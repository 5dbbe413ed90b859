"""A participant's agenda as an iCalendar file (RFC 5545): one VEVENT per meeting and per
programme session, times in UTC. Written with the icalendar library, which escapes the
text and folds the lines; every text value goes through ``qiao.core.ics.ics_text`` first,
so no title can start a property or an event of its own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from qiao.core.ics import ics_text
from qiao.events.models import Event, Meeting, MeetingRequest, Registration

PRODID = "-//Qiao//Partnering events//ZH"


def _vevent(
    *,
    uid: str,
    start: datetime,
    end: datetime,
    summary: str,
    location: str,
    now,
    sequence: int | None = None,
    status: str = "",
):
    vevent = VEvent()
    vevent.add("uid", ics_text(uid))
    vevent.add("dtstamp", now)
    vevent.add("dtstart", start.astimezone(UTC))
    vevent.add("dtend", end.astimezone(UTC))
    vevent.add("summary", ics_text(summary))
    if location:
        vevent.add("location", ics_text(location))
    if sequence is not None:
        vevent.add("sequence", sequence)
    if status:
        vevent.add("status", status)
    return vevent


def agenda_calendar(
    *,
    event: Event,
    registration: Registration,
    meetings: Iterable[Meeting],
    host: str,
    withdrawn: Iterable[MeetingRequest] = (),
    as_told: bool = False,
) -> bytes:
    """Return the participant's meetings and the event's sessions as an iCalendar file.

    Each meeting keeps one UID for its life (``meeting-<request id>@host``) and carries its
    revision as SEQUENCE; ``withdrawn`` requests whose meeting had been announced come as
    STATUS:CANCELLED under the same UID, so a subscribed calendar removes them. ``as_told``
    (the subscription feed) places meetings where the last announcement said.
    """
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
        slot = meeting.told_slot if as_told and meeting.told_slot else meeting.slot
        table = meeting.told_table if as_told and meeting.told_table else meeting.table
        where = _("%(venue)s, table %(table)d") % {"venue": event.venue, "table": table}
        calendar.add_component(
            _vevent(
                uid=f"meeting-{meeting.request_id}@{host}",
                start=slot.starts_at,
                end=slot.ends_at,
                summary=summary,
                location=where,
                now=now,
                sequence=request.sequence,
                status="CONFIRMED",
            )
        )
    for request in withdrawn:
        other = request.recipient if request.sender_id == registration.pk else request.sender
        calendar.add_component(
            _vevent(
                uid=f"meeting-{request.pk}@{host}",
                start=request.withdrawn_slot.starts_at,
                end=request.withdrawn_slot.ends_at,
                summary=_("Cancelled: meeting with %(person)s (%(organisation)s)")
                % {
                    "person": other.user.get_full_name() or other.user.email,
                    "organisation": other.organisation.name,
                },
                location=event.venue,
                now=now,
                sequence=request.sequence,
                status="CANCELLED",
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


FEED_SALT = "qiao.events.agenda-feed"


def feed_token(registration: Registration) -> str:
    """The participant's subscription token: their registration id and a keyed hash of it,
    so the URL works without signing in and cannot be guessed for another registration."""
    digest = salted_hmac(
        FEED_SALT, f"{registration.pk}:{registration.user_id}", algorithm="sha256"
    ).hexdigest()
    return f"{registration.pk}-{digest[:40]}"


def registration_id_of(token: str, lookup) -> Registration | None:
    """The registration a token names, if the token is genuine (``lookup(pk)`` loads it)."""
    pk, _sep, _digest = token.partition("-")
    if not pk.isdigit():
        return None
    registration = lookup(int(pk))
    if registration is None or not constant_time_compare(feed_token(registration), token):
        return None
    return registration

"""The agenda's iCalendar file: titles never inject properties or events."""

import datetime

import pytest
from icalendar import Calendar

from qiao.events import services
from qiao.events.tests.factories import make_participant

pytestmark = pytest.mark.django_db

EVIL_EVENT = "x\rATTENDEE:evil"
EVIL_SESSION = "路演\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT"


@pytest.fixture
def participant(event, operator):
    services.update_event(event=event, updated_by=operator, title_zh=EVIL_EVENT)
    services.add_session(
        event=event,
        added_by=operator,
        title_zh=EVIL_SESSION,
        room="A厅\rLOCATION:evil",
        starts_at=datetime.datetime(2026, 12, 3, 6, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 12, 3, 7, 0, tzinfo=datetime.UTC),
    )
    return make_participant(event, approve_by=operator).user


def test_a_carriage_return_in_a_title_injects_nothing(client_of, event, participant):
    response = client_of(participant).get(f"/events/{event.pk}/agenda.ics")

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    # icalendar parses X- properties without unescaping them: read the written line.
    assert b"X-WR-CALNAME:x\\nATTENDEE:evil" in response.content.split(b"\r\n")
    assert "ATTENDEE" not in calendar
    (session,) = calendar.walk("VEVENT")
    assert sorted(session.keys()) == ["DTEND", "DTSTAMP", "DTSTART", "LOCATION", "SUMMARY", "UID"]
    assert session["SUMMARY"] == EVIL_SESSION.replace("\r\n", "\n")
    assert session["LOCATION"].endswith("A厅\nLOCATION:evil")
    lines = response.content.split(b"\r\n")
    assert not any(line.startswith((b"ATTENDEE", b"LOCATION:evil")) for line in lines)
    assert lines.count(b"BEGIN:VEVENT") == 1


def test_the_api_file_is_the_same_calendar(client_of, event, participant):
    response = client_of(participant).get(f"/api/events/{event.pk}/agenda.ics")

    calendar = Calendar.from_ical(response.content)
    assert [e["SUMMARY"] for e in calendar.walk("VEVENT")] == [EVIL_SESSION.replace("\r\n", "\n")]


def test_long_chinese_lines_are_folded_within_75_octets(client_of, event, operator, participant):
    services.update_event(event=event, updated_by=operator, title_zh="嘉定生物医药产业对接会" * 5)
    body = client_of(participant).get(f"/events/{event.pk}/agenda.ics").content

    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert (
        Calendar.from_ical(body)["X-WR-CALNAME"].to_ical().decode() == "嘉定生物医药产业对接会" * 5
    )

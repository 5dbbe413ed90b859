"""The lab's calendar feeds write names as escaped text: a line break injects nothing."""

import pytest
from icalendar import Calendar

from qiao.lab import services
from qiao.lab.tests.factories import at, make_equipment, next_monday

pytestmark = pytest.mark.django_db


def test_a_carriage_return_in_an_instrument_name_injects_nothing(
    client_of, organisation, operator, other_member, other_organisation
):
    instrument = make_equipment(
        organisation=organisation,
        by=operator,
        name_zh="显微镜\rATTENDEE:evil",
        location="3号楼\r\nBEGIN:VEVENT",
    )
    monday = next_monday()
    services.book_equipment(
        equipment=instrument, booked_by=other_member, organisation=other_organisation,
        starts_at=at(monday, 9), units=1,
    )  # fmt: skip

    feed = client_of(None).get(f"/lab/equipment/{instrument.pk}/calendar.ics")

    lines = feed.content.split(b"\r\n")
    assert b"X-WR-CALNAME:\xe6\x98\xbe\xe5\xbe\xae\xe9\x95\x9c\\nATTENDEE:evil" in lines
    assert not any(line.startswith(b"ATTENDEE") for line in lines)
    assert lines.count(b"BEGIN:VEVENT") == 1
    (event,) = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["LOCATION"]) == "3号楼\nBEGIN:VEVENT"

"""Reminders go out once per booking, in the booker's language, only for the next hours."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from qiao.lab import services
from qiao.lab.tests.factories import make_equipment

pytestmark = pytest.mark.django_db


def test_reminders_are_sent_once_for_bookings_starting_soon(
    organisation, operator, other_member, other_organisation
):
    equipment = make_equipment(organisation=organisation, by=operator, unit_minutes=30,
                               opens_at=datetime.time(0, 0), closes_at=datetime.time(23, 30))  # fmt: skip
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    soon = services.book_equipment(
        equipment=equipment, booked_by=other_member, organisation=other_organisation,
        starts_at=now + datetime.timedelta(hours=2), units=1, now=now,
    )  # fmt: skip
    services.book_equipment(
        equipment=equipment, booked_by=other_member, organisation=other_organisation,
        starts_at=now + datetime.timedelta(hours=50), units=1, now=now,
    )  # fmt: skip
    other_member.language = "en"
    other_member.save()

    out = StringIO()
    call_command("send_lab_reminders", "--hours", "24", stdout=out)
    call_command("send_lab_reminders", "--hours", "24", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 reminders sent, 0 offers expired",
        "0 reminders sent, 0 offers expired",
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [other_member.email]
    assert mail.outbox[0].subject.startswith("Reminder: Confocal laser scanning microscope on ")
    assert f"/lab/bookings/{soon.pk}/" in mail.outbox[0].body

"""Events keep a sane length and slot count; rules and their slots change together or not."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qiao.events import services
from qiao.events.models import EventRules, MeetingSlot

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _event_body(organisation, starts_on, ends_on):
    return {
        "organiser_id": organisation.pk,
        "kind": "matchmaking",
        "title_zh": "对接会",
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def test_event_from_year_0001_to_9999_is_refused(client, operator, organisation):
    client.force_login(operator)
    body = _event_body(organisation, "0001-01-01", "9999-12-31")

    response = client.post("/api/events/", body, content_type="application/json", **EN)

    assert response.status_code in (400, 422)


def test_event_longer_than_the_limit_is_refused(operator, organisation, settings):
    with pytest.raises(ValidationError, match="at most 14 days"):
        services.create_event(
            created_by=operator,
            organiser=organisation,
            kind="matchmaking",
            title_zh="一年的对接会",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
        )


def test_rules_making_too_many_slots_are_refused_with_nothing_saved(event, operator, settings):
    settings.QIAO_EVENT_MAX_SLOTS = 5
    slots_before = list(MeetingSlot.objects.filter(event=event).values_list("pk", flat=True))

    with pytest.raises(ValidationError, match="at most 5"):
        services.change_rules(event=event, changed_by=operator, meeting_minutes=5, break_minutes=0)

    assert EventRules.objects.get(event=event).meeting_minutes == 20
    assert list(MeetingSlot.objects.filter(event=event).values_list("pk", flat=True)) == (
        slots_before
    )


def test_patch_rules_answering_422_saves_nothing(client, event, operator):
    client.force_login(operator)

    response = client.patch(
        f"/api/events/{event.pk}/rules",
        {"meeting_minutes": 240},
        content_type="application/json",
        **EN,
    )

    assert response.status_code == 422
    assert EventRules.objects.get(event=event).meeting_minutes == 20
    assert MeetingSlot.objects.filter(event=event).count() == 4

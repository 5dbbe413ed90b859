"""Correcting the set-up: sessions within the event's days, items edited and removed from
the organiser's page (refused, with the reason, where something depends on them), and
registrations decided in bulk with their notices."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qiao.core.audit import AuditEntry
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.events import services
from qiao.events.models import Exhibitor, MeetingSlot, Registration, Session, Zone
from qiao.events.tests.factories import make_participant
from qiao.events.tests.helpers import BUDGET

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def _at(day, hour):
    return datetime.datetime(2026, 12, day, hour, 0, tzinfo=SHANGHAI)


def test_a_session_outside_the_events_days_is_refused_and_nothing_kept(event, operator):
    entries = AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(ValidationError, match="within the event"):
        services.add_session(
            event=event,
            added_by=operator,
            title_zh="晚宴",
            starts_at=_at(4, 18),
            ends_at=_at(4, 20),
        )
    assert not Session.objects.filter(event=event).exists()
    assert AuditEntry.objects.count() == entries


def test_a_session_is_edited_and_removed_from_the_page(event, operator, client_of):
    session = services.add_session(
        event=event, added_by=operator, title_zh="开幕", starts_at=_at(3, 13), ends_at=_at(3, 14)
    )
    client = client_of(operator)
    url = f"/events/{event.pk}/setup/session/{session.pk}/"
    prefix = f"session-{session.pk}"
    moved = {
        f"{prefix}-title_zh": "开幕致辞",
        f"{prefix}-starts_at": "2026-12-05T13:00",
        f"{prefix}-ends_at": "2026-12-05T14:00",
        "action": "save",
    }
    client.post(url, moved)
    session.refresh_from_db()
    assert session.title_zh == "开幕"  # the 5th is outside the event: refused, unchanged
    client.post(
        url,
        {
            **moved,
            f"{prefix}-starts_at": "2026-12-03T15:00",
            f"{prefix}-ends_at": "2026-12-03T15:30",
        },
    )
    session.refresh_from_db()
    assert (session.title_zh, session.starts_at) == ("开幕致辞", _at(3, 15))
    client.post(url, {"action": "remove"})
    assert not Session.objects.filter(pk=session.pk).exists()


def test_moving_the_event_away_from_its_sessions_is_refused(event, operator):
    services.add_session(
        event=event, added_by=operator, title_zh="开幕", starts_at=_at(3, 13), ends_at=_at(3, 14)
    )
    with translation.override("en"), pytest.raises(ValidationError, match="1 session"):
        services.update_event(
            event=event,
            updated_by=operator,
            starts_on=datetime.date(2026, 12, 10),
            ends_on=datetime.date(2026, 12, 10),
        )
    event.refresh_from_db()
    assert event.starts_on == datetime.date(2026, 12, 3)


def test_a_slot_with_a_meeting_cannot_be_removed_or_shrunk(event, operator):
    a = make_participant(event, approve_by=operator)
    b = make_participant(event, approve_by=operator)
    request = services.send_request(sender=a, recipient=b, sent_by=a.user)
    services.answer_request(request=request, answered_by=b.user, accept=True)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    taken = request.meeting.slot
    free = MeetingSlot.objects.filter(event=event).exclude(pk=taken.pk).first()
    with translation.override("en"), pytest.raises(ValidationError, match="1 meeting is planned"):
        services.remove_slot(slot=taken, removed_by=operator)
    services.remove_slot(slot=free, removed_by=operator)
    assert not MeetingSlot.objects.filter(pk=free.pk).exists()
    services.update_slot(slot=taken, updated_by=operator, tables=request.meeting.table)
    if request.meeting.table > 1:
        with pytest.raises(ValidationError):
            services.update_slot(slot=taken, updated_by=operator, tables=request.meeting.table - 1)


def test_zones_and_exhibitors_are_edited_and_removed(event, operator, client_of):
    zone = services.add_zone(event=event, added_by=operator, name_zh="影像区")
    exhibitor = services.add_exhibitor(
        zone=zone, added_by=operator, organisation=OrganisationFactory(), booth="A1"
    )
    client = client_of(operator)
    client.post(
        f"/events/{event.pk}/setup/exhibitor/{exhibitor.pk}/",
        {f"exhibitor-{exhibitor.pk}-booth": "B2", "action": "save"},
    )
    exhibitor.refresh_from_db()
    assert exhibitor.booth == "B2"
    client.post(
        f"/events/{event.pk}/setup/zone/{zone.pk}/",
        {
            f"zone-{zone.pk}-name_zh": "医学影像区",
            f"zone-{zone.pk}-name_en": "Imaging",
            "action": "save",
        },
    )
    zone.refresh_from_db()
    assert (zone.name_zh, zone.name_en) == ("医学影像区", "Imaging")
    client.post(f"/events/{event.pk}/setup/zone/{zone.pk}/", {"action": "remove"})
    assert not Zone.objects.filter(pk=zone.pk).exists()
    assert not Exhibitor.objects.filter(pk=exhibitor.pk).exists()


def test_others_cannot_touch_the_setup(event, operator, client_of, member):
    zone = services.add_zone(event=event, added_by=operator, name_zh="影像区")
    response = client_of(member).post(
        f"/events/{event.pk}/setup/zone/{zone.pk}/", {"action": "remove"}
    )
    assert response.status_code == 404
    assert Zone.objects.filter(pk=zone.pk).exists()


def test_bulk_decisions_with_notices(
    event, operator, organisation, client_of, django_capture_on_commit_callbacks
):
    admin = make_member(organisation, role=Membership.Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        people = [make_participant(event) for _ in range(4)]
    received = admin.notifications.get()
    assert received.count == 4
    assert received.title_in("zh-hans").startswith(f"{event.title_zh}收到 4 个报名（最新：")
    assert received.title_in("en") == f"4 new registrations for {event.title_en}"

    client = client_of(admin)
    url = f"/events/{event.pk}/registrations/decide/"
    client.post(url, {"registration": [people[0].pk, people[1].pk], "decision": "decline"})
    assert Registration.objects.filter(status=Registration.Status.PENDING).count() == 4  # no reason
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"registration": [people[0].pk, people[1].pk], "decision": "approve"})
        client.post(
            url,
            {
                "registration": [people[2].pk, people[3].pk],
                "decision": "decline",
                "reason": "名额已满",
            },
        )
    statuses = [Registration.objects.get(pk=p.pk).status for p in people]
    assert statuses == ["approved", "approved", "declined", "declined"]
    approved = people[0].user.notifications.get()
    assert approved.title_in("en") == f"Your registration for {event.title_en} was approved"
    declined = people[2].user.notifications.get()
    assert declined.title_in("zh-hans") == f"您报名的{event.title_zh}未获批准：名额已满"


def test_a_bulk_approval_beyond_capacity_approves_none(event, operator):
    services.update_event(event=event, updated_by=operator, capacity=1)
    people = [make_participant(event) for _ in range(2)]
    with translation.override("en"), pytest.raises(ValidationError, match="full"):
        services.decide_registrations(
            event=event, registrations=people, decided_by=operator, approve=True
        )
    assert Registration.objects.filter(status=Registration.Status.APPROVED).count() == 0

"""Meetings after the fact: what can no longer be withdrawn, who hears of a withdrawal or a
move, announcements of only what changed, the calendar subscription, no-shows per person,
the organiser following their event's introductions, and the event report."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar
from openpyxl import load_workbook

from qiao.directory.models import Membership
from qiao.directory.tests.factories import make_member
from qiao.events import calendar, services
from qiao.events.models import Meeting, MeetingRequest
from qiao.events.tests.factories import approved, make_event
from qiao.events.tests.helpers import BUDGET

pytestmark = pytest.mark.django_db


def _accepted(sender, recipient):
    request = services.send_request(sender=sender, recipient=recipient, sent_by=sender.user)
    return services.answer_request(request=request, answered_by=recipient.user, accept=True)


@pytest.fixture
def admin(organisation):
    """An admin of the organising organisation: an organiser who is not an operator."""
    return make_member(organisation, role=Membership.Role.ADMIN)


@pytest.fixture
def planned(event, admin):
    a, b, c, d = approved(event, 4, approve_by=admin)
    first, second = _accepted(a, b), _accepted(c, d)
    services.plan_meetings(event=event, planned_by=admin, **BUDGET)
    services.announce_meetings(event=event, announced_by=admin)
    return (a, b, c, d), (first, second)


@pytest.mark.parametrize("status", ["held", "no_show"])
def test_a_held_or_missed_meeting_cannot_be_withdrawn(planned, admin, status):
    (a, b, _c, _d), (first, _second) = planned
    services.mark_meeting(meeting=first.meeting, marked_by=admin, status=status)
    for side in (a, b):
        with translation.override("en"), pytest.raises(ValidationError, match="no longer"):
            services.cancel_request(request=first, cancelled_by=side.user)
    first.refresh_from_db()
    assert first.status == MeetingRequest.Status.ACCEPTED
    assert Meeting.objects.filter(request=first).exists()


def test_cancelling_a_registration_keeps_its_held_meetings(planned, admin):
    (a, _b, _c, _d), (first, _second) = planned
    services.mark_meeting(meeting=first.meeting, marked_by=admin, status="held")
    services.cancel_registration(registration=a, cancelled_by=a.user)
    assert Meeting.objects.get(request=first).status == "held"


def test_withdrawing_an_announced_meeting_tells_the_other_side_and_the_organiser(
    planned, admin, operator, django_capture_on_commit_callbacks
):
    (a, b, c, _d), (first, _second) = planned
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_request(request=first, cancelled_by=a.user, reason="行程冲突")
    told = b.user.notifications.get()
    assert told.notice == "events.meeting_withdrawn"
    assert a.user.get_full_name() in told.title_in("zh-hans")
    assert "withdrew the meeting" in told.title_in("en")
    assert admin.notifications.filter(notice="events.meeting_withdrawn").count() == 1
    assert not a.user.notifications.filter(notice="events.meeting_withdrawn").exists()
    assert not c.user.notifications.filter(notice="events.meeting_withdrawn").exists()
    first.refresh_from_db()
    assert (first.status, first.sequence, first.withdrawn_slot_id is not None) == (
        "cancelled",
        1,
        True,
    )


def test_announcing_again_sends_only_what_changed(
    event, planned, admin, django_capture_on_commit_callbacks
):
    (a, b, c, d), _requests = planned
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce_meetings(event=event, announced_by=admin) == 0
    assert mail.outbox == []
    e, f = approved(event, 2, approve_by=admin)
    _accepted(e, f)
    services.plan_meetings(event=event, planned_by=admin, **BUDGET)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce_meetings(event=event, announced_by=admin) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([e.user.email, f.user.email])
    assert e.user.notifications.get().notice == "events.meetings_changed"
    assert not a.user.notifications.filter(notice="events.meetings_changed").exists()


def test_a_moved_meeting_is_announced_again_with_a_new_revision(
    event, planned, admin, django_capture_on_commit_callbacks
):
    (a, b, _c, _d), (first, _second) = planned
    meeting = first.meeting
    other_slot = event.slots.filter(meetings__isnull=True).first()
    # A re-plan that moved it (rules allowing moves): the slot differs from the one told.
    Meeting.objects.filter(pk=meeting.pk).update(slot=other_slot)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce_meetings(event=event, announced_by=admin) == 1
    first.refresh_from_db()
    assert first.sequence == 1
    assert {m.to[0] for m in mail.outbox[-2:]} == {a.user.email, b.user.email}


def test_the_calendar_feed_cancels_withdrawn_meetings_by_uid(client, event, planned):
    (a, b, _c, _d), (first, second) = planned
    token = calendar.feed_token(a)
    assert client.get(f"/events/feeds/{token}x.ics").status_code == 404
    assert client.get(f"/events/feeds/{calendar.feed_token(b)[:-1]}0.ics").status_code == 404
    before = Calendar.from_ical(client.get(f"/events/feeds/{token}.ics").content)
    (vevent,) = before.walk("VEVENT")
    uid = str(vevent["UID"])
    assert (vevent["STATUS"], vevent["SEQUENCE"]) == ("CONFIRMED", 0)
    services.cancel_request(request=first, cancelled_by=b.user)
    after = Calendar.from_ical(client.get(f"/events/feeds/{token}.ics").content)
    (cancelled,) = after.walk("VEVENT")
    assert (str(cancelled["UID"]), cancelled["STATUS"], cancelled["SEQUENCE"]) == (
        uid,
        "CANCELLED",
        1,
    )


def test_the_agenda_page_shows_the_participants_own_feed(client_of, event, planned):
    (a, _b, _c, _d), _requests = planned
    page = client_of(a.user).get(f"/events/{event.pk}/agenda/").content.decode()
    assert f"/events/feeds/{calendar.feed_token(a)}.ics" in page


def test_no_shows_count_per_person_across_events(planned, admin, organisation, client_of):
    (a, b, c, d), (first, second) = planned
    services.mark_meeting(
        meeting=first.meeting, marked_by=admin, status="no_show", absent="recipient"
    )
    services.mark_meeting(meeting=second.meeting, marked_by=admin, status="no_show")
    later = make_event(organiser_user=admin, organiser=organisation, title_zh="第二场对接会")
    from qiao.events.tests.factories import make_participant

    again = make_participant(later, organisation=b.organisation, approve_by=admin)
    x = make_participant(later, approve_by=admin)
    request = services.send_request(sender=x, recipient=again, sent_by=x.user)
    services.answer_request(request=request, answered_by=again.user, accept=True)
    services.plan_meetings(event=later, planned_by=admin, **BUDGET)
    services.mark_meeting(
        meeting=Meeting.objects.get(request=request),
        marked_by=admin,
        status="no_show",
        absent="sender",
    )
    page = client_of(admin).get(f"/events/{planned_event(first)}/manage/").content.decode()

    def shown(registration):
        return page.split(f'data-testid="no-shows-{registration.user.email}">')[1].split("<")[0]

    assert [shown(r) for r in (a, b, c, d)] == ["0", "1", "1", "1"]


def planned_event(request):
    return request.event_id


def test_the_organiser_follows_the_introductions_their_event_produced(
    event, planned, admin, client_of
):
    (a, b, _c, _d), (first, second) = planned
    for request in (first, second):
        services.mark_meeting(meeting=request.meeting, marked_by=admin, status="held")
    assert services.introduce_held_meetings(event=event, introduced_by=admin) == 2
    client = client_of(admin)
    listing = client.get("/pipeline/introductions/").content.decode()
    assert a.organisation.name_zh in listing and b.organisation.name_zh in listing
    introduction_id = Meeting.objects.get(request=first).introduction_id
    detail = client.get(f"/pipeline/introductions/{introduction_id}/")
    assert detail.status_code == 200
    assert 'id="messages"' not in detail.content.decode()  # the parties' thread is theirs
    # An admin of another organisation does not.
    outsider = make_member(
        a.organisation.__class__.objects.exclude(
            pk__in=[event.organiser_id, a.organisation_id, b.organisation_id]
        ).first(),
        role=Membership.Role.ADMIN,
    )
    assert client_of(outsider).get(f"/pipeline/introductions/{introduction_id}/").status_code == 404


def test_the_event_report_on_the_page_and_in_excel(event, planned, admin, client_of):
    (a, b, _c, _d), (first, second) = planned
    services.mark_meeting(meeting=first.meeting, marked_by=admin, status="held")
    services.mark_meeting(meeting=second.meeting, marked_by=admin, status="no_show")
    services.introduce_held_meetings(event=event, introduced_by=admin)
    client = client_of(admin)
    page = client.get(f"/events/{event.pk}/report/")
    assert page.status_code == 200
    with translation.override("en"):
        figures = dict(page.context["report"].rows())
    assert figures["Meeting requests sent"] == 2
    assert figures["Meetings held"] == 1
    assert figures["Meetings missed (no-show)"] == 1
    assert figures["People who missed a meeting"] == 2
    assert figures["Introductions from held meetings"] == 1
    response = client.get(f"/events/{event.pk}/report.xlsx")
    workbook = load_workbook(filename=__import__("io").BytesIO(response.content))
    sheet, intros = workbook.worksheets
    rows = [tuple(c.value for c in row) for row in intros.iter_rows()]
    assert rows[1][:2] == (a.organisation.name_zh, b.organisation.name_zh)
    assert client_of(a.user).get(f"/events/{event.pk}/report/").status_code == 404

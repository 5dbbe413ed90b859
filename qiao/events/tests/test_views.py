"""Pages of events through the test client: who may see what, the whole flow, the files."""

import re
from datetime import UTC

import pytest
from django.utils import timezone

from qiao.directory.models import Membership
from qiao.directory.tests.factories import UserFactory, make_member
from qiao.events import services
from qiao.events.models import Meeting, MeetingRequest, Registration
from qiao.events.tests.factories import approved, make_event, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(operator, organisation):
    return make_event(
        organiser_user=operator, organiser=organisation, published=False, title_zh="内部草稿活动"
    )


@pytest.fixture
def planned(event, operator):
    """Two approved participants with an accepted request (and a private message), planned."""
    a, b = approved(event, 2, approve_by=operator)
    request = services.send_request(
        sender=a, recipient=b, sent_by=a.user, message="机密：想谈一下授权价格"
    )
    services.answer_request(request=request, answered_by=b.user, accept=True)
    services.plan_meetings(event=event, planned_by=operator, time_limit=2)
    return a, b


# who: operator, org_admin (organiser's admin), member (organiser's member), other admin,
# a participant, a stranger, anonymous
ROLES = ["operator", "org_admin", "member", "other_admin", "participant", "stranger", "anonymous"]


def _user(role, request, planned):
    if role == "anonymous":
        return None
    if role == "participant":
        return planned[0].user
    if role == "stranger":
        return UserFactory()
    if role == "other_admin":
        return make_member(
            request.getfixturevalue("other_organisation"), role=Membership.Role.ADMIN
        )
    return request.getfixturevalue(role)


# page → roles that get 200 (others 404, or a redirect to sign in for anonymous)
MATRIX = {
    "draft": {"operator", "org_admin"},
    "manage": {"operator", "org_admin"},
    "board": {"operator", "org_admin"},
    "detail": set(ROLES),
    "agenda": {"participant"},
    "other_agenda": {"operator", "org_admin"},
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, request, client_of, event, draft, planned):
    user = _user(role, request, planned)
    client = client_of(user)
    urls = {
        "draft": f"/events/{draft.pk}/",
        "manage": f"/events/{event.pk}/manage/",
        "board": f"/events/{event.pk}/board/",
        "detail": f"/events/{event.pk}/",
        "agenda": f"/events/{event.pk}/agenda/",
        "other_agenda": f"/events/{event.pk}/agenda/{planned[1].pk}/",
    }
    for page, url in urls.items():
        response = client.get(url)
        if role in MATRIX[page]:
            assert response.status_code == 200, (page, role)
        elif user is None and page not in ("draft", "detail"):
            assert response.status_code == 302, (page, role)
        else:
            assert response.status_code == 404, (page, role)
    listing = client.get("/events/").content.decode()
    assert ("内部草稿活动" in listing) == (role in MATRIX["draft"])


@pytest.mark.parametrize("role", ["member", "stranger", "other_admin"])
def test_others_cannot_read_or_answer_a_request(role, request, client_of, planned):
    a, b = planned
    meeting_request = MeetingRequest.objects.get()
    client = client_of(_user(role, request, planned))
    response = client.post(f"/events/requests/{meeting_request.pk}/answer/", {"decision": "cancel"})
    assert response.status_code == 404
    assert MeetingRequest.objects.get().status == "accepted"


def test_messages_stay_between_the_two_sides(client_of, event, operator, planned):
    a, b = planned
    third = make_participant(event, approve_by=operator)
    for user, sees in ((a.user, True), (b.user, True), (third.user, False)):
        page = client_of(user).get(f"/events/{event.pk}/meetings/").content.decode()
        assert ("机密：想谈一下授权价格" in page) == sees
    # Nor through the API.
    body = client_of(third.user).get(f"/api/events/{event.pk}/requests").content.decode()
    assert "机密" not in body


def test_register_approve_request_accept_plan_through_pages(
    client_of, event, operator, other_organisation
):
    one = make_member(other_organisation)
    two_org = make_participant(event).organisation  # an organisation with a pending colleague
    two = make_member(two_org)
    for user, org in ((one, other_organisation), (two, two_org)):
        response = client_of(user).post(f"/events/{event.pk}/register/", {"organisation": org.pk})
        assert response.status_code == 302
    organiser = client_of(operator)
    for user in (one, two):
        registration = Registration.objects.get(user=user)
        organiser.post(
            f"/events/{event.pk}/registrations/{registration.pk}/decide/", {"decision": "approve"}
        )
    assert Registration.objects.filter(status="approved").count() == 2
    target = Registration.objects.get(user=two)
    client_of(one).post(
        f"/events/{event.pk}/meetings/request/",
        {"recipient": target.pk, "message": "你好", "priority": 3},
    )
    meeting_request = MeetingRequest.objects.get()
    assert (meeting_request.priority, meeting_request.message) == (3, "你好")
    client_of(two).post(f"/events/requests/{meeting_request.pk}/answer/", {"decision": "accept"})
    organiser.post(f"/events/{event.pk}/plan/", {"action": "plan"})
    meeting = Meeting.objects.get()
    board = organiser.get(f"/events/{event.pk}/board/").content.decode()
    assert f'data-testid="meeting-{meeting.pk}"' in board
    agenda = client_of(one).get(f"/events/{event.pk}/agenda/").content.decode()
    assert timezone.localtime(meeting.slot.starts_at).strftime("%H:%M") in agenda


def test_decline_without_reason_says_so_in_chinese(client_of, planned, event, operator):
    a, b = planned
    c = make_participant(event, approve_by=operator)
    meeting_request = services.send_request(sender=c, recipient=a, sent_by=c.user)
    client = client_of(a.user)
    response = client.post(
        f"/events/requests/{meeting_request.pk}/answer/",
        {"decision": "decline", "reason": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "请说明谢绝的理由" in response.content.decode()
    assert MeetingRequest.objects.get(pk=meeting_request.pk).status == "pending"


def test_ics_file_is_valid_rfc5545(client_of, event, planned):
    a, b = planned
    response = client_of(a.user).get(f"/events/{event.pk}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    lines = body.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    meeting = Meeting.objects.get()
    stamp = meeting.slot.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{stamp}" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert re.search(r"SUMMARY:.*" + re.escape(b.organisation.name_zh), unfolded)
    assert f"UID:meeting-{meeting.request_id}@" in unfolded


def test_participant_marks_unavailable_slots_and_planning_respects_them(client_of, event, operator):
    a, b = approved(event, 2, approve_by=operator)
    slots = list(event.slots.order_by("starts_at"))
    # a cannot make any slot but the last; a slot of another event is ignored.
    other = make_event(organiser_user=operator, organiser=event.organiser, title_zh="另一场")
    foreign = other.slots.first()
    client = client_of(a.user)
    response = client.post(
        f"/events/{event.pk}/meetings/availability/",
        {"unavailable": [s.pk for s in slots[:-1]] + [foreign.pk]},
    )
    assert response.status_code == 302
    assert set(a.unavailable_slots.values_list("pk", flat=True)) == {s.pk for s in slots[:-1]}
    request = services.send_request(sender=b, recipient=a, sent_by=b.user)
    services.answer_request(request=request, answered_by=a.user, accept=True)
    services.plan_meetings(event=event, planned_by=operator, time_limit=2)
    assert Meeting.objects.get(event=event).slot == slots[-1]
    page = client.get(f"/events/{event.pk}/meetings/").content.decode()
    assert page.count("checked") == len(slots) - 1


def test_organiser_lowers_capacity_only_to_what_is_approved(client_of, event, operator):
    approved(event, 2, approve_by=operator)
    client = client_of(operator)
    data = {
        "action": "event",
        "event-kind": event.kind,
        "event-title_zh": "改名后的对接会",
        "event-starts_on": "2026-12-03",
        "event-ends_on": "2026-12-03",
        "event-capacity": "1",
        "event-registration_open": "on",
    }
    page = client.post(
        f"/events/{event.pk}/manage/", data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "已有 2 人获批，名额不能再少" in page
    event.refresh_from_db()
    assert (event.capacity, event.title_zh) == (None, "嘉定生物医药产业对接会")
    data["event-capacity"] = "5"
    assert client.post(f"/events/{event.pk}/manage/", data).status_code == 302
    event.refresh_from_db()
    assert (event.capacity, event.title_zh) == (5, "改名后的对接会")


def test_check_in_mark_held_and_introduce_through_pages(client_of, event, operator, planned):
    from qiao.pipeline.models import Introduction

    a, b = planned
    meeting = Meeting.objects.get()
    # A participant cannot mark their own meeting, nor check themselves in.
    participant = client_of(a.user)
    assert (
        participant.post(
            f"/events/{event.pk}/board/{meeting.pk}/mark/", {"status": "held"}
        ).status_code
        == 404
    )
    participant.post(f"/events/{event.pk}/registrations/{a.pk}/decide/", {"decision": "check_in"})
    a.refresh_from_db()
    assert a.checked_in_at is None
    organiser = client_of(operator)
    organiser.post(f"/events/{event.pk}/registrations/{a.pk}/decide/", {"decision": "check_in"})
    a.refresh_from_db()
    assert a.checked_in_at is not None
    organiser.post(f"/events/{event.pk}/board/{meeting.pk}/mark/", {"status": "held"})
    assert Meeting.objects.get().status == "held"
    response = organiser.post(f"/events/{event.pk}/plan/", {"action": "introduce"}, follow=True)
    introduction = Introduction.objects.get()
    assert Meeting.objects.get().introduction == introduction
    assert introduction.broker == operator
    assert "1 场已举行的会面已转为引荐" in response.content.decode()
    # The organisations' members find it in their pipeline.
    page = client_of(b.user).get(f"/pipeline/introductions/{introduction.pk}/")
    assert page.status_code == 200


def test_agenda_marks_meetings_provisional_until_announced(client_of, event, operator, planned):
    a, _b = planned
    client = client_of(a.user)
    page = client.get(f"/events/{event.pk}/agenda/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="provisional"' in page
    services.announce_meetings(event=event, announced_by=operator)
    page = client.get(f"/events/{event.pk}/agenda/").content.decode()
    assert 'data-testid="provisional"' not in page


def test_organiser_adds_zones_and_exhibitors_shown_on_the_event(
    client_of, event, operator, other_organisation, member
):
    client = client_of(operator)
    client.post(
        f"/events/{event.pk}/manage/",
        {"action": "zone", "zone-name_zh": "体外诊断展区", "zone-name_en": "IVD zone"},
    )
    zone = event.zones.get()
    data = {
        "action": "exhibitor",
        "exhibitor-zone": zone.pk,
        "exhibitor-organisation": other_organisation.pk,
        "exhibitor-booth": "A12",
    }
    assert client.post(f"/events/{event.pk}/manage/", data).status_code == 302
    again = client.post(f"/events/{event.pk}/manage/", data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "该机构已在此展区参展" in again.content.decode()
    assert zone.exhibitor_set.count() == 1
    page = client_of(None).get(f"/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "IVD zone" in text and other_organisation.name_en in text and "A12" in text
    # A member of the organising organisation (not its admin) cannot add zones.
    client_of(member).post(f"/events/{event.pk}/manage/", {"action": "zone", "zone-name_zh": "X"})
    assert event.zones.count() == 1

"""The events API on the real database: rights as on the pages, errors in the caller's language."""

import json

import pytest

from qiao.events import services
from qiao.events.models import Event, Meeting, MeetingRequest, Registration
from qiao.events.tests.factories import approved, make_participant
from qiao.events.tests.helpers import BUDGET

pytestmark = pytest.mark.django_db


def _post(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def test_organiser_creates_event_sets_rules_and_plans(client_of, operator, organisation):
    client = client_of(operator)
    response = _post(
        client,
        "/api/events/",
        {
            "organiser_id": organisation.pk,
            "kind": "matchmaking",
            "title_zh": "医疗器械创新对接会",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-10",
        },
    )
    assert response.status_code == 201, response.content
    event_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    response = client.patch(
        f"/api/events/{event_id}/rules",
        json.dumps({"tables": 3, "day_starts_at": "09:00", "day_ends_at": "10:00"}),
        content_type="application/json",
    )
    assert response.status_code == 204
    event = Event.objects.get(pk=event_id)
    assert event.slots.count() == 2  # 09:00 and 09:25 with 20 + 5 minutes
    assert set(event.slots.values_list("tables", flat=True)) == {3}
    response = _post(client, f"/api/events/{event_id}/status", {"status": "published"})
    assert response.json()["status"] == "published"
    event.refresh_from_db()
    a, b = approved(event, 2, approve_by=operator)
    request = services.send_request(sender=a, recipient=b, sent_by=a.user)
    response = _post(
        client_of(b.user), f"/api/events/requests/{request.pk}/answer", {"accept": True}
    )
    assert response.json()["status"] == "accepted"
    response = _post(client, f"/api/events/{event_id}/schedule", {})
    assert response.status_code == 200
    assert response.json()["meetings"] == 1
    board = client.get(f"/api/events/{event_id}/schedule").json()
    assert len(board) == 1 and board[0]["request_id"] == request.pk
    agenda = client_of(a.user).get(f"/api/events/{event_id}/agenda").json()
    assert agenda[0]["id"] == board[0]["id"]
    ics = client_of(a.user).get(f"/api/events/{event_id}/agenda.ics")
    assert ics.content.decode().count("BEGIN:VEVENT") == 1


def test_members_cannot_create_events_or_plan(client_of, member, organisation, event):
    response = _post(
        client_of(member),
        "/api/events/",
        {
            "organiser_id": organisation.pk,
            "kind": "forum",
            "title_zh": "论坛",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-10",
        },
    )
    assert response.status_code == 403
    assert _post(client_of(member), f"/api/events/{event.pk}/schedule", {}).status_code == 404
    assert Event.objects.count() == 1


def test_register_approve_and_full_event_through_api(client_of, operator, event):
    services.update_event(event=event, updated_by=operator, capacity=1)
    first, second = make_participant(event), make_participant(event)
    organiser = client_of(operator)
    url = f"/api/events/{event.pk}/registrations/{{}}/decision"
    assert _post(organiser, url.format(first.pk), {"approve": True}).json()["status"] == "approved"
    response = _post(organiser, url.format(second.pk), {"approve": True}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "The event is full" in response.json()["errors"]["__all__"][0]
    assert Registration.objects.get(pk=second.pk).status == "pending"


def test_quota_error_in_chinese_and_nothing_saved(client_of, operator, event):
    kind = services.add_participant_type(
        event=event, added_by=operator, name_zh="投资机构", request_quota=1
    )
    sender = make_participant(event, approve_by=operator, participant_type=kind)
    others = [make_participant(event, approve_by=operator, participant_type=kind) for _ in range(2)]
    client = client_of(sender.user)
    url = f"/api/events/{event.pk}/requests"
    assert _post(client, url, {"recipient_id": others[0].pk}).status_code == 201
    response = _post(client, url, {"recipient_id": others[1].pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    assert "约见请求已用完" in response.json()["errors"]["__all__"][0]
    assert MeetingRequest.objects.count() == 1


def test_draft_is_hidden_from_members(client_of, member, operator, organisation):
    from qiao.events.tests.factories import make_event

    draft = make_event(organiser_user=operator, organiser=organisation, published=False)
    assert client_of(member).get(f"/api/events/{draft.pk}").status_code == 404
    assert draft.pk not in [e["id"] for e in client_of(member).get("/api/events/").json()]
    assert client_of(operator).get(f"/api/events/{draft.pk}").status_code == 200


def test_registrations_hidden_until_approved(client_of, operator, event):
    a = make_participant(event, approve_by=operator)
    pending = make_participant(event)
    assert client_of(pending.user).get(f"/api/events/{event.pk}/registrations").json() == []
    names = [r["id"] for r in client_of(a.user).get(f"/api/events/{event.pk}/registrations").json()]
    assert names == [a.pk]
    assert not Meeting.objects.exists()


def test_check_in_mark_announce_introduce_through_api(client_of, operator, event):
    from qiao.pipeline.models import Introduction

    a, b = approved(event, 2, approve_by=operator)
    request = services.send_request(sender=a, recipient=b, sent_by=a.user)
    services.answer_request(request=request, answered_by=b.user, accept=True)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    meeting = Meeting.objects.get()
    organiser, participant = client_of(operator), client_of(a.user)
    base = f"/api/events/{event.pk}"
    # Participants may do none of it.
    assert _post(participant, f"{base}/registrations/{a.pk}/check-in", {}).status_code == 404
    assert _post(participant, f"{base}/schedule/announce", {}).status_code == 404
    assert (
        _post(participant, f"{base}/meetings/{meeting.pk}/status", {"status": "held"}).status_code
        == 404
    )
    response = _post(organiser, f"{base}/registrations/{a.pk}/check-in", {"present": True})
    assert response.json()["checked_in_at"] is not None
    assert _post(organiser, f"{base}/schedule/announce", {}).json() == {"count": 1}
    response = _post(organiser, f"{base}/meetings/{meeting.pk}/status", {"status": "held"})
    assert response.json()["status"] == "held"
    assert _post(organiser, f"{base}/introductions", {}).json() == {"count": 1}
    assert Introduction.objects.get().status == Introduction.Status.MEETING_HELD
    bad = _post(organiser, f"{base}/meetings/{meeting.pk}/status", {"status": "lost"})
    assert bad.status_code == 422


def test_recommendations_need_an_approved_registration(client_of, operator, event):
    pending = make_participant(event)
    response = client_of(pending.user).get(
        f"/api/events/{event.pk}/recommendations", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "not been approved" in response.json()["errors"]["__all__"][0]
    a = make_participant(event, approve_by=operator)
    assert client_of(a.user).get(f"/api/events/{event.pk}/recommendations").json() == []


def test_a_no_show_through_the_api_names_who_did_not_come(client_of, event, operator):
    a, b = approved(event, 2, approve_by=operator)
    request = services.send_request(sender=a, recipient=b, sent_by=a.user)
    services.answer_request(request=request, answered_by=b.user, accept=True)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    meeting = request.meeting
    response = client_of(operator).post(
        f"/api/events/{event.pk}/meetings/{meeting.pk}/status",
        {"status": "no_show", "absent": "recipient"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["absent"]) == ("no_show", "recipient")

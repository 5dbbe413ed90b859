"""The organiser's tools over the API: the same services as the pages, so the same refusals
and reasons; unseen events 404, non-organisers 404, a write token works without CSRF."""

import json

import pytest
from django.test import Client

from qiao.accounts import tokens
from qiao.core.audit import AuditEntry
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.events import services
from qiao.events.models import Exhibitor, ParticipantType, Registration, Session, Zone
from qiao.events.report import build_report
from qiao.events.tests.factories import approved, make_event, make_participant

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _send(client, method, url, data=None):
    body = json.dumps(data) if data is not None else ""
    call = getattr(client, method)
    return call(url, body, content_type="application/json", **EN)


def _text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


@pytest.fixture
def admin(organisation):
    return make_member(organisation, role=Membership.Role.ADMIN)


def test_organiser_sets_up_the_event_over_a_bearer_token(admin, organisation, event):
    _token, secret = tokens.create_token(by=admin, name="OA", scope="write", days=30)
    api = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    base = f"/api/events/{event.pk}"

    firm = _send(api, "post", f"{base}/participant-types", {"name_zh": "企业", "name_en": "Firm"})
    assert firm.status_code == 201, firm.content
    hospital = _send(
        api,
        "post",
        f"{base}/participant-types",
        {"name_zh": "医院", "may_ask_ids": [firm.json()["id"]]},
    )
    firm_id, hospital_id = firm.json()["id"], hospital.json()["id"]
    assert hospital.json()["may_ask_ids"] == [firm_id]
    patched = _send(api, "patch", f"{base}/participant-types/{firm_id}", {"request_quota": 3})
    assert patched.json()["request_quota"] == 3 and patched.json()["name_zh"] == "企业"

    # The rule table: read, replaced as a whole, read back the same way as the page.
    assert api.get(f"{base}/rule-table").json() == {
        "open": False,
        "pairs": [{"asker_id": hospital_id, "asked_id": firm_id}],
    }
    pairs = [{"asker_id": firm_id, "asked_id": hospital_id}]
    assert _send(api, "put", f"{base}/rule-table", {"pairs": pairs}).json()["pairs"] == pairs
    assert services.rule_table(event.pk).pairs == {(firm_id, hospital_id)}
    other = make_event(organiser_user=admin, organiser=organisation)
    foreign = ParticipantType.objects.create(event=other, name_zh="外")
    refused = _send(
        api, "put", f"{base}/rule-table", {"pairs": [{"asker_id": foreign.pk, "asked_id": firm_id}]}
    )
    assert refused.status_code == 422 and "not of this event" in _text(refused)

    # A session outside the event's days is refused with the page's reason; inside it is kept.
    outside = {
        "title_zh": "开幕",
        "starts_at": "2027-01-05T09:00+08:00",
        "ends_at": "2027-01-05T10:00+08:00",
    }
    response = _send(api, "post", f"{base}/sessions", outside)
    assert response.status_code == 422
    assert "within the event's days (2026-12-03 – 2026-12-03)" in _text(response)
    assert not Session.objects.filter(event=event).exists()
    inside = {**outside, "starts_at": "2026-12-03T09:00+08:00", "ends_at": "2026-12-03T10:00+08:00"}
    session_id = _send(api, "post", f"{base}/sessions", inside).json()["id"]
    moved = _send(
        api, "patch", f"{base}/sessions/{session_id}", {"ends_at": "2026-12-03T08:00+08:00"}
    )
    assert moved.status_code == 422 and "end after it starts" in _text(moved)
    assert (
        _send(api, "patch", f"{base}/sessions/{session_id}", {"room": "A1"}).json()["room"] == "A1"
    )
    assert [s["id"] for s in api.get(f"{base}/sessions").json()] == [session_id]
    assert api.delete(f"{base}/sessions/{session_id}").status_code == 204

    # Zones and exhibitors.
    zone_id = _send(api, "post", f"{base}/zones", {"name_zh": "影像"}).json()["id"]
    assert (
        _send(api, "put", f"{base}/zones/{zone_id}", {"name_zh": "医学影像"}).json()["name_zh"]
        == "医学影像"
    )
    exhibitor = _send(
        api,
        "post",
        f"{base}/exhibitors",
        {"zone_id": zone_id, "organisation_id": organisation.pk, "booth": "A-1"},
    )
    assert exhibitor.status_code == 201
    again = _send(
        api, "post", f"{base}/exhibitors", {"zone_id": zone_id, "organisation_id": organisation.pk}
    )
    assert again.status_code == 422 and "already exhibits" in _text(again)
    exhibitor_id = exhibitor.json()["id"]
    assert (
        _send(api, "patch", f"{base}/exhibitors/{exhibitor_id}", {"booth": "B-2"}).json()["booth"]
        == "B-2"
    )
    assert api.delete(f"{base}/exhibitors/{exhibitor_id}").status_code == 204
    assert api.delete(f"{base}/zones/{zone_id}").status_code == 204
    assert not Zone.objects.filter(event=event).exists() and not Exhibitor.objects.exists()

    # A type someone registered as cannot be removed: the count says why.
    make_participant(event, participant_type=ParticipantType.objects.get(pk=firm_id))
    response = api.delete(f"{base}/participant-types/{firm_id}", **EN)
    assert response.status_code == 422
    assert "1 registration takes part as this type" in _text(response)
    assert api.delete(f"{base}/participant-types/{hospital_id}").status_code == 204
    # Each change is audited as the token's owner.
    assert AuditEntry.objects.filter(actor=admin, content_type__model="session").count() >= 3


def test_others_get_404_and_drafts_stay_hidden(admin, organisation, event, member):
    draft = make_event(organiser_user=admin, organiser=organisation, published=False)
    outsider = Client()
    outsider.force_login(make_member(OrganisationFactory(), role=Membership.Role.ADMIN))
    participant = make_participant(event, approve_by=admin)
    as_participant = Client()
    as_participant.force_login(participant.user)
    for client in (outsider, as_participant):
        for url in ("participant-types", "rule-table", "report"):
            assert client.get(f"/api/events/{event.pk}/{url}").status_code == 404
        response = _send(client, "post", f"/api/events/{event.pk}/zones", {"name_zh": "展区"})
        assert response.status_code == 404
        assert client.get(f"/api/events/{draft.pk}/sessions").status_code == 404
    # The published programme is anyone's to read (as the event's page); the draft's only
    # the organiser's.
    for path in ("sessions", "zones", "exhibitors"):
        assert Client().get(f"/api/events/{event.pk}/{path}").status_code == 200
        assert Client().get(f"/api/events/{draft.pk}/{path}").status_code == 404
    organiser = Client()
    organiser.force_login(admin)
    assert organiser.get(f"/api/events/{draft.pk}/sessions").status_code == 200
    assert not Zone.objects.exists()


def test_bulk_decisions_feed_url_and_report(admin, event, client_of):
    organiser = client_of(admin)
    first, second = make_participant(event), make_participant(event)
    url = f"/api/events/{event.pk}/registrations/decide"
    ids = [first.pk, second.pk]
    no_reason = _send(organiser, "post", url, {"registration_ids": ids, "approve": False})
    assert no_reason.status_code == 422 and "Say why." in _text(no_reason)
    other = make_participant(make_event(organiser_user=admin, organiser=event.organiser))
    mixed = _send(
        organiser, "post", url, {"registration_ids": [first.pk, other.pk], "approve": True}
    )
    assert mixed.status_code == 422
    assert set(Registration.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "pending"
    }
    done = _send(
        organiser, "post", url, {"registration_ids": ids, "approve": False, "reason": "名额已满"}
    )
    assert done.json() == {"count": 2}
    first.refresh_from_db()
    assert first.status == "declined" and first.decline_reason == "名额已满"
    # Deciding again: they are no longer pending, so the batch is refused.
    again = _send(organiser, "post", url, {"registration_ids": ids, "approve": True})
    assert again.status_code == 422

    a, b = approved(event, 2, approve_by=admin)
    feed = client_of(a.user).get(f"/api/events/{event.pk}/agenda/feed")
    assert feed.status_code == 200
    body = Client().get(feed.json()["url"])  # the token is the permission
    assert body.status_code == 200 and body.content.startswith(b"BEGIN:VCALENDAR")
    assert client_of(first.user).get(f"/api/events/{event.pk}/agenda/feed").status_code == 404

    request = services.send_request(sender=a, recipient=b, sent_by=a.user)
    services.answer_request(request=request, answered_by=b.user, accept=True)
    report = organiser.get(f"/api/events/{event.pk}/report", **EN).json()
    figures = {f["key"]: f["value"] for f in report["figures"]}
    expected = build_report(event=event, viewer=admin)
    assert [f["value"] for f in report["figures"]] == [v for _label, v in expected.rows()]
    assert figures["registrations"] == 4 and figures["declined"] == 2
    assert figures["requests_accepted"] == 1
    assert report["figures"][0]["label"] == "Registrations"

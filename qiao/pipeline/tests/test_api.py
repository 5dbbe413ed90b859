"""Pipeline API: operators propose introductions from matches; parties read them."""

import json

import pytest
from django.test import Client

from qiao.directory.tests.factories import make_member
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def match(organisation, other_organisation):
    need = make_listing(organisation=organisation, kind="clinical", title_zh="脓毒症快速检测")
    offer = make_listing(organisation=other_organisation, title_zh="等温扩增检测")
    return Match.objects.create(
        listing=need, counterpart_listing=offer, score=0.8, rank=1, reasons=[]
    )


def _propose(user, match):
    return client_of(user).post(
        f"/api/pipeline/matches/{match.pk}/introduction",
        data=json.dumps({"note": "两家都在上海"}),
        content_type="application/json",
    )


def test_operator_proposes_an_introduction_from_a_match(operator, match, other_organisation):
    response = _propose(operator, match)

    assert response.status_code == 201
    body = response.json()
    assert body["requesting_organisation_id"] == match.listing.organisation_id
    assert body["receiving_organisation_id"] == other_organisation.pk
    assert body["listing_ids"] == sorted([match.listing_id, match.counterpart_listing_id])
    assert body["status"] == "proposed"
    assert body["note"] == "两家都在上海"


def test_proposing_twice_returns_the_same_introduction(operator, match):
    first = _propose(operator, match).json()["id"]
    second = _propose(operator, match).json()["id"]

    assert first == second
    assert Introduction.objects.count() == 1


def test_a_member_of_the_listings_side_requests_one_without_a_broker(member, match):
    response = _propose(member, match)

    assert response.status_code == 201
    assert response.json()["broker"] is None
    assert Introduction.objects.get().requested_by == member


def test_a_third_organisations_member_gets_404(match):
    outsider = make_member(make_listing().organisation)

    response = _propose(outsider, match)

    assert response.status_code == 404
    assert Introduction.objects.count() == 0


def test_parties_read_it_and_outsiders_get_404(operator, match, member, other_organisation):
    introduction_id = _propose(operator, match).json()["id"]
    outsider = make_member(make_listing().organisation)
    path = f"/api/pipeline/introductions/{introduction_id}"

    assert client_of(member).get(path).status_code == 200
    assert client_of(make_member(other_organisation)).get(path).status_code == 200
    assert client_of(outsider).get(path).status_code == 404


def _post(user, path, payload):
    return client_of(user).post(path, data=json.dumps(payload), content_type="application/json")


def test_the_receiving_side_accepts_then_both_talk_through_the_api(
    operator, match, member, other_organisation, mailoutbox
):
    introduction_id = _propose(operator, match).json()["id"]
    base = f"/api/pipeline/introductions/{introduction_id}"
    receiver = make_member(other_organisation)

    refused = _post(member, f"{base}/status", {"status": "accepted"})
    accepted = _post(receiver, f"{base}/status", {"status": "accepted"})
    posted = _post(member, f"{base}/messages", {"body": "周三见"})
    thread = client_of(receiver).get(f"{base}/messages")

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert posted.status_code == 201
    assert [m["body"] for m in thread.json()] == ["周三见"]


def test_dropping_without_a_reason_is_a_422_in_the_error_shape(operator, match, member):
    introduction_id = _propose(operator, match).json()["id"]

    response = _post(
        member, f"/api/pipeline/introductions/{introduction_id}/status", {"status": "dropped"}
    )

    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}
    assert "reason" in response.json()["errors"]
    assert Introduction.objects.get().status == "proposed"


def test_next_action_is_set_and_listed(operator, match, member):
    introduction_id = _propose(operator, match).json()["id"]

    response = _post(
        member,
        f"/api/pipeline/introductions/{introduction_id}/next-action",
        {"next_action": "安排样机演示", "due": "2026-12-01"},
    )
    listed = client_of(member).get("/api/pipeline/introductions/").json()["items"]

    assert response.status_code == 200
    assert [(i["next_action"], i["next_action_due"]) for i in listed] == [
        ("安排样机演示", "2026-12-01")
    ]

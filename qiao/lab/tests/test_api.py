"""The lab API: catalogue, availability without names, bookings with the pages' rights."""

import datetime

import pytest
from ninja.testing import TestClient

from qiao.api import api as qiao_api
from qiao.lab import services
from qiao.lab.models import Booking
from qiao.lab.tests.factories import at, make_equipment, next_monday

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    # The whole API, so its uniform error handlers answer as in production.
    return TestClient(qiao_api)


@pytest.fixture
def microscope(organisation, operator, org_admin):
    return make_equipment(organisation=organisation, by=operator, requires_approval=True)


@pytest.fixture
def monday():
    return next_monday()


def test_catalogue_search(api, microscope, operator):
    make_equipment(by=operator, name_zh="流式细胞仪", name_en="Flow cytometer", category="cell")

    response = api.get("/lab/equipment/", query_params={"q": "confocal"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [microscope.pk]
    assert response.json()["items"][0]["rate_member"] == "200.00"


def test_availability_says_taken_never_who(
    api, microscope, other_member, other_organisation, monday
):
    services.book_equipment(
        equipment=microscope, booked_by=other_member, organisation=other_organisation,
        starts_at=at(monday, 9), units=2,
    )  # fmt: skip

    response = api.get(
        f"/lab/equipment/{microscope.pk}/availability",
        query_params={"start": at(monday, 0).isoformat(), "end": at(monday, 23).isoformat()},
    )

    rows = [
        (
            datetime.datetime.fromisoformat(r["starts_at"]),
            datetime.datetime.fromisoformat(r["ends_at"]),
            r["kind"],
        )
        for r in response.json()
    ]
    assert rows == [(at(monday, 9), at(monday, 11), "requested")]
    assert set(response.json()[0]) == {"starts_at", "ends_at", "kind"}


def test_availability_window_is_bounded(api, microscope, monday):
    response = api.get(
        f"/lab/equipment/{microscope.pk}/availability",
        query_params={
            "start": at(monday, 0).isoformat(),
            "end": at(monday + datetime.timedelta(days=70), 0).isoformat(),
        },
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["end"]


def test_book_approve_and_list(
    api, microscope, other_member, other_organisation, org_admin, monday
):
    created = api.post("/lab/bookings/",
        json={"equipment_id": microscope.pk, "organisation_id": other_organisation.pk,
              "starts_at": at(monday, 14).isoformat(), "units": 2},
        user=other_member,
    )  # fmt: skip
    booking_id = created.json()["id"]

    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert created.json()["customer_type"] == "member"
    assert api.post(f"/lab/bookings/{booking_id}/decision", json={"approve": True},
                    user=other_member).status_code == 403  # fmt: skip
    decided = api.post(
        f"/lab/bookings/{booking_id}/decision", json={"approve": True}, user=org_admin
    )
    assert decided.json()["status"] == "confirmed"
    mine = api.get("/lab/bookings/", user=other_member).json()["items"]
    assert [row["id"] for row in mine] == [booking_id]
    managed = api.get("/lab/bookings/", query_params={"managed": "true"}, user=org_admin).json()
    assert [row["id"] for row in managed["items"]] == [booking_id]


def test_taken_time_is_a_422_with_the_reason_and_saves_nothing(
    api, microscope, other_member, other_organisation, member, organisation, monday
):
    services.book_equipment(
        equipment=microscope, booked_by=member, organisation=organisation,
        starts_at=at(monday, 9), units=1,
    )  # fmt: skip

    response = api.post("/lab/bookings/",
        json={"equipment_id": microscope.pk, "organisation_id": other_organisation.pk,
              "starts_at": at(monday, 9).isoformat(), "units": 1},
        user=other_member,
    )  # fmt: skip

    assert response.status_code == 422
    assert response.json()["errors"]["__all__"][0].startswith("该时段已被占用（")
    assert Booking.objects.count() == 1


def test_other_peoples_bookings_are_404(
    api, microscope, member, organisation, other_member, monday
):
    booking = services.book_equipment(
        equipment=microscope, booked_by=member, organisation=organisation,
        starts_at=at(monday, 9), units=1,
    )  # fmt: skip

    assert api.get(f"/lab/bookings/{booking.pk}", user=other_member).status_code == 404
    assert api.post(f"/lab/bookings/{booking.pk}/cancel", user=other_member).status_code == 404


def test_api_is_mounted_and_needs_sign_in_to_book(client, microscope):
    assert client.get("/api/lab/equipment/").status_code == 200
    response = client.post("/api/lab/bookings/", {}, content_type="application/json")
    assert response.status_code == 401

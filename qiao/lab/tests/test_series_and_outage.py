"""One approval for a weekly series; an outage lists the bookings it hits and tells bookers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from qiao.lab import services
from qiao.lab.models import Booking, Equipment
from qiao.lab.tests.factories import at, make_equipment

pytestmark = pytest.mark.django_db

BEFORE = at("2031-03-01", 8)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr("qiao.lab.clock.now", lambda: BEFORE)


@pytest.fixture
def microscope(organisation, operator, org_admin):
    return make_equipment(organisation=organisation, by=operator, requires_approval=True)


def four_weeks(microscope, other_member, other_organisation):
    return services.book_equipment_series(
        weeks=4, starts_at=at("2031-03-10", 9), equipment=microscope, booked_by=other_member,
        organisation=other_organisation, units=1, now=BEFORE,
    )  # fmt: skip


def test_a_series_is_one_request_and_one_approval(
    django_capture_on_commit_callbacks, microscope, org_admin, other_member, other_organisation
):
    with django_capture_on_commit_callbacks(execute=True):
        results = four_weeks(microscope, other_member, other_organisation)
    asked = list(org_admin.notifications.all())
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_series(
            equipment=microscope, series=results[0][1].series, decided_by=org_admin, approve=True
        )

    assert len(asked) == 1
    assert asked[0].title_in("en") == (
        f"{other_member.get_short_name()} asks for Confocal laser scanning microscope weekly "
        "from 2031-03-10 09:00 (4 weeks): approve once"
    )
    assert [b.status for b in decided] == [Booking.Status.CONFIRMED] * 4
    told = list(other_member.notifications.all())
    assert len(told) == 1
    assert told[0].title_in("zh-hans") == (
        "您从2031-03-10 09:00起每周预约的激光共聚焦显微镜已获批准（共4周）"
    )


def test_declining_a_series_frees_every_week(
    microscope, org_admin, other_member, other_organisation
):
    results = four_weeks(microscope, other_member, other_organisation)

    services.decide_series(
        equipment=microscope, series=results[0][1].series, decided_by=org_admin, approve=False
    )

    assert set(Booking.objects.values_list("status", flat=True)) == {Booking.Status.DECLINED}
    assert microscope.slots.count() == 0


def test_only_the_lab_decides_a_series(microscope, other_member, other_organisation, other_admin):
    results = four_weeks(microscope, other_member, other_organisation)

    with pytest.raises(PermissionDenied):
        services.decide_series(
            equipment=microscope, series=results[0][1].series, decided_by=other_admin,
            approve=True,
        )  # fmt: skip


def test_out_of_service_cancels_or_keeps_each_booking_and_tells_the_booker(
    django_capture_on_commit_callbacks, microscope, org_admin, other_member, other_organisation
):
    first, second = (
        services.book_equipment(
            equipment=microscope, booked_by=org_admin, organisation=other_organisation,
            starts_at=at("2031-03-10", hour), units=1, now=BEFORE,
        )
        for hour in (9, 11)
    )  # fmt: skip
    Booking.objects.update(booked_by=other_member)

    with django_capture_on_commit_callbacks(execute=True):
        cancelled, kept = services.take_out_of_service(
            equipment=microscope, cancel={first.pk}, changed_by=org_admin
        )

    first.refresh_from_db()
    second.refresh_from_db()
    microscope.refresh_from_db()
    assert (cancelled, kept) == (1, 1)
    assert microscope.status == Equipment.Status.OUT_OF_SERVICE
    assert (first.status, first.fee, second.status) == ("cancelled", 0, "confirmed")
    titles = sorted(n.title_in("en") for n in other_member.notifications.all())
    assert titles == [
        "Confocal laser scanning microscope is out of service; your booking on "
        "2031-03-10 11:00 stands, the lab will confirm",
        "Your booking of Confocal laser scanning microscope on 2031-03-10 09:00 is cancelled: "
        "out of service",
    ]


def test_status_page_sends_the_manager_to_the_list_of_affected_bookings(
    client_of, microscope, org_admin, other_member, other_organisation
):
    services.book_equipment(
        equipment=microscope, booked_by=org_admin, organisation=other_organisation,
        starts_at=at("2031-03-10", 9), units=1, now=BEFORE,
    )  # fmt: skip
    client = client_of(org_admin)

    response = client.post(f"/lab/equipment/{microscope.pk}/status/", {"status": "out_of_service"})
    page = client.get(f"/lab/equipment/{microscope.pk}/out-of-service/")

    assert response["Location"] == f"/lab/equipment/{microscope.pk}/out-of-service/"
    assert len(page.context["affected"]) == 1
    microscope.refresh_from_db()
    assert microscope.status == Equipment.Status.AVAILABLE


def test_maintenance_may_cancel_the_bookings_it_covers(
    client_of, microscope, org_admin, other_member, other_organisation
):
    booking = services.book_equipment(
        equipment=microscope, booked_by=org_admin, organisation=other_organisation,
        starts_at=at("2031-03-10", 9), units=1, now=BEFORE,
    )  # fmt: skip

    client_of(org_admin).post(
        f"/lab/equipment/{microscope.pk}/maintenance/",
        {"starts_at": "2031-03-10T08:00", "ends_at": "2031-03-10T12:00", "cancel_affected": "on"},
    )

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert microscope.maintenance_windows.count() == 1


def test_outage_page_is_404_for_others(client_of, microscope, other_admin):
    url = f"/lab/equipment/{microscope.pk}/out-of-service/"
    assert client_of(other_admin).get(url).status_code == 404


def test_nothing_to_decide_is_a_clear_error(microscope, org_admin):
    import uuid

    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError, match="No week of this"):
        services.decide_series(
            equipment=microscope, series=uuid.uuid4(), decided_by=org_admin, approve=True
        )

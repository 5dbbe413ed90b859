"""Booking rules: who may book, when, approval, training, cancellation, waitlist, no-shows."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qiao.inbox.models import Notification
from qiao.lab import services
from qiao.lab.models import Booking, CustomerType, Slot
from qiao.lab.tests.factories import at, make_equipment, next_monday

pytestmark = pytest.mark.django_db
Status = Booking.Status


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English here; the pages' tests check the Chinese ones.
    with translation.override("en"):
        yield


@pytest.fixture
def microscope(organisation, operator, org_admin):
    return make_equipment(organisation=organisation, by=operator)


@pytest.fixture
def monday():
    return next_monday()


def book(equipment, user, organisation, start, units=1, **extra):
    return services.book_equipment(
        equipment=equipment,
        booked_by=user,
        organisation=organisation,
        starts_at=start,
        units=units,
        **extra,
    )


def test_member_of_another_organisation_books_at_the_member_rate(
    microscope, other_member, other_organisation, monday
):
    booking = book(microscope, other_member, other_organisation, at(monday, 9), units=2)

    assert booking.status == Status.CONFIRMED
    assert booking.customer_type == CustomerType.MEMBER
    assert booking.unit_rate == Decimal("200.00")
    assert booking.ends_at == at(monday, 11)
    assert booking.booked_price == Decimal("400.00")
    assert Slot.objects.get().booking == booking


def test_own_staff_book_at_the_own_rate(microscope, member, organisation, monday):
    booking = book(microscope, member, organisation, at(monday, 9))

    assert booking.customer_type == CustomerType.OWN
    assert booking.unit_rate == Decimal("100.00")


def test_lab_manager_books_for_an_external_organisation_at_the_external_rate(
    microscope, org_admin, monday
):
    from qiao.directory.tests.factories import OrganisationFactory

    external = OrganisationFactory()  # nobody signs in for it: not a cluster member

    booking = book(microscope, org_admin, external, at(monday, 9))

    assert booking.customer_type == CustomerType.EXTERNAL
    assert booking.unit_rate == Decimal("400.00")


def test_member_cannot_bill_an_organisation_they_do_not_belong_to(
    microscope, other_member, organisation, monday
):
    with pytest.raises(ValidationError) as error:
        book(microscope, other_member, organisation, at(monday, 9))

    assert error.value.message_dict == {
        "organisation": ["Bill the booking to an organisation you belong to."]
    }
    assert Booking.objects.count() == 0


def test_user_without_organisation_is_told_to_ask_the_lab(
    microscope, outsider, organisation, monday
):
    with pytest.raises(ValidationError, match="ask the lab to book for you"):
        book(microscope, outsider, organisation, at(monday, 9))


@pytest.mark.parametrize(
    ("start", "units", "field", "message"),
    [
        (at("2020-01-06", 9), 1, "starts_at", "Choose a time in the future."),
        (None, 9, "units", "Book between 1 and 8 units of hour."),
        (None, 0, "units", "Book between 1 and 8 units of hour."),
        ("09:30", 1, "starts_at", "Bookings start on a whole unit (hour)."),
        ("07:00", 1, "starts_at", "The lab is open from 08:00 to 20:00."),
        ("19:00", 2, "starts_at", "The lab is open from 08:00 to 20:00."),
    ],
)
def test_invalid_request_is_refused_with_a_reason_and_saves_nothing(
    microscope, other_member, other_organisation, monday, start, units, field, message
):
    if start is None:
        start = at(monday, 9)
    elif isinstance(start, str):
        hour, minute = map(int, start.split(":"))
        start = at(monday, hour, minute)

    with pytest.raises(ValidationError) as error:
        book(microscope, other_member, other_organisation, start, units=units)

    assert error.value.message_dict == {field: [message]}
    assert Booking.objects.count() == Slot.objects.count() == 0


def test_draft_or_out_of_service_equipment_cannot_be_booked(
    microscope, operator, other_member, other_organisation, monday
):
    services.change_equipment_status(
        equipment=microscope, status="out_of_service", changed_by=operator
    )

    with pytest.raises(ValidationError, match="cannot be booked now"):
        book(microscope, other_member, other_organisation, at(monday, 9))


def test_taken_time_is_refused_or_waitlisted(
    microscope, other_member, other_organisation, member, organisation, monday
):
    book(microscope, member, organisation, at(monday, 9), units=2)

    with pytest.raises(ValidationError, match="already taken"):
        book(microscope, other_member, other_organisation, at(monday, 10))
    waiting = book(microscope, other_member, other_organisation, at(monday, 10), join_waitlist=True)

    assert waiting.status == Status.WAITLISTED
    assert not Slot.objects.filter(booking=waiting).exists()
    # Back to back is not overlapping.
    assert book(microscope, other_member, other_organisation, at(monday, 11)).status == "confirmed"


def test_maintenance_window_blocks_bookings(
    microscope, org_admin, other_member, other_organisation, monday
):
    services.add_maintenance_window(
        equipment=microscope,
        starts_at=at(monday, 8),
        ends_at=at(monday, 12),
        reason="年度校准",
        created_by=org_admin,
    )

    with pytest.raises(ValidationError, match="under maintenance"):
        book(microscope, other_member, other_organisation, at(monday, 11))


def test_maintenance_window_over_a_booking_is_refused(
    microscope, org_admin, other_member, other_organisation, monday
):
    book(microscope, other_member, other_organisation, at(monday, 10))

    with pytest.raises(ValidationError, match="cancel or move it first"):
        services.add_maintenance_window(
            equipment=microscope,
            starts_at=at(monday, 8),
            ends_at=at(monday, 12),
            created_by=org_admin,
        )


def test_only_lab_managers_add_maintenance(microscope, other_admin, monday):
    with pytest.raises(PermissionDenied):
        services.add_maintenance_window(
            equipment=microscope,
            starts_at=at(monday, 8),
            ends_at=at(monday, 12),
            created_by=other_admin,
        )


def test_booking_needing_approval_waits_and_the_manager_is_told(
    organisation, operator, org_admin, other_member, other_organisation, monday,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    equipment = make_equipment(organisation=organisation, by=operator, requires_approval=True)

    with django_capture_on_commit_callbacks(execute=True):
        booking = book(equipment, other_member, other_organisation, at(monday, 9))

    assert booking.status == Status.PENDING
    assert Slot.objects.filter(booking=booking).exists()  # the request holds its time
    notice = Notification.objects.get(recipient=org_admin)
    assert notice.kind == Notification.Kind.LAB_BOOKING
    assert notice.title_en.startswith("Booking of Confocal laser scanning microscope on ")
    assert notice.title_en.endswith(" 09:00 waits for your approval")
    assert notice.url == f"/lab/bookings/{booking.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_booking(booking=booking, decided_by=org_admin, approve=True)

    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    assert booking.decided_by == org_admin
    assert Notification.objects.filter(recipient=other_member).count() == 1


def test_declined_booking_frees_its_time(
    organisation, operator, org_admin, other_member, other_organisation, monday
):
    equipment = make_equipment(organisation=organisation, by=operator, requires_approval=True)
    booking = book(equipment, other_member, other_organisation, at(monday, 9))

    services.decide_booking(booking=booking, decided_by=org_admin, approve=False, note="样品不符")

    booking.refresh_from_db()
    assert booking.status == Status.DECLINED
    assert Slot.objects.count() == 0


def test_only_the_owner_organisation_decides(
    organisation, operator, other_admin, other_member, other_organisation, monday
):
    equipment = make_equipment(organisation=organisation, by=operator, requires_approval=True)
    booking = book(equipment, other_member, other_organisation, at(monday, 9))

    with pytest.raises(PermissionDenied):
        services.decide_booking(booking=booking, decided_by=other_admin, approve=True)


def test_training_gate_refuses_until_a_record_exists(
    organisation, operator, org_admin, other_member, other_organisation, monday
):
    equipment = make_equipment(organisation=organisation, by=operator, requires_training=True)

    with pytest.raises(ValidationError) as error:
        book(equipment, other_member, other_organisation, at(monday, 9))
    assert "may only be booked by trained users" in error.value.messages[0]
    assert Booking.objects.count() == 0

    services.record_training(
        equipment=equipment,
        user=other_member,
        trained_on=monday - datetime.timedelta(days=3),
        trained_by=org_admin,
    )
    assert book(equipment, other_member, other_organisation, at(monday, 9)).status == "confirmed"


def test_expired_training_does_not_count(
    organisation, operator, org_admin, other_member, other_organisation, monday
):
    equipment = make_equipment(organisation=organisation, by=operator, requires_training=True)
    services.record_training(
        equipment=equipment,
        user=other_member,
        trained_on=monday - datetime.timedelta(days=400),
        valid_until=monday - datetime.timedelta(days=1),
        trained_by=org_admin,
    )

    with pytest.raises(ValidationError, match="trained users"):
        book(equipment, other_member, other_organisation, at(monday, 9))


def test_cancelling_before_the_deadline_is_free_and_after_it_costs_the_fee(
    microscope, other_member, other_organisation, monday
):
    early = book(microscope, other_member, other_organisation, at(monday, 9), units=2)
    late = book(microscope, other_member, other_organisation, at(monday, 14), units=2)

    services.cancel_booking(
        booking=early, cancelled_by=other_member, now=at(monday, 9) - datetime.timedelta(hours=25)
    )
    services.cancel_booking(
        booking=late, cancelled_by=other_member, now=at(monday, 14) - datetime.timedelta(hours=2)
    )

    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, early.fee) == (Status.CANCELLED, Decimal("0.00"))
    # 50 % of 2 units at the member rate of 200 yuan.
    assert (late.status, late.fee) == (Status.CANCELLED, Decimal("200.00"))
    assert Slot.objects.count() == 0


def test_lab_cancelling_costs_the_booker_nothing(
    microscope, org_admin, other_member, other_organisation, monday
):
    booking = book(microscope, other_member, other_organisation, at(monday, 9))

    services.cancel_booking(
        booking=booking, cancelled_by=org_admin, now=at(monday, 9) - datetime.timedelta(hours=1)
    )

    booking.refresh_from_db()
    assert booking.fee == Decimal("0")


def test_nobody_else_cancels_a_booking(
    microscope, member, other_member, other_organisation, monday
):
    booking = book(microscope, other_member, other_organisation, at(monday, 9))

    with pytest.raises(PermissionDenied):
        services.cancel_booking(booking=booking, cancelled_by=member)


def test_freed_time_is_offered_to_the_first_in_line_who_accepts_it(
    microscope, member, organisation, other_member, other_organisation, monday,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from qiao.directory.tests.factories import make_member

    holder = book(microscope, member, organisation, at(monday, 9))
    first = book(microscope, other_member, other_organisation, at(monday, 9), join_waitlist=True)
    second_user = make_member(other_organisation)
    second = book(microscope, second_user, other_organisation, at(monday, 9), join_waitlist=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=holder, cancelled_by=member)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OFFERED
    assert first.offer_expires_at is not None
    assert second.status == Status.WAITLISTED
    assert Slot.objects.get().booking == first
    assert Notification.objects.filter(recipient=other_member).count() == 1

    services.accept_offer(booking=first, accepted_by=other_member)

    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


def test_expired_offer_passes_to_the_next_in_line(
    microscope, member, organisation, other_member, other_organisation, monday
):
    from qiao.directory.tests.factories import make_member

    holder = book(microscope, member, organisation, at(monday, 9))
    first = book(microscope, other_member, other_organisation, at(monday, 9), join_waitlist=True)
    second = book(
        microscope, make_member(other_organisation), other_organisation, at(monday, 9),
        join_waitlist=True,
    )  # fmt: skip
    services.cancel_booking(booking=holder, cancelled_by=member)
    first.refresh_from_db()

    assert services.expire_offers(now=first.offer_expires_at) == 1
    assert services.expire_offers(now=first.offer_expires_at) == 0  # idempotent

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.status == Status.OFFERED
    with pytest.raises(ValidationError, match="no open offer"):
        services.accept_offer(booking=first, accepted_by=other_member)


def test_no_show_and_usage_set_the_fee(
    microscope, org_admin, other_member, other_organisation, monday
):
    absent = book(microscope, other_member, other_organisation, at(monday, 9), units=2)
    used = book(microscope, other_member, other_organisation, at(monday, 13), units=2)
    after = at(monday, 18)

    with pytest.raises(ValidationError, match="not started yet"):
        services.mark_no_show(booking=absent, marked_by=org_admin, now=at(monday, 8))
    services.mark_no_show(booking=absent, marked_by=org_admin, now=after)
    services.record_usage(booking=used, minutes=90, recorded_by=org_admin, now=after)

    absent.refresh_from_db()
    used.refresh_from_db()
    assert (absent.status, absent.fee) == (Status.NO_SHOW, Decimal("400.00"))
    # 90 minutes at 200 yuan an hour.
    assert (used.status, used.used_minutes, used.fee) == (Status.COMPLETED, 90, Decimal("300.00"))


def test_only_lab_managers_record_usage(microscope, other_member, other_organisation, monday):
    booking = book(microscope, other_member, other_organisation, at(monday, 9))

    with pytest.raises(PermissionDenied):
        services.record_usage(
            booking=booking, minutes=60, recorded_by=other_member, now=at(monday, 12)
        )


def test_weekly_series_books_each_week_on_its_own(
    microscope, member, organisation, other_member, other_organisation, monday
):
    book(microscope, member, organisation, at(monday + datetime.timedelta(weeks=1), 9))

    results = services.book_equipment_series(
        weeks=3,
        equipment=microscope,
        booked_by=other_member,
        organisation=other_organisation,
        starts_at=at(monday, 9),
        units=1,
    )

    assert [booking.status if booking else "refused" for _start, booking, _why in results] == [
        "confirmed",
        "refused",
        "confirmed",
    ]
    assert "already taken" in results[1][2]
    series = {booking.series for _s, booking, _w in results if booking}
    assert len(series) == 1 and None not in series

"""Many people booking the same hours at the same moment: one winner per hour, none lost.

Real threads, each with its own connection, against a real database that commits (the
PostgreSQL test database, or a SQLite file in WAL mode), so the race is the one production
sees: the exclusion constraint decides on PostgreSQL, BEGIN IMMEDIATE on SQLite.
"""

import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection  # noqa: F401  (read by the skipif condition)

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.lab import services
from qiao.lab.models import Booking, MaintenanceWindow, Slot, Voucher
from qiao.lab.tests.factories import at, make_equipment, next_monday

pytestmark = pytest.mark.django_db(transaction=True)

HOURS = (9, 10, 11, 12)
ATTEMPTS_PER_HOUR = 12


def _attempt(equipment_id, user_id, organisation_id, hour, day, join_waitlist):
    from django.contrib.auth import get_user_model

    from qiao.directory.models import Organisation
    from qiao.lab.models import Equipment

    try:
        booking = services.book_equipment(
            equipment=Equipment.objects.select_related("organisation").get(pk=equipment_id),
            booked_by=get_user_model().objects.get(pk=user_id),
            organisation=Organisation.objects.get(pk=organisation_id),
            starts_at=at(day, hour),
            units=1,
            join_waitlist=join_waitlist,
        )
        return hour, join_waitlist, booking.status, ""
    except ValidationError as error:
        return hour, join_waitlist, "refused", " ".join(error.messages)


def test_one_winner_per_hour_and_every_request_answered(race_database, run_concurrently):
    owner = OrganisationFactory()
    operator = UserFactory(is_operator=True)
    equipment = make_equipment(organisation=owner, by=operator)
    day = next_monday()
    # 12 o'clock is under maintenance: nobody may win it.
    services.add_maintenance_window(
        equipment=equipment, starts_at=at(day, 12), ends_at=at(day, 13), created_by=operator
    )
    organisations = [OrganisationFactory() for _ in range(4)]
    bookers = [make_member(organisations[i % 4]) for i in range(ATTEMPTS_PER_HOUR)]
    args = [
        (equipment.pk, user.pk, organisations[i % 4].pk, hour, day, i % 2 == 0)
        for hour, (i, user) in itertools.product(HOURS, enumerate(bookers))
    ]

    outcomes = run_concurrently(_attempt, args)

    assert len(outcomes) == len(HOURS) * ATTEMPTS_PER_HOUR
    per_hour = {h: Counter(status for hour, _w, status, _m in outcomes if hour == h) for h in HOURS}
    for hour in (9, 10, 11):
        assert per_hour[hour]["confirmed"] == 1, hour
        assert per_hour[hour]["waitlisted"] + per_hour[hour]["refused"] == ATTEMPTS_PER_HOUR - 1
    assert per_hour[12] == {"waitlisted": 6, "refused": 6}
    # Losers asked to wait were waitlisted; the others were told why, in words.
    for _hour, join_waitlist, status, message in outcomes:
        assert status in ("confirmed", "waitlisted" if join_waitlist else "refused")
        assert status != "refused" or "already taken" in message or "maintenance" in message
    assert sum("maintenance" in message for *_rest, message in outcomes) == 6
    # The database agrees with what the callers were told: nothing lost, nothing doubled.
    told = Counter(status for _h, _w, status, _m in outcomes if status != "refused")
    assert Counter(Booking.objects.values_list("status", flat=True)) == told
    assert told["confirmed"] == 3
    slots = list(Slot.objects.filter(equipment=equipment).order_by("starts_at"))
    assert [(s.starts_at, s.ends_at) for s in slots] == [
        (at(day, 9), at(day, 10)),
        (at(day, 10), at(day, 11)),
        (at(day, 11), at(day, 12)),
        (at(day, 12), at(day, 13)),
    ]


def _overlapping_attempt(equipment_id, user_id, organisation_id, day, hour, units):
    from django.contrib.auth import get_user_model

    from qiao.directory.models import Organisation
    from qiao.lab.models import Equipment

    try:
        services.book_equipment(
            equipment=Equipment.objects.select_related("organisation").get(pk=equipment_id),
            booked_by=get_user_model().objects.get(pk=user_id),
            organisation=Organisation.objects.get(pk=organisation_id),
            starts_at=at(day, hour),
            units=units,
        )
        return "won"
    except ValidationError:
        return "refused"


def test_overlapping_lengths_never_share_an_hour(race_database, run_concurrently):
    equipment = make_equipment(max_units=4)
    day = next_monday()
    organisation = OrganisationFactory()
    users = [make_member(organisation, role=Membership.Role.MEMBER) for _ in range(16)]
    # Requests of 1 to 4 hours starting at 9 to 12 all overlap one another somewhere.
    args = [
        (equipment.pk, user.pk, organisation.pk, day, 9 + i % 4, 1 + (i // 4) % 4)
        for i, user in enumerate(users)
    ]

    outcomes = run_concurrently(_overlapping_attempt, args)

    assert len(outcomes) == 16
    slots = sorted(Slot.objects.values_list("starts_at", "ends_at"))
    assert outcomes.count("won") == len(slots) >= 1
    for (_s1, end1), (start2, _e2) in itertools.pairwise(slots):
        assert end1 <= start2


def _spend(voucher_id, amount):
    try:
        services.spend_voucher(voucher=Voucher.objects.get(pk=voucher_id), amount=amount)
        return "spent"
    except ValidationError:
        return "refused"


def test_voucher_balance_never_goes_below_zero(race_database, run_concurrently):
    operator = UserFactory(is_operator=True)
    voucher = services.grant_voucher(
        organisation=OrganisationFactory(),
        granted_by=operator,
        issuer="嘉定区科学技术委员会",
        number="JD-2026-0001",
        share_percent=50,
        amount=Decimal("1000.00"),
        valid_from=next_monday(),
        valid_until=next_monday(8),
    )

    outcomes = run_concurrently(_spend, [(voucher.pk, Decimal("300.00"))] * 10)

    voucher.refresh_from_db()
    assert outcomes.count("spent") == 3
    assert outcomes.count("refused") == 7
    assert voucher.balance == Decimal("100.00")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's own constraint")
def test_postgresql_refuses_overlapping_slots_written_behind_the_services(race_database):
    from django.db import IntegrityError, transaction

    equipment = make_equipment()
    day = next_monday()
    services.add_maintenance_window(
        equipment=equipment,
        starts_at=at(day, 9),
        ends_at=at(day, 11),
        created_by=UserFactory(is_operator=True),
    )

    second = MaintenanceWindow.objects.create(
        equipment=equipment, starts_at=at(day, 10), ends_at=at(day, 12)
    )

    with pytest.raises(IntegrityError, match="lab_slot_no_overlap"), transaction.atomic():
        Slot.objects.create(
            equipment=equipment, starts_at=at(day, 10), ends_at=at(day, 12), maintenance=second
        )
    # Touching ranges do not overlap: [9, 11) and [11, 12) both stand.
    third = MaintenanceWindow.objects.create(
        equipment=equipment, starts_at=at(day, 11), ends_at=at(day, 12)
    )
    Slot.objects.create(
        equipment=equipment, starts_at=at(day, 11), ends_at=at(day, 12), maintenance=third
    )
    assert Slot.objects.filter(equipment=equipment).count() == 2

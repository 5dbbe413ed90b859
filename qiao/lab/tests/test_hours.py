"""Opening hours per weekday, China's public holidays and 调休 days, the lab's closures."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from qiao.lab import holidays, hours, services
from qiao.lab.calendar import build_week
from qiao.lab.checks import holiday_calendar_knows_this_year
from qiao.lab.models import Booking, Closure
from qiao.lab.tests.factories import at, make_equipment

pytestmark = pytest.mark.django_db

BEFORE = at("2026-09-01", 9)
EIGHT_TO_SIX = (datetime.time(8), datetime.time(18))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def microscope(organisation, operator, org_admin):
    equipment = make_equipment(organisation=organisation, by=operator)
    services.set_opening_hours(
        equipment=equipment,
        hours={**dict.fromkeys(range(5), EIGHT_TO_SIX), 5: None, 6: None},
        observes_holidays=True,
        changed_by=org_admin,
    )
    return equipment


def book(equipment, user, organisation, start, units=1):
    return services.book_equipment(
        equipment=equipment,
        booked_by=user,
        organisation=organisation,
        starts_at=start,
        units=units,
        now=BEFORE,
    )


def test_the_installed_calendar_knows_this_year():
    """Fails when the year turns and chinese-calendar has not been upgraded (see lab.W001)."""
    assert holidays.known(timezone.localdate().year) is True
    assert holiday_calendar_knows_this_year() == []


def test_an_unknown_year_is_ordinary_and_warned_about(monkeypatch):
    monkeypatch.setattr("qiao.lab.clock.today", lambda: datetime.date(2199, 5, 1))

    warnings = holiday_calendar_knows_this_year()

    assert holidays.known(2199) is False
    assert holidays.day_kind(datetime.date(2199, 10, 1)) == holidays.DayKind.ORDINARY
    assert [w.id for w in warnings] == ["lab.W001"]


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        ("2026-10-01", holidays.DayKind.HOLIDAY),
        ("2026-10-03", holidays.DayKind.HOLIDAY),  # a Saturday inside the holiday
        ("2026-10-10", holidays.DayKind.WORKDAY_SWAP),  # 调休 Saturday
        ("2026-09-20", holidays.DayKind.WORKDAY_SWAP),  # 调休 Sunday
        ("2026-10-17", holidays.DayKind.ORDINARY),
        ("2026-10-12", holidays.DayKind.ORDINARY),
    ],
)
def test_day_kinds_of_national_day_2026(day, kind):
    assert holidays.day_kind(datetime.date.fromisoformat(day)) == kind


def test_a_swapped_saturday_is_bookable_and_national_day_is_not(
    microscope, other_member, other_organisation
):
    saturday = book(microscope, other_member, other_organisation, at("2026-10-10", 9))

    with pytest.raises(ValidationError) as holiday:
        book(microscope, other_member, other_organisation, at("2026-10-01", 9))
    with pytest.raises(ValidationError) as weekend:
        book(microscope, other_member, other_organisation, at("2026-10-17", 9))

    assert saturday.status == Booking.Status.CONFIRMED
    assert holiday.value.messages == [
        "Confocal laser scanning microscope is closed on 2026-10-01 (National Day)."
    ]
    assert weekend.value.messages == ["Confocal laser scanning microscope is closed on 2026-10-17."]
    assert Booking.objects.count() == 1


def test_hours_differ_per_weekday(microscope, org_admin, other_member, other_organisation):
    services.set_opening_hours(
        equipment=microscope,
        hours={0: EIGHT_TO_SIX, 5: (datetime.time(9), datetime.time(12))},
        observes_holidays=False,
        changed_by=org_admin,
    )

    saturday = book(microscope, other_member, other_organisation, at("2026-10-17", 11))
    with pytest.raises(ValidationError, match="open from 09:00 to 12:00"):
        book(microscope, other_member, other_organisation, at("2026-10-24", 12))
    with pytest.raises(ValidationError, match="closed on 2026-10-13"):
        book(microscope, other_member, other_organisation, at("2026-10-13", 9))

    assert saturday.status == Booking.Status.CONFIRMED


def test_an_instrument_may_ignore_the_holidays(
    microscope, org_admin, other_member, other_organisation
):
    services.set_opening_hours(
        equipment=microscope,
        hours=dict.fromkeys(range(7), EIGHT_TO_SIX),
        observes_holidays=False,
        changed_by=org_admin,
    )

    booking = book(microscope, other_member, other_organisation, at("2026-10-01", 9))

    assert booking.status == Booking.Status.CONFIRMED


def test_a_closure_closes_every_instrument_of_the_lab(
    microscope, organisation, operator, org_admin, other_member, other_organisation
):
    cytometer = make_equipment(organisation=organisation, by=operator, name_zh="流式细胞仪")
    services.add_closure(
        organisation=organisation,
        starts_on=datetime.date(2026, 10, 12),
        ends_on=datetime.date(2026, 10, 13),
        reason="搬迁",
        created_by=org_admin,
    )

    with pytest.raises(ValidationError, match=r"closed on 2026-10-13 \(搬迁\)"):
        book(cytometer, other_member, other_organisation, at("2026-10-13", 9))
    later = book(microscope, other_member, other_organisation, at("2026-10-14", 9))

    assert later.status == Booking.Status.CONFIRMED


def test_a_closure_over_held_bookings_is_refused(
    microscope, organisation, org_admin, other_member, other_organisation
):
    book(microscope, other_member, other_organisation, at("2026-10-12", 9))

    with pytest.raises(ValidationError, match="cancel or move them first"):
        services.add_closure(
            organisation=organisation,
            starts_on=datetime.date(2026, 10, 12),
            ends_on=datetime.date(2026, 10, 12),
            created_by=org_admin,
        )

    assert Closure.objects.count() == 0


def test_only_the_labs_managers_set_hours_and_closures(
    microscope, organisation, other_admin, other_member
):
    with pytest.raises(PermissionDenied):
        services.set_opening_hours(
            equipment=microscope, hours={0: EIGHT_TO_SIX}, observes_holidays=True,
            changed_by=other_admin,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.add_closure(
            organisation=organisation, starts_on=datetime.date(2026, 10, 12),
            ends_on=datetime.date(2026, 10, 12), created_by=other_member,
        )  # fmt: skip


def test_week_calendar_marks_the_holiday_and_the_swapped_saturday(microscope):
    week = build_week(equipment=microscope, monday=datetime.date(2026, 10, 5), now=BEFORE)

    by_day = {d.day.isoformat(): d for d in week.day_hours}
    nine = dict(week.rows)["09:00"]

    assert by_day["2026-10-05"].is_open is False
    assert by_day["2026-10-05"].note == "National Day"
    assert by_day["2026-10-10"].hours == EIGHT_TO_SIX
    assert by_day["2026-10-11"].is_open is False
    assert [cell.state for cell in nine] == ["closed"] * 3 + ["free"] * 3 + ["closed"]


def test_hours_page_saves_the_week(client_of, microscope, org_admin):
    data = {f"opens_{d}": "" for d in range(7)} | {f"closes_{d}": "" for d in range(7)}
    data |= {"opens_2": "10:00", "closes_2": "16:00", "observes_holidays": "on"}

    response = client_of(org_admin).post(f"/lab/equipment/{microscope.pk}/hours/", data)

    assert response.status_code == 302
    assert hours.weekly_hours(microscope) == {2: (datetime.time(10), datetime.time(16))}


def test_hours_page_is_404_for_others(client_of, microscope, other_admin):
    assert client_of(other_admin).get(f"/lab/equipment/{microscope.pk}/hours/").status_code == 404


def test_a_missing_time_is_a_form_error_not_a_500(client_of, microscope, org_admin):
    response = client_of(org_admin).post(
        f"/lab/equipment/{microscope.pk}/hours/", {"opens_0": "08:00", "closes_0": ""}
    )

    assert response.status_code == 200
    assert "请同时填写开放和关闭时间" in response.content.decode()
    assert hours.weekly_hours(microscope)[0] == EIGHT_TO_SIX


def test_system_check_runs_clean():
    call_command("check")

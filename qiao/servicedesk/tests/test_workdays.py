"""Working days by the real 2026 calendar (chinese-calendar), 调休 included."""

import datetime

from qiao.servicedesk import workdays
from qiao.servicedesk.checks import calendar_knows_this_year

D = datetime.date


def test_the_friday_before_national_day_is_mid_autumn_and_not_a_working_day():
    # 2026-09-30 is a Wednesday, so the Friday before 1 October is 25 September: 中秋节.
    assert D(2026, 9, 25).weekday() == 4
    assert not workdays.is_working_day(D(2026, 9, 25))


def test_swapped_weekend_days_of_the_national_day_holiday_are_working_days():
    assert workdays.is_working_day(D(2026, 9, 20))  # Sunday, 调休
    assert workdays.is_working_day(D(2026, 10, 10))  # Saturday, 调休
    assert not any(workdays.is_working_day(D(2026, 10, d)) for d in range(1, 8))


def test_due_dates_from_the_friday_before_national_day():
    friday = D(2026, 9, 25)
    assert workdays.add_working_days(friday, 2) == D(2026, 9, 29)
    assert workdays.add_working_days(friday, 3) == D(2026, 9, 30)
    assert workdays.add_working_days(friday, 4) == D(2026, 10, 8)
    assert workdays.add_working_days(friday, 6) == D(2026, 10, 10)  # the working Saturday
    assert workdays.add_working_days(friday, 7) == D(2026, 10, 12)


def test_counting_between_days_and_paused_days():
    assert workdays.working_days_between(D(2026, 9, 25), D(2026, 10, 9)) == 5
    assert workdays.working_days_between(D(2026, 10, 9), D(2026, 10, 9)) == 0
    skip = workdays.paused_days([(D(2026, 9, 28), D(2026, 9, 30))], D(2026, 12, 1))
    assert skip == {D(2026, 9, 29), D(2026, 9, 30)}
    assert workdays.add_working_days(D(2026, 9, 25), 2, skip=skip) == D(2026, 10, 8)


def test_an_unknown_year_warns_at_start_up_and_falls_back_to_weekdays():
    assert calendar_knows_this_year(today=D(2026, 12, 3)) == []
    warnings = calendar_knows_this_year(today=D(2199, 1, 1))
    assert [w.id for w in warnings] == ["servicedesk.W001"]
    assert workdays.is_working_day(D(2199, 1, 1)) == (D(2199, 1, 1).weekday() < 5)

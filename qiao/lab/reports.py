"""Usage and revenue of a lab by month: per instrument and per customer organisation.

Read-only aggregations over bookings of the lab's instruments that start in the year
(local time). A booking counts as booked when it was confirmed, used or a no-show;
hours used come from the minutes the lab recorded; revenue is the fee charged (use, late
cancellation, no-show), whether or not it is on a statement yet, before vouchers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from qiao.directory.models import Organisation
from qiao.lab.models import Booking

BOOKED = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)


@dataclass(frozen=True)
class ReportRow:
    month: datetime.date
    key: int
    name: str
    bookings: int
    hours_booked: Decimal
    hours_used: Decimal
    revenue: Decimal


@dataclass(frozen=True)
class LabReport:
    lab: Organisation
    year: int
    by_equipment: list[ReportRow]
    by_customer: list[ReportRow]

    @property
    def revenue(self) -> Decimal:
        return sum((row.revenue for row in self.by_equipment), Decimal("0.00"))

    @property
    def hours_used(self) -> Decimal:
        return sum((row.hours_used for row in self.by_equipment), Decimal("0.0"))


def _hours(minutes) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"))


def _rows(bookings, key: str, names: dict[int, str]) -> list[ReportRow]:
    zone = timezone.get_current_timezone()
    grouped = (
        bookings.annotate(month=TruncMonth("starts_at", tzinfo=zone))
        .values("month", key)
        .annotate(
            count=Count("pk", filter=Q(status__in=BOOKED)),
            used=Coalesce(Sum("used_minutes"), 0),
            revenue=Coalesce(Sum("fee"), Value(Decimal("0")), output_field=DecimalField()),
        )
        .order_by("month", key)
    )
    minutes_booked = _minutes_booked(bookings, key)
    rows = []
    for group in grouped:
        month = group["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        rows.append(
            ReportRow(
                month=month,
                key=group[key],
                name=names.get(group[key], ""),
                bookings=group["count"],
                hours_booked=_hours(minutes_booked.get((month, group[key]), 0)),
                hours_used=_hours(group["used"]),
                revenue=Decimal(group["revenue"]).quantize(Decimal("0.01")),
            )
        )
    return rows


def _minutes_booked(bookings, key: str) -> dict[tuple[datetime.date, int], int]:
    # Durations are summed in Python: a duration sum differs between SQLite and PostgreSQL,
    # and a lab's year is a few thousand bookings at most.
    totals: dict[tuple[datetime.date, int], int] = {}
    for starts_at, ends_at, group in bookings.filter(status__in=BOOKED).values_list(
        "starts_at", "ends_at", key
    ):
        month = timezone.localtime(starts_at).date().replace(day=1)
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        totals[(month, group)] = totals.get((month, group), 0) + minutes
    return totals


def lab_report(*, lab: Organisation, year: int) -> LabReport:
    """Return the lab's year by month, per instrument and per customer organisation."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    bookings = Booking.objects.filter(
        equipment__organisation=lab, starts_at__gte=start, starts_at__lt=end
    ).exclude(status__in=[Booking.Status.WAITLISTED, Booking.Status.DECLINED])
    equipment_names = {e.pk: e.name for e in lab.equipment.all()}
    customer_ids = set(bookings.values_list("organisation_id", flat=True))
    customers = Organisation.objects.filter(pk__in=customer_ids)
    customer_names = {o.pk: o.name for o in customers}
    return LabReport(
        lab=lab,
        year=year,
        by_equipment=_rows(bookings, "equipment_id", equipment_names),
        by_customer=_rows(bookings, "organisation_id", customer_names),
    )

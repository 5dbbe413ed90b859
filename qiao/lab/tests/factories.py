"""Instruments, bookings and vouchers for tests, built through the lab's services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from qiao.directory.tests.factories import OrganisationFactory, UserFactory
from qiao.lab import services
from qiao.lab.models import Equipment

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date | str, hour: int, minute: int = 0) -> datetime.datetime:
    """Return an aware Shanghai time on ``day`` (a date or "YYYY-MM-DD")."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def next_monday(weeks_ahead: int = 1) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 * weeks_ahead - today.weekday())


def make_equipment(
    *, organisation=None, by=None, status: str = Equipment.Status.AVAILABLE, **fields
) -> Equipment:
    """Create an instrument through the services (an operator by default) and list it."""
    organisation = organisation or OrganisationFactory()
    by = by or UserFactory(is_operator=True)
    fields.setdefault("name_zh", "激光共聚焦显微镜")
    fields.setdefault("name_en", "Confocal laser scanning microscope")
    fields.setdefault("category", Equipment.Category.IMAGING)
    fields.setdefault("location", "3号楼 402室")
    fields.setdefault("rate_own", Decimal("100.00"))
    fields.setdefault("rate_member", Decimal("200.00"))
    fields.setdefault("rate_external", Decimal("400.00"))
    return services.create_equipment(
        created_by=by, organisation=organisation, status=status, **fields
    )

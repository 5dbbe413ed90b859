"""API schemas of the shared lab."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, FilterSchema, Schema

from qiao.core.limits import BoundedDateTime
from qiao.lab.models import Booking, CustomerType, Equipment


class EquipmentFilter(FilterSchema):
    q: str = Field("", max_length=100, description="Chinese, English, pinyin or mixed text")
    category: Equipment.Category | None = None
    kind: Equipment.Kind | None = None
    organisation: int | None = None
    city: str = ""
    no_training: bool = False
    no_approval: bool = False


class EquipmentOut(Schema):
    id: int
    kind: Equipment.Kind
    category: Equipment.Category
    status: Equipment.Status
    name_zh: str
    name_en: str
    make_model: str
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    location: str
    unit_minutes: int
    min_units: int
    max_units: int
    rate_own: Decimal
    rate_member: Decimal
    rate_external: Decimal
    requires_approval: bool
    requires_training: bool


class EquipmentDetailOut(EquipmentOut):
    description_zh: str
    description_en: str
    specifications: str
    opens_at: datetime.time
    closes_at: datetime.time
    cancel_deadline_hours: int
    cancel_fee_percent: int
    no_show_fee_percent: int
    listing_id: int | None


class AvailabilityFilter(Schema):
    start: BoundedDateTime = Field(..., description="ISO 8601 with a time zone")
    end: BoundedDateTime = Field(..., description="at most 62 days after start")


class BusyOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    kind: str = Field(..., description="booked, requested or maintenance; never who")


class BookingIn(Schema):
    equipment_id: int
    organisation_id: int = Field(..., description="the organisation billed")
    starts_at: BoundedDateTime = Field(..., description="ISO 8601 with a time zone")
    units: int = Field(..., ge=1, description="number of booking units")
    purpose: str = Field("", max_length=300)
    join_waitlist: bool = Field(False, description="wait in line if the time is taken")


class BookingOut(Schema):
    id: int
    equipment_id: int
    equipment_name: str = Field(..., alias="equipment.name_zh")
    organisation_id: int
    customer_type: CustomerType
    unit_rate: Decimal
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: Booking.Status
    purpose: str
    offer_expires_at: datetime.datetime | None
    used_minutes: int | None
    fee: Decimal


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=300)


class UsageIn(Schema):
    minutes: int = Field(..., ge=1, le=10080)

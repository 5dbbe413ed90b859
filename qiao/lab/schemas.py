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
    version: int = Field(..., description="send it back (or as If-Match) with a change")


class EquipmentPatch(Schema):
    """The described fields of an instrument; only those sent change (lab managers)."""

    version: int | None = Field(None, ge=1, description="the version you edited; or send If-Match")
    name_zh: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    kind: Equipment.Kind | None = None
    category: Equipment.Category | None = None
    make_model: str | None = Field(None, max_length=120)
    location: str | None = Field(None, min_length=1, max_length=200)
    description_zh: str | None = None
    description_en: str | None = None
    specifications: str | None = None
    unit_minutes: Equipment.Unit | None = None
    min_units: int | None = Field(None, ge=1, le=32767)
    max_units: int | None = Field(None, ge=1, le=32767)
    opens_at: datetime.time | None = None
    closes_at: datetime.time | None = None
    rate_own: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    rate_member: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    rate_external: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    requires_approval: bool | None = None
    requires_training: bool | None = None
    cancel_deadline_hours: int | None = Field(None, ge=0, le=32767)
    cancel_fee_percent: int | None = Field(None, ge=0, le=100)
    no_show_fee_percent: int | None = Field(None, ge=0, le=100)


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

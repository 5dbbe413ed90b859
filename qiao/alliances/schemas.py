"""API shapes of alliance membership: tiers, members and payments (read only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


class TierOut(Schema):
    id: int
    name_zh: str
    name_en: str
    annual_fee: Decimal
    benefits: str
    event_request_quota: int | None
    lab_discount_percent: int


class MemberOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    tier_id: int
    tier: str
    status: str
    starts_on: date | None
    ends_on: date | None

    @staticmethod
    def resolve_organisation_id(obj) -> int:
        return obj.member_id

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.member.name_zh

    @staticmethod
    def resolve_tier(obj) -> str:
        return obj.tier.name_zh


class PaymentOut(Schema):
    id: int
    membership_id: int
    organisation: str
    invoice_no: str
    amount: Decimal
    paid_on: date
    covers_until: date

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.membership.member.name_zh

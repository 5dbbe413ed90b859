import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class PolicyOut(Schema):
    id: int
    title_zh: str
    title_en: str
    number: str
    issuer: str
    level: str
    benefit_kind: str
    amount: Decimal | None
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    office: str
    phone: str
    status: str
    criteria: list[dict[str, Any]]
    version: int


class CriterionOut(Schema):
    sentence_zh: str
    sentence_en: str
    outcome: str
    proof: list[dict[str, Any]]
    missing: str
    depth: int


class EligibilityOut(Schema):
    policy: int
    organisation: int
    outcome: str
    missing: list[str]
    criteria: list[CriterionOut]


class ApplicationIn(Schema):
    status: str = "applied"
    applied_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    amount_granted: Decimal | None = None
    amount_received: Decimal | None = None
    paid_on: datetime.date | None = None
    note: str = ""
    version: int | None = None


class ApplicationOut(Schema):
    id: int
    policy_id: int
    organisation_id: int
    status: str
    applied_on: datetime.date | None
    decided_on: datetime.date | None
    amount_granted: Decimal | None
    amount_received: Decimal | None
    paid_on: datetime.date | None
    note: str
    version: int

import datetime
from decimal import Decimal

from ninja import Field, Schema

from qiao.insights.selectors.network import DEFAULT_LIMIT, MAX_LIMIT


class FunnelOut(Schema):
    needs: int
    offers: int
    matches: int
    introductions: int
    agreements_signed: int
    introduction_rate: float | None
    signing_rate: float | None
    median_days_to_introduction: float | None
    median_days_to_signing: float | None
    introductions_by_status: dict[str, int]
    agreements_by_kind: dict[str, int]
    amounts_by_currency: dict[str, float]


class StageRowOut(Schema):
    stage: str
    projects: int
    median_days: float | None


class GroupRowOut(Schema):
    key: str
    label: str
    agreements: int
    amount_cny: Decimal


class PeriodRowOut(Schema):
    period: datetime.date
    kind: str
    agreements: int
    amount_cny: Decimal


class AgreementStatsOut(Schema):
    period: str
    total: int
    amount_cny: Decimal
    over_time: list[PeriodRowOut]
    by_kind: list[GroupRowOut]
    by_category: list[GroupRowOut]
    by_region: list[GroupRowOut]
    by_organisation_kind: list[GroupRowOut]


class BrokerRowOut(Schema):
    broker_id: int | None = Field(..., description="null: requests no broker has taken yet")
    name: str
    open: int
    overdue: int
    proposed: int
    signed: int
    median_hours_to_take: float | None
    median_days_to_answer: float | None


class NetworkQuery(Schema):
    agreement_kind: str = Field("", description='an agreement kind, "" for all, "none"')
    relation_kind: str = Field("", description='a relation kind, "" for all, "none"')
    category: str = Field("", description="a device_category code")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class NodeOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    degree: int
    url: str


class EdgeOut(Schema):
    source: int
    target: int
    type: str
    label: str
    weight: int


class NetworkOut(Schema):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    shown: int
    connected: int

"""API schemas of the pipeline."""

from datetime import date, datetime

from ninja import Field, Schema

from qiao.pipeline.models import Introduction


class IntroductionIn(Schema):
    note: str = Field("", max_length=2000)


class IntroductionOut(Schema):
    id: int
    match_id: int | None
    requesting_organisation_id: int
    receiving_organisation_id: int
    listing_ids: list[int]
    broker: str | None
    status: Introduction.Status
    drop_reason: str
    next_action: str
    next_action_due: date | None
    note: str
    created_at: datetime
    status_changed_at: datetime | None

    @staticmethod
    def resolve_listing_ids(obj):
        return sorted(obj.listings.values_list("pk", flat=True))

    @staticmethod
    def resolve_broker(obj):
        return obj.broker.email if obj.broker_id else None


class StatusIn(Schema):
    status: Introduction.Status
    reason: str = Field("", max_length=2000, description="required to decline or drop")


class NextActionIn(Schema):
    next_action: str = Field("", max_length=200)
    due: date | None = None


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=10000)


class MessageOut(Schema):
    id: int
    author: str = Field(..., alias="author.email")
    body: str
    created_at: datetime

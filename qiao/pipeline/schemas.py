from datetime import datetime

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
    broker: str = Field(..., alias="broker.email")
    status: Introduction.Status
    note: str
    created_at: datetime

    @staticmethod
    def resolve_listing_ids(obj):
        return sorted(obj.listings.values_list("pk", flat=True))

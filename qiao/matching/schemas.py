"""API schemas of matches and feedback."""

from __future__ import annotations

from ninja import Field, Schema

from qiao.matching.models import MatchFeedback
from qiao.matching.reasons import describe, shown_reasons


class ReasonOut(Schema):
    code: str
    terms: list[str]
    weight: float
    text: str = Field(..., description="the reason in words, in the request's language")


class MatchOut(Schema):
    id: int
    rank: int
    score: float
    counterpart_type: str = Field(..., description='"listing" or "organisation"')
    counterpart_id: int
    counterpart_title: str
    reasons: list[ReasonOut]

    @staticmethod
    def resolve_counterpart_type(obj):
        return "listing" if obj.counterpart_listing_id else "organisation"

    @staticmethod
    def resolve_counterpart_id(obj):
        return obj.counterpart_listing_id or obj.counterpart_organisation_id

    @staticmethod
    def resolve_counterpart_title(obj):
        if obj.counterpart_listing_id:
            return obj.counterpart_listing.title
        return obj.counterpart_organisation.name_zh

    @staticmethod
    def resolve_reasons(obj):
        return [{**r, "text": describe(r)} for r in shown_reasons(obj)]


class FeedbackIn(Schema):
    verdict: MatchFeedback.Verdict
    reason: MatchFeedback.Reason | None = None
    comment: str = Field("", max_length=2000)


class FeedbackOut(Schema):
    id: int
    match_id: int
    verdict: MatchFeedback.Verdict
    reason: str
    comment: str

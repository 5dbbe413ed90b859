"""API schemas of news intelligence."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from qiao.intel.models import OrganisationType, Proposal


class ArticleOut(Schema):
    id: int
    title: str
    source: str
    url: str
    published_on: datetime.date | None
    pending: int = Field(0, description="proposals waiting for review")


class ProposalOut(Schema):
    id: int
    kind: Proposal.Kind
    payload: dict[str, Any]
    confidence: float
    span_start: int = Field(description="start of the source span in original_text")
    span_end: int
    status: Proposal.Status
    organisation_id: int | None = Field(None, description="the directory organisation it links to")
    result_id: int | None = Field(
        None,
        description=(
            "the record accepting wrote or found: organisation, person, agreement, relation, "
            "event in the news or key figure"
        ),
    )


class ArticleDetailOut(ArticleOut):
    original_text: str
    cleaned_text: str
    proposals: list[ProposalOut]


class ArticleIn(Schema):
    text: str = Field("", description="pasted text or HTML")
    url: str = Field("", description="address of a news page to fetch, instead of text")
    source: str = ""
    published_on: datetime.date | None = None


class ArticleFetchOut(Schema):
    id: int
    url: str
    status: str = Field(description="queued, running, done or failed")
    error: str = Field(description="code of the failure: not_allowed, too_large, timeout, …")
    message: str = Field(description="the failure in words, in the request's language")
    article_id: int | None = Field(None, description="the article stored, once done")


class DecisionIn(Schema):
    action: Literal["accept", "reject"]
    payload: dict[str, Any] | None = Field(
        None,
        description=(
            "edited fields, when accepting; checked per kind (choices, dates as YYYY-MM-DD, "
            "numbers), unknown fields refused: 422 with a message per field"
        ),
    )
    on_duplicate: Literal["ask", "merge", "keep"] = Field(
        "ask",
        description=(
            "an agreement already recorded (same parties and kind, signed within 7 days): "
            "ask answers 422 with errors.duplicate, merge adds the article as its source, "
            "keep records a second one"
        ),
    )


class OrganisationFromTextIn(Schema):
    name: str = Field(description="the organisation's name as the article writes it")
    type: OrganisationType = OrganisationType.OTHER
    start: int | None = Field(None, ge=0, description="where the name starts in original_text")
    end: int | None = Field(None, ge=0, description="where it ends (exclusive)")


class ThresholdIn(Schema):
    threshold: float | None = Field(None, ge=0, le=1)

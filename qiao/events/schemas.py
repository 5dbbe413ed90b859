"""API schemas of events. Request messages appear only in the two sides' own lists."""

from __future__ import annotations

from datetime import date, datetime, time

from ninja import Field, Schema

from qiao.core.limits import BoundedDate
from qiao.events.models import Event, Meeting, MeetingRequest, Registration


class EventOut(Schema):
    id: int
    kind: Event.Kind
    status: Event.Status
    title_zh: str
    title_en: str
    starts_on: date
    ends_on: date
    venue_zh: str
    venue_en: str
    organiser_id: int
    capacity: int | None
    approved_count: int
    registration_open: bool
    version: int = Field(..., description="Send it back with a change (or as If-Match).")


class EventIn(Schema):
    organiser_id: int
    kind: Event.Kind
    title_zh: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    description_zh: str = ""
    description_en: str = ""
    starts_on: BoundedDate
    ends_on: BoundedDate
    venue_zh: str = Field("", max_length=200)
    venue_en: str = Field("", max_length=200)
    capacity: int | None = Field(None, ge=1)


class EventPatch(Schema):
    """The event's own fields, each optional; ``version`` (or If-Match) is the one edited."""

    kind: Event.Kind | None = None
    title_zh: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    description_zh: str | None = None
    description_en: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    venue_zh: str | None = Field(None, max_length=200)
    venue_en: str | None = Field(None, max_length=200)
    capacity: int | None = Field(None, ge=1)
    registration_open: bool | None = None
    version: int | None = Field(
        None, ge=1, description="The version you edited; a stale one is answered 409."
    )


class RulesIn(Schema):
    meeting_minutes: int | None = None
    break_minutes: int | None = None
    day_starts_at: time | None = None
    day_ends_at: time | None = None
    tables: int | None = None
    max_meetings: int | None = None
    allow_moves: bool | None = None
    version: int | None = Field(
        None, ge=1, description="The version of the rules you edited; a stale one is 409."
    )


class RulesOut(Schema):
    meeting_minutes: int
    break_minutes: int
    day_starts_at: time
    day_ends_at: time
    tables: int
    max_meetings: int | None
    allow_moves: bool
    version: int


class StatusIn(Schema):
    status: str


class RegistrationIn(Schema):
    organisation_id: int
    participant_type_id: int | None = None


class DecisionIn(Schema):
    approve: bool
    reason: str = ""


class RegistrationOut(Schema):
    id: int
    user_name: str = Field(..., alias="user.full_name")
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    participant_type_id: int | None
    status: Registration.Status
    checked_in_at: datetime | None


class RequestIn(Schema):
    recipient_id: int
    message: str = Field("", max_length=2000)
    priority: int = Field(2, ge=1, le=3)


class AnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=300)


class RequestOut(Schema):
    id: int
    sender_id: int
    recipient_id: int
    message: str
    priority: int
    status: MeetingRequest.Status
    reason: str


class MeetingOut(Schema):
    id: int
    request_id: int
    sender_id: int = Field(..., alias="request.sender_id")
    recipient_id: int = Field(..., alias="request.recipient_id")
    starts_at: datetime = Field(..., alias="slot.starts_at")
    minutes: int = Field(..., alias="slot.minutes")
    table: int
    announced: bool
    status: Meeting.Status
    absent: Meeting.Absent


class PlanOut(Schema):
    meetings: int
    unscheduled: int
    objective: int
    bound: float
    seconds: float


class CheckInIn(Schema):
    present: bool = True


class MeetingStatusIn(Schema):
    status: Meeting.Status
    # For a no-show: who did not come (the requester, the person asked, or both: the
    # default); ignored for other statuses.
    absent: Meeting.Absent = Meeting.Absent.NOBODY


class CountOut(Schema):
    count: int


class RecommendationOut(Schema):
    registration_id: int
    organisation_id: int
    organisation_name: str
    score: float
    reasons: list[str]


# --- The organiser's set-up (``qiao/events/api/setup.py``) ---------------------------------


class ParticipantTypeOut(Schema):
    id: int
    name_zh: str
    name_en: str
    request_quota: int
    max_meetings: int | None
    may_ask_ids: list[int] = Field(
        ..., description="The types this type may ask (its rows of the rule table)."
    )


class ParticipantTypeIn(Schema):
    name_zh: str = Field(..., min_length=1, max_length=60)
    name_en: str = Field("", max_length=60)
    request_quota: int = Field(10, ge=0, le=1000)
    max_meetings: int | None = Field(None, ge=1, le=1000)
    may_ask_ids: list[int] = Field(default_factory=list, max_length=200)


class ParticipantTypePatch(Schema):
    """A type's own fields, each optional; whom it may ask is the rule table's."""

    name_zh: str | None = Field(None, min_length=1, max_length=60)
    name_en: str | None = Field(None, max_length=60)
    request_quota: int | None = Field(None, ge=0, le=1000)
    max_meetings: int | None = Field(None, ge=1, le=1000)


class SessionOut(Schema):
    id: int
    title_zh: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    room: str
    speakers: str


class SessionIn(Schema):
    title_zh: str = Field(..., min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    starts_at: datetime
    ends_at: datetime
    room: str = Field("", max_length=100)
    speakers: str = Field("", max_length=300)


class SessionPatch(Schema):
    title_zh: str | None = Field(None, min_length=1, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str | None = Field(None, max_length=100)
    speakers: str | None = Field(None, max_length=300)


class ZoneOut(Schema):
    id: int
    name_zh: str
    name_en: str


class ZoneIn(Schema):
    name_zh: str = Field(..., min_length=1, max_length=100)
    name_en: str = Field("", max_length=100)


class ExhibitorOut(Schema):
    id: int
    zone_id: int
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name_zh")
    booth: str


class ExhibitorIn(Schema):
    zone_id: int
    organisation_id: int
    booth: str = Field("", max_length=20)


class ExhibitorPatch(Schema):
    booth: str = Field("", max_length=20)


class BulkDecisionIn(Schema):
    registration_ids: list[int] = Field(..., min_length=1, max_length=1000)
    approve: bool
    reason: str = Field("", max_length=300, description="Required when declining.")


class RulePair(Schema):
    asker_id: int = Field(..., description="The participant type that asks.")
    asked_id: int = Field(..., description="The participant type it may ask.")


class RuleTableOut(Schema):
    open: bool = Field(..., description="No rule at all: anyone may ask anyone.")
    pairs: list[RulePair]


class RuleTableIn(Schema):
    pairs: list[RulePair] = Field(..., max_length=10000)


class FeedOut(Schema):
    url: str = Field(..., description="The caller's private calendar subscription (ICS).")


class FigureOut(Schema):
    key: str
    label: str
    value: int


class ReportIntroductionOut(Schema):
    id: int
    requesting_organisation_id: int
    receiving_organisation_id: int
    status: str
    stage: str


class ReportOut(Schema):
    event_id: int
    figures: list[FigureOut]
    stages: list[FigureOut]
    introductions: list[ReportIntroductionOut]

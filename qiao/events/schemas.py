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

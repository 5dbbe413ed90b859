"""What every events service shares: status aliases, the fields each form may set, the
one audit entry of a bulk operation, and the ``event_changed`` effect."""

from __future__ import annotations

from qiao.core import audit, effects
from qiao.events import policies
from qiao.events.models import (
    Event,
    MeetingRequest,
    ParticipantType,
    Registration,
)
from qiao.events.rules import RuleTable

__all__ = [
    "rule_table",
    "is_organiser",
    "Status",
    "RequestStatus",
    "COUNTED_REQUESTS",
    "Action",
    "EVENT_FIELDS",
    "RULES_FIELDS",
    "SESSION_FIELDS",
    "PROFILE_FIELDS",
]

Status = Registration.Status
RequestStatus = MeetingRequest.Status

# Requests that count against the sender's quota: everything not withdrawn.
COUNTED_REQUESTS = (RequestStatus.PENDING, RequestStatus.ACCEPTED, RequestStatus.DECLINED)


Action = audit.AuditEntry.Action

# The fields each form or operation may set; anything else is a programming error.
EVENT_FIELDS = frozenset(
    {
        "kind",
        "title_zh",
        "title_en",
        "description_zh",
        "description_en",
        "starts_on",
        "ends_on",
        "venue_zh",
        "venue_en",
        "capacity",
        "registration_open",
    }
)
RULES_FIELDS = frozenset(
    {
        "meeting_minutes",
        "break_minutes",
        "day_starts_at",
        "day_ends_at",
        "tables",
        "max_meetings",
        "allow_moves",
    }
)
SESSION_FIELDS = frozenset({"title_zh", "title_en", "starts_at", "ends_at", "room", "speakers"})
PROFILE_FIELDS = frozenset({"headline", "seeking", "offering"})


def is_organiser(user, event: Event) -> bool:
    return policies.is_organiser(user, event)


def _record_counts(event: Event, actor, counts: dict[str, int]) -> None:
    """One entry on the event for a bulk operation: what it made, as counts."""
    audit.record_change(
        instance=event,
        actor=actor,
        action=Action.CHANGED,
        changes={name: ("", count) for name, count in counts.items()},
    )


def _changed(event_id: int) -> None:
    effects.emit("event_changed", event_id=event_id)


def rule_table(event_id: int) -> RuleTable:
    """The event's who-may-ask-whom rules (``qiao.events.rules``), read from the database."""
    through = ParticipantType.may_meet.through
    return RuleTable.of(
        through.objects.filter(from_participanttype__event_id=event_id).values_list(
            "from_participanttype_id", "to_participanttype_id"
        )
    )

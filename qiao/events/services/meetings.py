"""Meetings after the fact: marking them held or no-show, and turning them into introductions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qiao.core import policy, writes
from qiao.events.models import (
    Event,
    Meeting,
)
from qiao.events.services._common import _changed, _record_counts
from qiao.pipeline.services.introductions import record_introduction_after_meeting

__all__ = ["mark_meeting", "introduce_held_meetings"]


@transaction.atomic
def mark_meeting(*, meeting: Meeting, marked_by, status: str, absent: str = "") -> Meeting:
    """Mark a meeting held or no-show (or back to planned) at the event.

    A no-show names who did not come (the requester, the person asked, or both: the
    default), so no-shows count per person; other statuses clear it.
    """
    policy.authorize(marked_by, "events.mark_meeting", meeting.event)
    if status not in Meeting.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if absent not in Meeting.Absent.values:
        raise ValidationError({"absent": _("Unknown choice.")})
    if meeting.introduction_id is not None and status != Meeting.Status.HELD:
        raise ValidationError(_("This meeting has already become an introduction."))
    if status == Meeting.Status.NO_SHOW:
        absent = absent or Meeting.Absent.BOTH
    else:
        absent = Meeting.Absent.NOBODY
    writes.update(
        meeting,
        actor=marked_by,
        data={"status": status, "absent": absent},
        allowed={"status", "absent"},
    )
    _changed(meeting.event_id)
    return meeting


@transaction.atomic
def introduce_held_meetings(*, event: Event, introduced_by) -> int:
    """Turn every held meeting into a pipeline introduction (brokered by the organiser).

    Each introduction is audited by the pipeline; the event gets one entry with the count.
    """
    policy.authorize(introduced_by, "events.introduce_meetings", event)
    held = (
        Meeting.objects.select_for_update(of=("self",))
        .filter(event=event, status=Meeting.Status.HELD, introduction__isnull=True)
        .select_related("request__sender", "request__recipient")
    )
    count = 0
    for meeting in held:
        request = meeting.request
        introduction = record_introduction_after_meeting(
            requesting_organisation_id=request.sender.organisation_id,
            receiving_organisation_id=request.recipient.organisation_id,
            broker=introduced_by,
            convened_by_id=event.organiser_id,
            note=_("Met at %(event)s.") % {"event": event.title},
        )
        meeting.introduction = introduction
        meeting.save(update_fields=["introduction", "updated_at"])
        count += 1
    if count:
        _record_counts(event, introduced_by, {"introductions": count})
        _changed(event.pk)
    return count

"""Planning the meetings with the scheduler, and announcing them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import policy
from qiao.events import instance as sched
from qiao.events import notifications
from qiao.events.models import (
    Event,
    EventRules,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Registration,
)
from qiao.events.scheduling import schedule
from qiao.events.services._common import RequestStatus, Status, _changed, _record_counts

__all__ = ["build_instance", "plan_meetings", "announce_meetings"]


def _cap(registration: Registration, rules: EventRules) -> int | None:
    caps = [rules.max_meetings]
    if registration.participant_type is not None:
        caps.append(registration.participant_type.max_meetings)
    present = [c for c in caps if c is not None]
    return min(present) if present else None


def build_instance(event: Event) -> sched.Instance:
    """The scheduler's view of the event: its slots, approved participants with their
    unavailable slots and caps, accepted requests, and meetings already announced."""
    rules = EventRules.objects.get(event=event)
    slots = list(MeetingSlot.objects.filter(event=event).order_by("starts_at"))
    registrations = list(
        Registration.objects.filter(event=event, status=Status.APPROVED)
        .select_related("participant_type")
        .prefetch_related("unavailable_slots")
    )
    approved = {r.pk for r in registrations}
    requests = list(
        MeetingRequest.objects.filter(
            event=event,
            status=RequestStatus.ACCEPTED,
            sender__in=approved,
            recipient__in=approved,
        ).order_by("pk")
    )
    request_ids = {r.pk for r in requests}
    announced = [
        sched.Announced(request=str(m.request_id), slot=str(m.slot_id), table=m.table)
        for m in Meeting.objects.filter(event=event, announced=True).order_by("pk")
        if m.request_id in request_ids
    ]
    return sched.Instance(
        slots=tuple(
            sched.Slot(id=str(s.pk), start=s.starts_at, minutes=s.minutes, capacity=s.tables)
            for s in slots
        ),
        participants=tuple(
            sched.Participant(
                id=str(r.pk),
                unavailable=frozenset(str(s.pk) for s in r.unavailable_slots.all()),
                max_meetings=_cap(r, rules),
            )
            for r in registrations
        ),
        requests=tuple(
            sched.Request(
                id=str(r.pk),
                source=str(r.sender_id),
                target=str(r.recipient_id),
                priority=r.priority,
            )
            for r in requests
        ),
        announced=tuple(announced),
        allow_moves=rules.allow_moves,
    )


def _check_instance(instance: sched.Instance) -> sched.Instance:
    """Run the scheduler's own checks (announced meetings still feasible, …), translated."""
    try:
        return sched.parse_instance(instance.to_json())
    except sched.InstanceError as error:
        raise ValidationError(
            _("The meetings cannot be planned: %(problem)s")
            % {"problem": _(error.template) % error.params}
        ) from error


def _check_plannable(event: Event) -> None:
    if not MeetingSlot.objects.filter(event=event).exists():
        raise ValidationError(_("Generate the meeting slots first."))
    if Meeting.objects.filter(event=event).exclude(status=Meeting.Status.PLANNED).exists():
        raise ValidationError(
            _("Meetings have been marked held or no-show; they can no longer be re-planned.")
        )


def _planning_inputs(event: Event) -> tuple[sched.Instance, frozenset[int], str]:
    """Read what planning depends on: the instance, the announced requests, and a
    fingerprint of both that changes when anything planning reads has changed."""
    instance = build_instance(event)
    was_announced = frozenset(
        Meeting.objects.filter(event=event, announced=True).values_list("request_id", flat=True)
    )
    text = json.dumps([instance.to_json(), sorted(was_announced)], sort_keys=True, default=str)
    return instance, was_announced, hashlib.sha256(text.encode()).hexdigest()


def plan_meetings(
    *, event: Event, planned_by, time_limit: float | None = 10.0, step_limit: int | None = None
) -> dict[str, Any]:
    """Place the accepted requests in slots at tables and store the meetings.

    The search runs outside any transaction, on a snapshot of the requests, slots and
    availability, so it holds no lock however long it takes (on SQLite other writers would
    otherwise wait past the busy timeout). Its result is then stored in a short transaction
    that first checks, by fingerprint, that nothing it read has changed meanwhile; if
    anything has, nothing is stored and the organiser is asked to plan again.

    Announced meetings keep their slot and table unless the rules allow moves; meetings
    not yet announced are planned afresh. Returns the scheduler's statistics. The run is
    audited as one entry on the event with its counts, not one per meeting.
    """
    policy.authorize(planned_by, "events.plan_meetings", event)
    _check_plannable(event)
    instance, was_announced, fingerprint = _planning_inputs(event)
    result = schedule(_check_instance(instance), time_limit=time_limit, step_limit=step_limit)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_plannable(event)
        if _planning_inputs(event)[2] != fingerprint:
            raise ValidationError(
                _(
                    "The requests or slots changed while the meetings were being planned; plan again."
                )
            )
        Meeting.objects.filter(event=event).delete()
        Meeting.objects.bulk_create(
            Meeting(
                event=event,
                request_id=int(m.request),
                slot_id=int(m.slot),
                table=m.table,
                announced=int(m.request) in was_announced,
            )
            for m in result.meetings
        )
        # One entry for the run, with its counts, in the transaction that stores it.
        _record_counts(
            event,
            planned_by,
            {"meetings": len(result.meetings), "unplaced_requests": result.stats["unscheduled"]},
        )
        _changed(event.pk)
    return result.stats


@transaction.atomic
def announce_meetings(*, event: Event, announced_by) -> int:
    """Tell the participants their meetings: from now on re-planning keeps them in place."""
    policy.authorize(announced_by, "events.announce_meetings", event)
    count = Meeting.objects.filter(event=event, announced=False).update(
        announced=True, updated_at=timezone.now()
    )
    if count:
        _record_counts(event, announced_by, {"announced_meetings": count})
        transaction.on_commit(lambda: notifications.meetings_announced(event))
    return count

"""Planning the meetings with the scheduler, and announcing them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import policy
from qiao.events import instance as sched
from qiao.events import notices as event_notices
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
from qiao.events.services._common import RequestStatus, Status, _changed, _record_counts, rule_table
from qiao.inbox import notices

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
    approved = {r.pk: r for r in registrations}
    announced_meetings = list(Meeting.objects.filter(event=event, announced=True).order_by("pk"))
    told = {m.request_id for m in announced_meetings}
    table = rule_table(event.pk)

    def allowed(request: MeetingRequest) -> bool:
        # The rules as they are now: a request accepted under older rules is planned only
        # if they still allow it, unless its meeting was announced (people were told).
        sender, recipient = approved[request.sender_id], approved[request.recipient_id]
        return request.pk in told or table.may_ask(
            sender.participant_type_id, recipient.participant_type_id
        )

    requests = [
        r
        for r in MeetingRequest.objects.filter(
            event=event,
            status=RequestStatus.ACCEPTED,
            sender__in=approved,
            recipient__in=approved,
        ).order_by("pk")
        if allowed(r)
    ]
    request_ids = {r.pk for r in requests}
    announced = [
        sched.Announced(request=str(m.request_id), slot=str(m.slot_id), table=m.table)
        for m in announced_meetings
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
        # What people were told survives re-planning, so the next announcement can say
        # only what moved.
        told = {
            m.request_id: (m.told_slot_id, m.told_table)
            for m in Meeting.objects.filter(event=event, announced=True)
        }
        Meeting.objects.filter(event=event).delete()
        Meeting.objects.bulk_create(
            Meeting(
                event=event,
                request_id=int(m.request),
                slot_id=int(m.slot),
                table=m.table,
                announced=int(m.request) in was_announced,
                told_slot_id=told.get(int(m.request), (None, None))[0],
                told_table=told.get(int(m.request), (None, None))[1],
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
    """Tell the participants what is new or moved since the last announcement (only that);
    from now on re-planning keeps announced meetings in place unless the rules allow moves.

    A moved meeting's calendar revision (``MeetingRequest.sequence``) grows, so subscribed
    calendars replace it. Returns how many meetings were announced or re-announced.
    """
    policy.authorize(announced_by, "events.announce_meetings", event)
    changed = list(
        Meeting.objects.select_for_update(of=("self",))
        .filter(event=event)
        .filter(
            Q(announced=False)
            | Q(told_slot__isnull=True)
            | ~Q(told_slot=F("slot"))
            | ~Q(told_table=F("table"))
        )
        .select_related("request")
    )
    if not changed:
        return 0
    now = timezone.now()
    moved = [m.request_id for m in changed if m.told_slot_id is not None]
    for meeting in changed:
        meeting.announced, meeting.told_slot_id, meeting.told_table = (
            True,
            meeting.slot_id,
            meeting.table,
        )
        meeting.updated_at = now
    Meeting.objects.bulk_update(changed, ["announced", "told_slot", "told_table", "updated_at"])
    MeetingRequest.objects.filter(pk__in=moved).update(sequence=F("sequence") + 1, updated_at=now)
    _record_counts(event, announced_by, {"announced_meetings": len(changed)})
    ids = frozenset(m.pk for m in changed)
    transaction.on_commit(lambda: notifications.meetings_announced(event, only=ids))
    _tell_changed(event, changed, announced_by)
    return len(changed)


def _tell_changed(event: Event, meetings: list[Meeting], actor) -> None:
    registrations = Registration.objects.filter(
        Q(sent__meeting__in=meetings) | Q(received__meeting__in=meetings)
    ).select_related("user")
    for registration in registrations.distinct():
        notices.send(
            event_notices.MEETINGS_CHANGED,
            recipients=[registration.user],
            params={"event": notices.name_of(event)},
            url=event_notices.event_url("events:agenda", event.pk),
            about=registration,
            exclude=[actor],
        )

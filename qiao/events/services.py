"""Write operations of events: the event and its rules, registrations, meeting requests,
planning the meetings with the scheduler, marking them, and turning held ones into
introductions.

Every write checks who is asking and raises ``PermissionDenied`` or a ``ValidationError``
whose message is translated; each runs in one transaction, so a refused write leaves
nothing behind. Capacity is kept by a conditional ``UPDATE`` of the event row (two
organisers approving the last place at once cannot both succeed); request quotas by
locking the sender's registration row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import limits
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.events import instance as sched
from qiao.events import notifications
from qiao.events.models import (
    Event,
    EventRules,
    Exhibitor,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    ParticipantProfile,
    ParticipantType,
    Registration,
    Session,
    Zone,
)
from qiao.events.scheduling import schedule
from qiao.pipeline.services.introductions import record_introduction_after_meeting

Status = Registration.Status
RequestStatus = MeetingRequest.Status

# Requests that count against the sender's quota: everything not withdrawn.
COUNTED_REQUESTS = (RequestStatus.PENDING, RequestStatus.ACCEPTED, RequestStatus.DECLINED)


def is_organiser(user, event: Event) -> bool:
    roles = roles_of(user)
    return roles.is_operator or event.organiser_id in roles.admin_of


def _check_organiser(user, event: Event) -> None:
    if not is_organiser(user, event):
        raise PermissionDenied


# --- Events -------------------------------------------------------------------------------


@transaction.atomic
def create_event(*, created_by, organiser: Organisation, **fields: Any) -> Event:
    """Create a draft event of the organiser (operators, or admins of that organisation)."""
    roles = roles_of(created_by)
    if not (roles.is_operator or organiser.pk in roles.admin_of):
        raise PermissionDenied
    event = Event(organiser=organiser, created_by=created_by, **fields)
    event.full_clean()
    _check_days(event)
    event.save()
    EventRules.objects.create(event=event)
    return event


@transaction.atomic
def update_event(*, event: Event, updated_by, **fields: Any) -> Event:
    _check_organiser(updated_by, event)
    for name, value in fields.items():
        setattr(event, name, value)
    if event.capacity is not None and event.capacity < event.approved_count:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d participants are already approved; the capacity cannot be lower."
                )
                % {"count": event.approved_count}
            }
        )
    event.full_clean()
    _check_days(event)
    event.save()
    return event


def _check_days(event: Event) -> None:
    limits.check_date(event.starts_on, field="starts_on")
    limits.check_date(event.ends_on, field="ends_on")
    if event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": _("The last day cannot come before the first.")})
    days = (event.ends_on - event.starts_on).days + 1
    if days > settings.QIAO_EVENT_MAX_DAYS:
        raise ValidationError(
            {
                "ends_on": _("An event lasts at most %(days)d days.")
                % {"days": settings.QIAO_EVENT_MAX_DAYS}
            }
        )


@transaction.atomic
def change_event_status(*, event: Event, status: str, changed_by) -> Event:
    _check_organiser(changed_by, event)
    if status not in Event.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def add_participant_type(
    *,
    event: Event,
    added_by,
    name_zh: str,
    name_en: str = "",
    request_quota: int = 10,
    max_meetings: int | None = None,
    may_meet: list[ParticipantType] | None = None,
) -> ParticipantType:
    _check_organiser(added_by, event)
    participant_type = ParticipantType(
        event=event,
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        request_quota=request_quota,
        max_meetings=max_meetings,
    )
    participant_type.full_clean()
    participant_type.save()
    if may_meet:
        if any(t.event_id != event.pk for t in may_meet):
            raise ValidationError({"may_meet": _("That participant type is not of this event.")})
        participant_type.may_meet.set(may_meet)
    return participant_type


@transaction.atomic
def add_session(*, event: Event, added_by, **fields: Any) -> Session:
    """Add an agenda item (keynote, panel, roadshow block) to the event's programme."""
    _check_organiser(added_by, event)
    session = Session(event=event, **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def add_zone(*, event: Event, added_by, name_zh: str, name_en: str = "") -> Zone:
    """Add a themed zone (展区) to the event."""
    _check_organiser(added_by, event)
    zone = Zone(event=event, name_zh=name_zh.strip(), name_en=name_en.strip())
    zone.full_clean()
    zone.save()
    return zone


@transaction.atomic
def add_exhibitor(
    *, zone: Zone, added_by, organisation: Organisation, booth: str = ""
) -> Exhibitor:
    """Place an organisation in a zone (once per zone), at a booth."""
    _check_organiser(added_by, zone.event)
    if Exhibitor.objects.filter(zone=zone, organisation=organisation).exists():
        raise ValidationError(_("That organisation already exhibits in this zone."))
    exhibitor = Exhibitor(zone=zone, organisation=organisation, booth=booth.strip())
    exhibitor.full_clean()
    exhibitor.save()
    return exhibitor


@transaction.atomic
def update_rules(*, event: Event, updated_by, **fields: Any) -> EventRules:
    _check_organiser(updated_by, event)
    rules = EventRules.objects.select_for_update().get(event=event)
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    if rules.day_ends_at <= rules.day_starts_at:
        raise ValidationError({"day_ends_at": _("The meetings must end after they start.")})
    rules.save()
    return rules


@transaction.atomic
def change_rules(*, event: Event, changed_by, **fields: Any) -> list[MeetingSlot]:
    """Change the rules and generate the slots from them, both or neither: rules whose
    slots cannot be made (none fits, too many) are refused, not saved."""
    update_rules(event=event, updated_by=changed_by, **fields)
    return generate_slots(event=event, generated_by=changed_by)


def slot_times(event: Event, rules: EventRules) -> list[datetime]:
    """The start of every slot: each day of the event, from the daily start while a whole
    meeting still fits before the daily end, one meeting plus one break apart."""
    zone = timezone.get_current_timezone()
    step = timedelta(minutes=rules.meeting_minutes + rules.break_minutes)
    length = timedelta(minutes=rules.meeting_minutes)
    starts = []
    day = event.starts_on
    while day <= event.ends_on:
        at = datetime.combine(day, rules.day_starts_at, tzinfo=zone)
        end = datetime.combine(day, rules.day_ends_at, tzinfo=zone)
        while at + length <= end:
            starts.append(at)
            at += step
        day += timedelta(days=1)
    return starts


@transaction.atomic
def generate_slots(*, event: Event, generated_by) -> list[MeetingSlot]:
    """(Re)create the event's meeting slots from its days and rules, before any planning."""
    _check_organiser(generated_by, event)
    Event.objects.select_for_update().get(pk=event.pk)
    if Meeting.objects.filter(event=event).exists():
        raise ValidationError(
            _("Meetings are already planned; the slots cannot be generated again.")
        )
    rules = EventRules.objects.get(event=event)
    starts = slot_times(event, rules)
    if not starts:
        raise ValidationError(_("No meeting fits between the daily start and end."))
    if len(starts) > settings.QIAO_EVENT_MAX_SLOTS:
        raise ValidationError(
            _("These rules make %(count)d meeting slots; an event has at most %(max)d.")
            % {"count": len(starts), "max": settings.QIAO_EVENT_MAX_SLOTS}
        )
    MeetingSlot.objects.filter(event=event).delete()
    return MeetingSlot.objects.bulk_create(
        MeetingSlot(event=event, starts_at=at, minutes=rules.meeting_minutes, tables=rules.tables)
        for at in starts
    )


# --- Profiles and registrations -----------------------------------------------------------


@transaction.atomic
def save_profile(*, user, headline: str = "", seeking: str = "", offering: str = ""):
    """Write the user's participant profile (one per person, shown at every event)."""
    profile, _created = ParticipantProfile.objects.get_or_create(user=user)
    profile.headline = headline.strip()
    profile.seeking = seeking.strip()
    profile.offering = offering.strip()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def register(
    *,
    event: Event,
    user,
    organisation: Organisation,
    participant_type: ParticipantType | None = None,
) -> Registration:
    """Register the user for the event on behalf of one of their organisations."""
    if organisation.pk not in roles_of(user).member_of:
        raise PermissionDenied
    if event.status != Event.Status.PUBLISHED or not event.registration_open:
        raise ValidationError(_("Registration for this event is closed."))
    if participant_type is not None and participant_type.event_id != event.pk:
        raise ValidationError(
            {"participant_type": _("That participant type is not of this event.")}
        )
    if participant_type is None and event.participant_types.exists():
        raise ValidationError({"participant_type": _("Choose how you take part.")})
    existing = Registration.objects.select_for_update().filter(event=event, user=user).first()
    if existing is not None and existing.status != Status.CANCELLED:
        raise ValidationError(_("You are already registered for this event."))
    registration = existing or Registration(event=event, user=user)
    registration.organisation = organisation
    registration.participant_type = participant_type
    registration.status = Status.PENDING
    registration.decided_by = None
    registration.decided_at = None
    registration.decline_reason = ""
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError(_("You are already registered for this event.")) from exc
    return registration


@transaction.atomic
def approve_registration(*, registration: Registration, approved_by) -> Registration:
    """Approve a pending registration if a place is left (the event row is the counter)."""
    _check_organiser(approved_by, registration.event)
    now = timezone.now()
    flipped = Registration.objects.filter(pk=registration.pk, status=Status.PENDING).update(
        status=Status.APPROVED, decided_by=approved_by, decided_at=now, updated_at=now
    )
    if not flipped:
        raise ValidationError(_("This registration has already been decided."))
    taken = (
        Event.objects.filter(pk=registration.event_id)
        .filter(Q(capacity__isnull=True) | Q(approved_count__lt=F("capacity")))
        .update(approved_count=F("approved_count") + 1)
    )
    if not taken:
        # Raising rolls back the status change above as well.
        raise ValidationError(_("The event is full: no place is left to approve."))
    registration.refresh_from_db()
    return registration


@transaction.atomic
def decline_registration(*, registration: Registration, declined_by, reason: str) -> Registration:
    _check_organiser(declined_by, registration.event)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    now = timezone.now()
    flipped = Registration.objects.filter(pk=registration.pk, status=Status.PENDING).update(
        status=Status.DECLINED,
        decided_by=declined_by,
        decided_at=now,
        decline_reason=reason.strip()[:300],
        updated_at=now,
    )
    if not flipped:
        raise ValidationError(_("This registration has already been decided."))
    registration.refresh_from_db()
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, cancelled_by) -> Registration:
    """The participant (or an organiser) withdraws; their open requests and meetings go."""
    if cancelled_by.pk != registration.user_id:
        _check_organiser(cancelled_by, registration.event)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if locked.status == Status.APPROVED:
        Event.objects.filter(pk=locked.event_id).update(approved_count=F("approved_count") - 1)
    open_requests = MeetingRequest.objects.filter(
        Q(sender=locked) | Q(recipient=locked),
        status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
    )
    Meeting.objects.filter(request__in=open_requests).delete()
    open_requests.update(status=RequestStatus.CANCELLED, updated_at=timezone.now())
    locked.status = Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def check_in(*, registration: Registration, checked_in_by, present: bool = True) -> Registration:
    _check_organiser(checked_in_by, registration.event)
    if registration.status != Status.APPROVED:
        raise ValidationError(_("Only approved participants can check in."))
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


@transaction.atomic
def set_unavailable(*, registration: Registration, set_by, slots: list[MeetingSlot]) -> None:
    if set_by.pk != registration.user_id:
        _check_organiser(set_by, registration.event)
    if any(slot.event_id != registration.event_id for slot in slots):
        raise ValidationError({"slots": _("That slot is not of this event.")})
    registration.unavailable_slots.set(slots)


# --- Meeting requests ---------------------------------------------------------------------


def _cap(registration: Registration, rules: EventRules) -> int | None:
    caps = [rules.max_meetings]
    if registration.participant_type is not None:
        caps.append(registration.participant_type.max_meetings)
    present = [c for c in caps if c is not None]
    return min(present) if present else None


@transaction.atomic
def send_request(
    *,
    sender: Registration,
    recipient: Registration,
    sent_by,
    message: str = "",
    priority: int = MeetingRequest.Priority.NORMAL,
) -> MeetingRequest:
    """Ask another approved participant of the same event for a meeting."""
    if sent_by.pk != sender.user_id:
        raise PermissionDenied
    # The lock serialises one sender's requests, so the quota holds under concurrency.
    sender = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("participant_type", "event")
        .get(pk=sender.pk)
    )
    recipient = Registration.objects.select_related("participant_type").get(pk=recipient.pk)
    event = sender.event
    if recipient.event_id != event.pk:
        raise ValidationError(_("That participant is not at this event."))
    if sender.status != Status.APPROVED:
        raise ValidationError(_("Your registration has not been approved yet."))
    if recipient.status != Status.APPROVED:
        raise ValidationError(_("That participant is not an approved participant."))
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("This event no longer takes meeting requests."))
    if recipient.pk == sender.pk:
        raise ValidationError(_("You cannot ask yourself for a meeting."))
    if recipient.organisation_id == sender.organisation_id:
        raise ValidationError(_("You cannot ask a colleague of your own organisation."))
    if priority not in MeetingRequest.Priority.values:
        raise ValidationError({"priority": _("Choose a priority from 1 to 3.")})
    sender_type, recipient_type = sender.participant_type, recipient.participant_type
    if sender_type is not None and recipient_type is not None:
        allowed = set(sender_type.may_meet.values_list("pk", flat=True))
        if allowed and recipient_type.pk not in allowed:
            raise ValidationError(
                _("At this event, %(sender)s may not ask %(recipient)s for meetings.")
                % {"sender": sender_type.name, "recipient": recipient_type.name}
            )
    if sender_type is not None:
        sent = MeetingRequest.objects.filter(sender=sender, status__in=COUNTED_REQUESTS).count()
        if sent >= sender_type.request_quota:
            raise ValidationError(
                _("You have used your %(quota)d meeting requests for this event.")
                % {"quota": sender_type.request_quota}
            )
    between = Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender)
    if MeetingRequest.objects.filter(
        between, status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
    ).exists():
        raise ValidationError(_("A request between you two is already open."))
    request = MeetingRequest(
        event=event,
        sender=sender,
        recipient=recipient,
        message=message.strip(),
        priority=priority,
    )
    request.full_clean()
    request.save()
    transaction.on_commit(lambda: notifications.request_sent(request))
    return request


@transaction.atomic
def answer_request(
    *, request: MeetingRequest, answered_by, accept: bool, reason: str = ""
) -> MeetingRequest:
    """The recipient accepts, or declines with a reason."""
    if answered_by.pk != request.recipient.user_id:
        raise PermissionDenied
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Say why you decline.")})
    now = timezone.now()
    status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    flipped = MeetingRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=status, reason=reason.strip()[:300], answered_at=now, updated_at=now
    )
    if not flipped:
        raise ValidationError(_("This request has already been answered."))
    request.refresh_from_db()
    transaction.on_commit(lambda: notifications.request_answered(request))
    return request


@transaction.atomic
def cancel_request(*, request: MeetingRequest, cancelled_by, reason: str = "") -> MeetingRequest:
    """Either side withdraws a pending or accepted request; its meeting, if any, goes."""
    if cancelled_by.pk not in (request.sender.user_id, request.recipient.user_id):
        raise PermissionDenied
    if request.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        raise ValidationError(_("Only a pending or accepted request can be cancelled."))
    Meeting.objects.filter(request=request).delete()
    request.status = RequestStatus.CANCELLED
    request.reason = reason.strip()[:300]
    request.save(update_fields=["status", "reason", "updated_at"])
    return request


# --- Planning the meetings ----------------------------------------------------------------


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


def plan_meetings(*, event: Event, planned_by, time_limit: float = 10.0) -> dict[str, Any]:
    """Place the accepted requests in slots at tables and store the meetings.

    The search runs outside any transaction, on a snapshot of the requests, slots and
    availability, so it holds no lock however long it takes (on SQLite other writers would
    otherwise wait past the busy timeout). Its result is then stored in a short transaction
    that first checks, by fingerprint, that nothing it read has changed meanwhile; if
    anything has, nothing is stored and the organiser is asked to plan again.

    Announced meetings keep their slot and table unless the rules allow moves; meetings
    not yet announced are planned afresh. Returns the scheduler's statistics.
    """
    _check_organiser(planned_by, event)
    _check_plannable(event)
    instance, was_announced, fingerprint = _planning_inputs(event)
    result = schedule(_check_instance(instance), time_limit=time_limit)
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
    return result.stats


@transaction.atomic
def announce_meetings(*, event: Event, announced_by) -> int:
    """Tell the participants their meetings: from now on re-planning keeps them in place."""
    _check_organiser(announced_by, event)
    count = Meeting.objects.filter(event=event, announced=False).update(
        announced=True, updated_at=timezone.now()
    )
    if count:
        transaction.on_commit(lambda: notifications.meetings_announced(event))
    return count


@transaction.atomic
def mark_meeting(*, meeting: Meeting, marked_by, status: str) -> Meeting:
    """Mark a meeting held or no-show (or back to planned) at the event."""
    _check_organiser(marked_by, meeting.event)
    if status not in Meeting.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if meeting.introduction_id is not None and status != Meeting.Status.HELD:
        raise ValidationError(_("This meeting has already become an introduction."))
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def introduce_held_meetings(*, event: Event, introduced_by) -> int:
    """Turn every held meeting into a pipeline introduction (brokered by the organiser)."""
    _check_organiser(introduced_by, event)
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
            note=_("Met at %(event)s.") % {"event": event.title},
        )
        meeting.introduction = introduction
        meeting.save(update_fields=["introduction", "updated_at"])
        count += 1
    return count

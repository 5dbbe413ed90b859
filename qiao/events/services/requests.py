"""Meeting requests: sending (within the event's rules), answering, withdrawing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, policy, writes
from qiao.events import benefits, notifications
from qiao.events import notices as event_notices
from qiao.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Registration,
)
from qiao.events.services._common import COUNTED_REQUESTS, Action, RequestStatus, Status, rule_table
from qiao.inbox import notices

__all__ = ["send_request", "answer_request", "cancel_request", "withdraw_request"]


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
    policy.authorize(sent_by, "events.send_request", sender)
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
    _check_rules(event, sender_type, recipient_type)
    if sender_type is not None:
        sent = MeetingRequest.objects.filter(sender=sender, status__in=COUNTED_REQUESTS).count()
        quota = benefits.request_quota(organiser_id=event.organiser_id,
                                       organisation_id=sender.organisation_id,
                                       base=sender_type.request_quota)  # fmt: skip
        if sent >= quota:
            raise ValidationError(
                _("You have used your %(quota)d meeting requests for this event.")
                % {"quota": quota}
            )
    between = Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender)
    if MeetingRequest.objects.filter(
        between, status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
    ).exists():
        raise ValidationError(_("A request between you two is already open."))
    request = writes.create(
        MeetingRequest,
        actor=sent_by,
        data={"message": message.strip(), "priority": priority},
        allowed={"message", "priority"},
        fixed={"event": event, "sender": sender, "recipient": recipient},
    )
    transaction.on_commit(lambda: notifications.request_sent(request))
    notices.send(
        event_notices.MEETING_REQUESTED,
        recipients=[recipient.user],
        params={
            "person": event_notices.person(sender),
            "organisation": notices.name_of(sender.organisation),
            "event": notices.name_of(event),
        },
        url=event_notices.event_url("events:event_meetings", event.pk),
        about=recipient,
        exclude=[sent_by],
    )
    return request


def _check_rules(event: Event, sender_type, recipient_type) -> None:
    """Refuse a pair the event's rule table does not allow (``qiao.events.rules``)."""
    table = rule_table(event.pk)
    if table.may_ask(
        sender_type.pk if sender_type else None, recipient_type.pk if recipient_type else None
    ):
        return
    if sender_type is None or recipient_type is None:
        raise ValidationError(_("At this event, only the participant types in its rules meet."))
    raise ValidationError(
        _("At this event, %(sender)s may not ask %(recipient)s for meetings.")
        % {"sender": sender_type.name, "recipient": recipient_type.name}
    )


@transaction.atomic
def answer_request(
    *, request: MeetingRequest, answered_by, accept: bool, reason: str = ""
) -> MeetingRequest:
    """The recipient accepts, or declines with a reason."""
    policy.authorize(answered_by, "events.answer_request", request)
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
    audit.record_change(
        instance=request,
        actor=answered_by,
        action=Action.CHANGED,
        changes={"status": (RequestStatus.PENDING, status), "reason": ("", request.reason)},
    )
    transaction.on_commit(lambda: notifications.request_answered(request))
    other = request.recipient
    notices.send(
        event_notices.REQUEST_ACCEPTED if accept else event_notices.REQUEST_DECLINED,
        recipients=[request.sender.user],
        params={
            "person": event_notices.person(other),
            "organisation": notices.name_of(other.organisation),
            "reason": request.reason,
        },
        url=event_notices.event_url("events:event_meetings", request.event_id),
        about=request,
        exclude=[answered_by],
    )
    return request


@transaction.atomic
def cancel_request(*, request: MeetingRequest, cancelled_by, reason: str = "") -> MeetingRequest:
    """Either side withdraws a pending or accepted request; its meeting, if any, goes.

    A meeting already held, missed or turned into an introduction is history: it cannot be
    withdrawn. Withdrawing an announced meeting tells the other side and the organisers,
    and keeps its slot so the calendar feed can cancel it in people's calendars.
    """
    policy.authorize(cancelled_by, "events.cancel_request", request)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        raise ValidationError(_("Only a pending or accepted request can be cancelled."))
    withdraw_request(request, by=cancelled_by, reason=reason)
    return request


def withdraw_request(request: MeetingRequest, *, by, reason: str = "") -> None:
    """Withdraw an open request inside the caller's transaction (refusing a final meeting)."""
    meeting = Meeting.objects.select_related("slot").filter(request=request).first()
    data = {"status": RequestStatus.CANCELLED, "reason": reason.strip()[:300]}
    if meeting is not None:
        if meeting.status in Meeting.FINAL_STATUSES or meeting.introduction_id is not None:
            raise ValidationError(
                _("This meeting has been held or marked; it can no longer be withdrawn.")
            )
        if meeting.announced:
            data.update(
                withdrawn_slot=meeting.told_slot or meeting.slot, sequence=request.sequence + 1
            )
        writes.delete(meeting, actor=by)
    writes.update(request, actor=by, data=data, allowed=WITHDRAW_FIELDS)
    if meeting is not None and meeting.announced:
        _tell_withdrawn(request, meeting, by)


WITHDRAW_FIELDS = frozenset({"status", "reason", "withdrawn_slot", "sequence"})


def _tell_withdrawn(request: MeetingRequest, meeting: Meeting, by) -> None:
    sides = {request.sender.user, request.recipient.user}
    event = request.event
    notices.send(
        event_notices.MEETING_WITHDRAWN,
        recipients=[*sides, *event_notices.organisers(event)],
        params={
            "person": by.get_full_name() or by.email,
            "time": timezone.localtime(meeting.slot.starts_at).strftime("%m-%d %H:%M"),
            "sender": event_notices.person(request.sender),
            "recipient": event_notices.person(request.recipient),
            "event": notices.name_of(event),
        },
        url=event_notices.event_url("events:event_detail", event.pk),
        about=request,
        exclude=[by],
    )

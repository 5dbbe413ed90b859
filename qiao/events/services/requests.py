"""Meeting requests: sending (within the event's rules), answering, withdrawing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, policy, writes
from qiao.events import notifications
from qiao.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Registration,
)
from qiao.events.services._common import COUNTED_REQUESTS, Action, RequestStatus, Status

__all__ = ["send_request", "answer_request", "cancel_request"]


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
    request = writes.create(
        MeetingRequest,
        actor=sent_by,
        data={"message": message.strip(), "priority": priority},
        allowed={"message", "priority"},
        fixed={"event": event, "sender": sender, "recipient": recipient},
    )
    transaction.on_commit(lambda: notifications.request_sent(request))
    return request


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
    return request


@transaction.atomic
def cancel_request(*, request: MeetingRequest, cancelled_by, reason: str = "") -> MeetingRequest:
    """Either side withdraws a pending or accepted request; its meeting, if any, goes."""
    policy.authorize(cancelled_by, "events.cancel_request", request)
    if request.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        raise ValidationError(_("Only a pending or accepted request can be cancelled."))
    for meeting in Meeting.objects.filter(request=request):
        writes.delete(meeting, actor=cancelled_by)
    writes.update(
        request,
        actor=cancelled_by,
        data={"status": RequestStatus.CANCELLED, "reason": reason.strip()[:300]},
        allowed={"status", "reason"},
    )
    return request

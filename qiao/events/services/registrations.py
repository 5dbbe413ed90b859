"""Participant profiles and registrations: registering, deciding, cancelling, check-in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, policy, writes
from qiao.directory.models import Organisation
from qiao.events import benefits, policies
from qiao.events import notices as event_notices
from qiao.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    ParticipantProfile,
    ParticipantType,
    Registration,
)
from qiao.events.services._common import PROFILE_FIELDS, Action, RequestStatus, Status, _changed
from qiao.inbox import notices

__all__ = [
    "decide_registrations",
    "save_profile",
    "register",
    "approve_registration",
    "decline_registration",
    "cancel_registration",
    "check_in",
    "set_unavailable",
    "REGISTER_FIELDS",
]


@transaction.atomic
def save_profile(
    *,
    user,
    headline: str = "",
    seeking: str = "",
    offering: str = "",
    version: int | None = None,
) -> ParticipantProfile:
    """Write the user's participant profile (one per person, shown at every event).

    The user writes their own; ``version`` is the one their form showed (a second tab that
    saved meanwhile makes it a ``Conflict``).
    """
    policy.authorize(user, "events.save_profile", user)
    data = {"headline": headline.strip(), "seeking": seeking.strip(), "offering": offering.strip()}
    profile = ParticipantProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        return writes.create(
            ParticipantProfile, actor=user, data=data, allowed=PROFILE_FIELDS, fixed={"user": user}
        )
    writes.update(profile, actor=user, data=data, allowed=PROFILE_FIELDS, version=version)
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
    policy.authorize(user, "events.register", policies.Registering(event, organisation.pk))
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
    data = {"organisation": organisation, "participant_type": participant_type}
    if existing is not None:  # registering again after cancelling
        data.update(status=Status.PENDING, decided_by=None, decided_at=None, decline_reason="")
        writes.update(existing, actor=user, data=data, allowed=REGISTER_FIELDS)
        _tell_received(existing)
        _approve_at_once(existing, user)
        return existing
    try:
        with transaction.atomic():
            registration = writes.create(
                Registration,
                actor=user,
                data=data,
                allowed=REGISTER_FIELDS,
                fixed={"event": event, "user": user},
            )
    except IntegrityError as exc:
        raise ValidationError(_("You are already registered for this event.")) from exc
    _tell_received(registration)
    _approve_at_once(registration, user)
    return registration


def _approve_at_once(registration: Registration, user) -> None:
    """Approve without the organiser when a registered benefit says so (e.g. an alliance
    tier with priority registration); if no place is left it waits for the organiser."""
    event = registration.event
    if not benefits.approved_at_once(
        organiser_id=event.organiser_id, organisation_id=registration.organisation_id
    ):
        return
    try:
        with transaction.atomic():
            _take_place(registration, actor=user, decided_by=None)
    except ValidationError:
        return
    _tell_decided(registration, None)
    _changed(registration.event_id)


def _tell_received(registration: Registration) -> None:
    event = registration.event
    notices.send(
        event_notices.REGISTRATION_RECEIVED,
        recipients=event_notices.organisers(event),
        params={"person": event_notices.person(registration), "event": notices.name_of(event)},
        url=event_notices.event_url("events:event_manage", event.pk),
        about=event,
        exclude=[registration.user],
    )


def _tell_decided(registration: Registration, actor) -> None:
    approved = registration.status == Status.APPROVED
    notices.send(
        event_notices.REGISTRATION_APPROVED if approved else event_notices.REGISTRATION_DECLINED,
        recipients=[registration.user],
        params={
            "event": notices.name_of(registration.event),
            "reason": registration.decline_reason,
        },
        url=event_notices.event_url("events:event_detail", registration.event_id),
        about=registration,
        exclude=[actor],
    )


@transaction.atomic
def decide_registrations(
    *, event: Event, registrations: list[Registration], decided_by, approve: bool, reason: str = ""
) -> int:
    """Approve or decline (with one reason) several pending registrations: all or none.

    Each decision goes through ``approve_registration`` / ``decline_registration`` (so the
    capacity holds and each is audited); one that cannot be made refuses the whole batch.
    """
    policy.authorize(decided_by, "events.decide_registration", event)
    if not registrations:
        raise ValidationError(_("Choose the registrations to decide."))
    if any(r.event_id != event.pk for r in registrations):
        raise ValidationError(_("That participant is not at this event."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    for registration in registrations:
        if approve:
            approve_registration(registration=registration, approved_by=decided_by)
        else:
            decline_registration(registration=registration, declined_by=decided_by, reason=reason)
    return len(registrations)


REGISTER_FIELDS = frozenset(
    {"organisation", "participant_type", "status", "decided_by", "decided_at", "decline_reason"}
)


def _record_decision(registration: Registration, actor, before: str, **after: Any) -> None:
    """Audit a decision made by a conditional UPDATE (which ``writes.update`` can't express)."""
    changes = {"status": (before, registration.status)}
    changes.update({name: (None, value) for name, value in after.items()})
    audit.record_change(instance=registration, actor=actor, action=Action.CHANGED, changes=changes)


@transaction.atomic
def approve_registration(*, registration: Registration, approved_by) -> Registration:
    """Approve a pending registration if a place is left (the event row is the counter)."""
    policy.authorize(approved_by, "events.decide_registration", registration.event)
    _take_place(registration, actor=approved_by, decided_by=approved_by)
    _tell_decided(registration, approved_by)
    _changed(registration.event_id)
    return registration


def _take_place(registration: Registration, *, actor, decided_by) -> None:
    now = timezone.now()
    flipped = Registration.objects.filter(pk=registration.pk, status=Status.PENDING).update(
        status=Status.APPROVED, decided_by=decided_by, decided_at=now, updated_at=now
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
    decider = {"decided_by": decided_by} if decided_by is not None else {}
    _record_decision(registration, actor, Status.PENDING, **decider)


@transaction.atomic
def decline_registration(*, registration: Registration, declined_by, reason: str) -> Registration:
    policy.authorize(declined_by, "events.decide_registration", registration.event)
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
    _record_decision(
        registration,
        declined_by,
        Status.PENDING,
        decided_by=declined_by,
        decline_reason=registration.decline_reason,
    )
    _tell_decided(registration, declined_by)
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, cancelled_by) -> Registration:
    """The participant (or an organiser) withdraws; their open requests and meetings go.

    The registration's entry records the cancellation; each withdrawn request and removed
    meeting gets its own.
    """
    from qiao.events.services.requests import withdraw_request

    policy.authorize(cancelled_by, "events.cancel_registration", registration)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if locked.status == Status.APPROVED:
        Event.objects.filter(pk=locked.event_id).update(approved_count=F("approved_count") - 1)
    # Meetings already held or marked stay: they happened (or were missed) and may have
    # become introductions; only the open plans go, the announced ones with a notice.
    open_requests = (
        MeetingRequest.objects.filter(
            Q(sender=locked) | Q(recipient=locked),
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        )
        .exclude(meeting__status__in=Meeting.FINAL_STATUSES)
        .exclude(meeting__introduction__isnull=False)
        .select_related("event", "sender__user", "recipient__user")
    )
    for request in open_requests:
        withdraw_request(request, by=cancelled_by)
    writes.update(locked, actor=cancelled_by, data={"status": Status.CANCELLED}, allowed={"status"})
    _changed(locked.event_id)
    return locked


@transaction.atomic
def check_in(*, registration: Registration, checked_in_by, present: bool = True) -> Registration:
    policy.authorize(checked_in_by, "events.check_in", registration.event)
    if registration.status != Status.APPROVED:
        raise ValidationError(_("Only approved participants can check in."))
    writes.update(
        registration,
        actor=checked_in_by,
        data={"checked_in_at": timezone.now() if present else None},
        allowed={"checked_in_at"},
    )
    return registration


@transaction.atomic
def set_unavailable(*, registration: Registration, set_by, slots: list[MeetingSlot]) -> None:
    policy.authorize(set_by, "events.set_unavailable", registration)
    if any(slot.event_id != registration.event_id for slot in slots):
        raise ValidationError({"slots": _("That slot is not of this event.")})
    writes.update(
        registration,
        actor=set_by,
        data={"unavailable_slots": slots},
        allowed={"unavailable_slots"},
    )

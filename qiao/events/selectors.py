"""Read queries over events. Nothing here writes.

Who sees what:

* a draft event: its organisers only (operators, admins of the organising organisation);
  others get 404, as if it did not exist;
* registrations of an event: organisers see all; a participant sees the approved ones
  (whom they may ask for a meeting) and their own;
* meeting requests and their messages: only the two sides (and organisers, who run the
  event); nobody else, not even other participants;
* the board (every meeting): organisers; an agenda: its participant and organisers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from qiao.directory.roles import roles_of
from qiao.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Registration,
)
from qiao.events.services import is_organiser
from qiao.market.selectors import list_visible_listings
from qiao.matching.models import Match
from qiao.matching.reasons import describe_all, shown_reasons


def list_visible_events(*, viewer) -> QuerySet[Event]:
    roles = roles_of(viewer)
    events = Event.objects.select_related("organiser")
    if roles.is_operator:
        return events
    return events.filter(~Q(status=Event.Status.DRAFT) | Q(organiser__in=roles.admin_of))


def access_event(*, viewer, event_id: int) -> Event:
    return get_object_or_404(
        list_visible_events(viewer=viewer).select_related("rules"), pk=event_id
    )


def access_organised_event(*, viewer, event_id: int) -> Event:
    """Return the event if the viewer organises it; 404 otherwise (drafts stay hidden)."""
    event = access_event(viewer=viewer, event_id=event_id)
    if not is_organiser(viewer, event):
        raise Http404
    return event


def my_registration(*, viewer, event: Event) -> Registration | None:
    if not viewer.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=viewer)
        .select_related("participant_type", "organisation")
        .first()
    )


def _registrations(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event).select_related(
        "user", "organisation", "participant_type", "user__participant_profile"
    )


def list_registrations(*, viewer, event: Event) -> QuerySet[Registration]:
    """Organisers: every registration. Approved participants: the approved ones."""
    registrations = _registrations(event)
    if is_organiser(viewer, event):
        return registrations
    mine = my_registration(viewer=viewer, event=event)
    if mine is None or not mine.is_approved:
        return registrations.none()
    return registrations.filter(status=Registration.Status.APPROVED)


def access_registration(*, viewer, event: Event, registration_id: int) -> Registration:
    return get_object_or_404(list_registrations(viewer=viewer, event=event), pk=registration_id)


def _requests(event: Event) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(event=event).select_related(
        "sender__user",
        "sender__organisation",
        "recipient__user",
        "recipient__organisation",
    )


def list_my_requests(*, registration: Registration) -> tuple[list, list]:
    """The participant's sent and received requests (messages are theirs to read)."""
    requests = list(
        _requests(registration.event).filter(Q(sender=registration) | Q(recipient=registration))
    )
    sent = [r for r in requests if r.sender_id == registration.pk]
    received = [r for r in requests if r.recipient_id == registration.pk]
    return sent, received


def access_request(*, viewer, request_id: int) -> MeetingRequest:
    """A request is visible to its two sides and the event's organisers; 404 to anyone else."""
    request = get_object_or_404(
        MeetingRequest.objects.select_related(
            "event", "sender__user", "recipient__user", "sender__organisation"
        ),
        pk=request_id,
    )
    if viewer.pk in (request.sender.user_id, request.recipient.user_id):
        return request
    if is_organiser(viewer, request.event):
        return request
    raise Http404


def list_board(*, event: Event) -> tuple[list[MeetingSlot], dict]:
    """Slots in order and {(slot id, table): meeting} for the organiser's board."""
    slots = list(MeetingSlot.objects.filter(event=event).order_by("starts_at"))
    meetings = Meeting.objects.filter(event=event).select_related(
        "slot",
        "request__sender__user",
        "request__sender__organisation",
        "request__recipient__user",
        "request__recipient__organisation",
    )
    return slots, {(m.slot_id, m.table): m for m in meetings}


def list_agenda(*, registration: Registration) -> list[Meeting]:
    """The participant's meetings in time order."""
    return list(
        Meeting.objects.filter(Q(request__sender=registration) | Q(request__recipient=registration))
        .select_related(
            "slot",
            "request__sender__user",
            "request__sender__organisation",
            "request__recipient__user",
            "request__recipient__organisation",
        )
        .order_by("slot__starts_at", "table")
    )


def access_agenda(*, viewer, event: Event, registration_id: int | None = None) -> Registration:
    """The registration whose agenda the viewer may read: their own, or any for organisers."""
    if registration_id is None:
        registration = my_registration(viewer=viewer, event=event)
        if registration is None or not registration.is_approved:
            raise Http404
        return registration
    if not is_organiser(viewer, event):
        raise Http404
    return get_object_or_404(_registrations(event), pk=registration_id)


@dataclass(frozen=True)
class Recommendation:
    registration: Registration
    score: float
    reasons: list[str]


def recommend(*, viewer, registration: Registration, limit: int = 10) -> list[Recommendation]:
    """Whom the participant might meet, from the matching engine's stored matches.

    The matches of the participant's organisation's listings whose counterpart (a listing
    or an organisation) belongs to another approved participant's organisation are read,
    best score first, with the engine's reasons put into words. Only counterparts the
    viewer may see count, as on the matches page.
    """
    others = list(
        _registrations(registration.event)
        .filter(status=Registration.Status.APPROVED)
        .exclude(organisation=registration.organisation_id)
    )
    by_organisation: dict[int, list[Registration]] = {}
    for other in others:
        by_organisation.setdefault(other.organisation_id, []).append(other)
    if not by_organisation:
        return []
    visible = list_visible_listings(viewer=viewer).values("pk")
    matches = (
        Match.objects.filter(
            is_current=True,
            listing__organisation=registration.organisation_id,
            listing__in=visible,
        )
        .filter(
            Q(
                counterpart_listing__organisation__in=by_organisation,
                counterpart_listing__in=visible,
            )
            | Q(counterpart_organisation__in=by_organisation)
        )
        .select_related("counterpart_listing")
        .order_by("-score")
    )
    best: dict[int, tuple[float, list[dict]]] = {}
    for match in matches[:200]:
        organisation_id = (
            match.counterpart_listing.organisation_id
            if match.counterpart_listing_id
            else match.counterpart_organisation_id
        )
        if organisation_id not in best:
            best[organisation_id] = (match.score, shown_reasons(match))
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    result = []
    for organisation_id, (score, reasons) in ranked:
        for other in by_organisation[organisation_id]:
            result.append(Recommendation(other, score, describe_all(reasons)))
    return result[:limit]


def prefetch_types(events: QuerySet[Event]) -> QuerySet[Event]:
    from qiao.events.models import ParticipantType

    return events.prefetch_related(
        Prefetch("participant_types", queryset=ParticipantType.objects.order_by("pk"))
    )


def my_profile(*, viewer):
    """The viewer's participant profile, or None before they write one."""
    from qiao.events.models import ParticipantProfile

    if not viewer.is_authenticated:
        return None
    return ParticipantProfile.objects.filter(user=viewer).first()


def count_slots(*, event: Event) -> int:
    return MeetingSlot.objects.filter(event=event).count()


def count_meetings(*, event: Event) -> int:
    return Meeting.objects.filter(event=event).count()


def list_event_history(*, event: Event, limit: int = 200) -> list:
    """The event's audit trail for its organisers (``qiao.events.history``)."""
    from qiao.events.history import list_event_history as history

    return history(event=event, limit=limit)


def list_registrations_to_decide(*, viewer) -> QuerySet[Registration]:
    """Registrations awaiting approval at the events the viewer organises (operators: all),
    leaving out events that are over or cancelled; the home counts the same rows."""
    roles = roles_of(viewer)
    events = list_visible_events(viewer=viewer).exclude(
        status__in=[Event.Status.FINISHED, Event.Status.CANCELLED]
    )
    if not roles.is_operator:
        events = events.filter(organiser_id__in=roles.admin_of)
    return (
        Registration.objects.filter(
            event__in=events.values("pk"), status=Registration.Status.PENDING
        )
        .select_related("event", "user", "organisation", "participant_type")
        .order_by("event__starts_on", "event_id", "pk")
    )


def list_my_registrations(*, viewer, today) -> QuerySet[Registration]:
    """The viewer's own registrations (waiting or approved) for events not over by ``today``."""
    if not viewer.is_authenticated:
        return Registration.objects.none()
    return (
        Registration.objects.filter(
            user=viewer,
            status__in=[Registration.Status.PENDING, Registration.Status.APPROVED],
            event__in=list_visible_events(viewer=viewer).values("pk"),
            event__ends_on__gte=today,
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_on", "pk")
    )


def list_my_meetings(*, viewer, since) -> QuerySet[Meeting]:
    """The viewer's one-to-one meetings starting at ``since`` or later, in time order (as on
    their agenda: announced or provisional)."""
    if not viewer.is_authenticated:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(
            Q(request__sender__user=viewer) | Q(request__recipient__user=viewer),
            slot__starts_at__gte=since,
            status=Meeting.Status.PLANNED,
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related(
            "event",
            "slot",
            "request__sender__user",
            "request__sender__organisation",
            "request__recipient__user",
            "request__recipient__organisation",
        )
        .order_by("slot__starts_at", "table")
    )

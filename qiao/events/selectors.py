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

from django.db.models import Count, Prefetch, Q, QuerySet
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
from qiao.events.recommend import Recommendation
from qiao.events.recommend import recommend as engine_recommend
from qiao.events.services import is_organiser, rule_table


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
        "meeting",
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


def list_askable(*, viewer, registration: Registration) -> list[Registration]:
    """The approved participants the registration may ask under the event's rules: never
    themself, never a colleague of the same organisation."""
    table = rule_table(registration.event_id)
    return [
        other
        for other in list_registrations(viewer=viewer, event=registration.event).filter(
            status=Registration.Status.APPROVED
        )
        if other.organisation_id != registration.organisation_id
        and table.may_ask(registration.participant_type_id, other.participant_type_id)
    ]


def recommend(*, viewer, registration: Registration, limit: int = 10) -> list[Recommendation]:
    """Whom the participant might meet, among those the rules let them ask
    (``qiao.events.recommend``: profiles, organisations and listings, one engine)."""
    return engine_recommend(
        viewer=viewer,
        registration=registration,
        others=list_askable(viewer=viewer, registration=registration),
        limit=limit,
    )


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


def _agenda_related(meetings):
    return meetings.select_related(
        "slot",
        "told_slot",
        "request__sender__user",
        "request__sender__organisation",
        "request__recipient__user",
        "request__recipient__organisation",
    )


def access_feed(*, token: str) -> Registration:
    """The registration whose calendar feed the token opens; 404 for a wrong token."""
    from qiao.events.calendar import registration_id_of

    registration = registration_id_of(
        token,
        lambda pk: (
            Registration.objects.select_related("event", "user", "organisation")
            .filter(pk=pk)
            .first()
        ),
    )
    if registration is None:
        raise Http404
    return registration


def list_feed(*, registration: Registration) -> tuple[list[Meeting], list[MeetingRequest]]:
    """What the participant's calendar should hold: the announced meetings, and the
    announced meetings since withdrawn (to cancel them)."""
    mine = Q(request__sender=registration) | Q(request__recipient=registration)
    meetings = list(
        _agenda_related(Meeting.objects.filter(mine, announced=True)).order_by("slot__starts_at")
    )
    withdrawn = list(
        MeetingRequest.objects.filter(
            Q(sender=registration) | Q(recipient=registration),
            status=MeetingRequest.Status.CANCELLED,
            withdrawn_slot__isnull=False,
        ).select_related(
            "withdrawn_slot",
            "sender__user",
            "sender__organisation",
            "recipient__user",
            "recipient__organisation",
        )
    )
    return meetings, withdrawn


def list_all_agendas(
    *, event: Event
) -> list[tuple[Registration, list[tuple[Meeting, Registration]]]]:
    """Every approved participant with their meetings (and whom each is with), for the
    organisers' print-all view: two queries whatever the size."""
    registrations = list(
        _registrations(event)
        .filter(status=Registration.Status.APPROVED)
        .order_by("organisation__name_zh", "pk")
    )
    rows: dict[int, list] = {r.pk: [] for r in registrations}
    meetings = _agenda_related(Meeting.objects.filter(event=event)).order_by(
        "slot__starts_at", "table"
    )
    for meeting in meetings:
        request = meeting.request
        for me, other in ((request.sender, request.recipient), (request.recipient, request.sender)):
            if me.pk in rows:
                rows[me.pk].append((meeting, other))
    return [(r, rows[r.pk]) for r in registrations]


def count_no_shows(*, user_ids) -> dict[int, int]:
    """No-shows per person across every event: meetings marked missed on their side."""
    counts: dict[int, int] = {}
    absent = Meeting.objects.filter(status=Meeting.Status.NO_SHOW)
    for side, blamed in (
        ("request__sender__user_id", (Meeting.Absent.SENDER, Meeting.Absent.BOTH)),
        ("request__recipient__user_id", (Meeting.Absent.RECIPIENT, Meeting.Absent.BOTH)),
    ):
        rows = (
            absent.filter(**{f"{side}__in": list(user_ids)}, absent__in=blamed)
            .values(side)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row[side]] = counts.get(row[side], 0) + row["n"]
    return counts

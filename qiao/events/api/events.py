"""Events API: the event, registrations, meeting requests and the planning."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from qiao.core.api_auth import session_or_token
from qiao.core.api_errors import etag, expected_version
from qiao.directory.models import Organisation
from qiao.events import calendar, selectors, services
from qiao.events.models import Meeting, ParticipantType
from qiao.events.schemas import (
    AnswerIn,
    CheckInIn,
    CountOut,
    DecisionIn,
    EventIn,
    EventOut,
    EventPatch,
    MeetingOut,
    MeetingStatusIn,
    PlanOut,
    RecommendationOut,
    RegistrationIn,
    RegistrationOut,
    RequestIn,
    RequestOut,
    RulesIn,
    RulesOut,
    StatusIn,
)

router = Router(tags=["events"])


@router.get("/", response=list[EventOut], url_name="list_events")
def list_events(request: HttpRequest):
    """Events the caller may see: published ones, and drafts they organise."""
    return selectors.list_visible_events(viewer=request.user).order_by("-starts_on", "pk")


@router.get("/{event_id}", response=EventOut, url_name="get_event")
def get_event(request: HttpRequest, event_id: int, response: HttpResponse):
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    response["ETag"] = etag(event.version)
    return event


@router.patch("/{event_id}", response=EventOut, auth=session_or_token, url_name="update_event")
def update_event(request: HttpRequest, event_id: int, payload: EventPatch, response: HttpResponse):
    """Change the given fields (organisers). Send the version you edited (``version`` or
    ``If-Match``): if someone saved since, the answer is 409 with their change, and nothing
    is saved."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    services.update_event(event=event, updated_by=request.user, version=version, **data)
    response["ETag"] = etag(event.version)
    return event


@router.post("/", response={201: EventOut}, auth=session_or_token, url_name="create_event")
def create_event(request: HttpRequest, payload: EventIn):
    data = payload.dict()
    organiser = Organisation.objects.filter(pk=data.pop("organiser_id")).first()
    if organiser is None:
        raise ValidationError({"organiser_id": [_("Unknown organisation id.")]})
    event = services.create_event(created_by=request.user, organiser=organiser, **data)
    return Status(201, event)


@router.post(
    "/{event_id}/status", response=EventOut, auth=session_or_token, url_name="event_status"
)
def change_status(request: HttpRequest, event_id: int, payload: StatusIn):
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    return services.change_event_status(event=event, status=payload.status, changed_by=request.user)


@router.get("/{event_id}/rules", response=RulesOut, auth=session_or_token, url_name="get_rules")
def get_rules(request: HttpRequest, event_id: int, response: HttpResponse):
    """The meeting rules (organisers), with their version as the ETag."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    response["ETag"] = etag(event.rules.version)
    return event.rules


@router.patch(
    "/{event_id}/rules", response={204: None}, auth=session_or_token, url_name="event_rules"
)
def update_rules(request: HttpRequest, event_id: int, payload: RulesIn, response: HttpResponse):
    """Change the given rules and generate the slots again. Send the rules' version
    (``version`` or ``If-Match``); a stale one is answered 409 and nothing is saved."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    data = payload.dict(exclude_none=True)
    version = expected_version(request, data.pop("version", None))
    # The rules and their slots, both or neither (a stale version saves neither).
    services.change_rules(event=event, changed_by=request.user, version=version, **data)
    event.rules.refresh_from_db(fields=["version"])
    response["ETag"] = etag(event.rules.version)
    return Status(204, None)


@router.get(
    "/{event_id}/registrations",
    response=list[RegistrationOut],
    auth=session_or_token,
    url_name="list_registrations",
)
def list_registrations(request: HttpRequest, event_id: int):
    """Organisers: every registration. Approved participants: the approved ones."""
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    return selectors.list_registrations(viewer=request.user, event=event)


@router.post(
    "/{event_id}/registrations",
    response={201: RegistrationOut},
    auth=session_or_token,
    url_name="register",
)
def register(request: HttpRequest, event_id: int, payload: RegistrationIn):
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": [_("Unknown organisation id.")]})
    participant_type = None
    if payload.participant_type_id is not None:
        participant_type = ParticipantType.objects.filter(
            pk=payload.participant_type_id, event=event
        ).first()
        if participant_type is None:
            raise ValidationError(
                {"participant_type_id": [_("That participant type is not of this event.")]}
            )
    registration = services.register(
        event=event, user=request.user, organisation=organisation, participant_type=participant_type
    )
    return Status(201, registration)


@router.post(
    "/{event_id}/registrations/{registration_id}/decision",
    response=RegistrationOut,
    auth=session_or_token,
    url_name="decide_registration",
)
def decide_registration(
    request: HttpRequest, event_id: int, registration_id: int, payload: DecisionIn
):
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    registration = selectors.access_registration(
        viewer=request.user, event=event, registration_id=registration_id
    )
    if payload.approve:
        return services.approve_registration(registration=registration, approved_by=request.user)
    return services.decline_registration(
        registration=registration, declined_by=request.user, reason=payload.reason
    )


def _my_registration(request, event):
    mine = selectors.my_registration(viewer=request.user, event=event)
    if mine is None or not mine.is_approved:
        raise ValidationError(_("Your registration has not been approved yet."))
    return mine


@router.get(
    "/{event_id}/requests", response=list[RequestOut], auth=session_or_token, url_name="my_requests"
)
def my_requests(request: HttpRequest, event_id: int):
    """The caller's own requests, sent and received (nobody else's)."""
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    mine = selectors.my_registration(viewer=request.user, event=event)
    if mine is None:
        return []
    sent, received = selectors.list_my_requests(registration=mine)
    return sent + received


@router.post(
    "/{event_id}/requests",
    response={201: RequestOut},
    auth=session_or_token,
    url_name="send_request",
)
def send_request(request: HttpRequest, event_id: int, payload: RequestIn):
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    mine = _my_registration(request, event)
    recipient = selectors.access_registration(
        viewer=request.user, event=event, registration_id=payload.recipient_id
    )
    meeting_request = services.send_request(
        sender=mine,
        recipient=recipient,
        sent_by=request.user,
        message=payload.message,
        priority=payload.priority,
    )
    return Status(201, meeting_request)


@router.post(
    "/requests/{request_id}/answer",
    response=RequestOut,
    auth=session_or_token,
    url_name="answer_request",
)
def answer_request(request: HttpRequest, request_id: int, payload: AnswerIn):
    meeting_request = selectors.access_request(viewer=request.user, request_id=request_id)
    return services.answer_request(
        request=meeting_request,
        answered_by=request.user,
        accept=payload.accept,
        reason=payload.reason,
    )


@router.post("/{event_id}/schedule", response=PlanOut, auth=session_or_token, url_name="plan")
def plan(request: HttpRequest, event_id: int):
    """Plan the meetings (organisers); announced meetings stay unless the rules allow moves."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    return services.plan_meetings(event=event, planned_by=request.user)


@router.get(
    "/{event_id}/schedule", response=list[MeetingOut], auth=session_or_token, url_name="schedule"
)
def schedule(request: HttpRequest, event_id: int):
    """Every meeting of the event (the organiser's board)."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    _slots, by_place = selectors.list_board(event=event)
    return sorted(by_place.values(), key=lambda m: (m.slot.starts_at, m.table))


@router.get(
    "/{event_id}/agenda", response=list[MeetingOut], auth=session_or_token, url_name="agenda"
)
def agenda(request: HttpRequest, event_id: int):
    """The caller's own meetings, in time order."""
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    registration = selectors.access_agenda(viewer=request.user, event=event)
    return selectors.list_agenda(registration=registration)


@router.get("/{event_id}/agenda.ics", auth=session_or_token, url_name="agenda_ics")
def agenda_ics(request: HttpRequest, event_id: int):
    """The caller's agenda as an iCalendar (RFC 5545) file."""
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    registration = selectors.access_agenda(viewer=request.user, event=event)
    body = calendar.agenda_calendar(
        event=event,
        registration=registration,
        meetings=selectors.list_agenda(registration=registration),
        host=request.get_host(),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@router.post(
    "/{event_id}/registrations/{registration_id}/check-in",
    response=RegistrationOut,
    auth=session_or_token,
    url_name="check_in",
)
def check_in(request: HttpRequest, event_id: int, registration_id: int, payload: CheckInIn):
    """Check a participant in at the door (organisers), or undo it."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    registration = selectors.access_registration(
        viewer=request.user, event=event, registration_id=registration_id
    )
    return services.check_in(
        registration=registration, checked_in_by=request.user, present=payload.present
    )


@router.post(
    "/{event_id}/meetings/{meeting_id}/status",
    response=MeetingOut,
    auth=session_or_token,
    url_name="mark_meeting",
)
def mark_meeting(request: HttpRequest, event_id: int, meeting_id: int, payload: MeetingStatusIn):
    """Mark a meeting held or no-show (organisers)."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    meeting = get_object_or_404(
        Meeting.objects.select_related("event", "slot", "request"), pk=meeting_id, event=event
    )
    return services.mark_meeting(
        meeting=meeting, marked_by=request.user, status=payload.status, absent=payload.absent
    )


@router.post(
    "/{event_id}/schedule/announce", response=CountOut, auth=session_or_token, url_name="announce"
)
def announce(request: HttpRequest, event_id: int):
    """Announce the planned meetings: re-planning keeps them in place from now on."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    return {"count": services.announce_meetings(event=event, announced_by=request.user)}


@router.post(
    "/{event_id}/introductions", response=CountOut, auth=session_or_token, url_name="introduce"
)
def introduce(request: HttpRequest, event_id: int):
    """Turn the held meetings into pipeline introductions brokered by the caller."""
    event = selectors.access_organised_event(viewer=request.user, event_id=event_id)
    return {"count": services.introduce_held_meetings(event=event, introduced_by=request.user)}


@router.get(
    "/{event_id}/recommendations",
    response=list[RecommendationOut],
    auth=session_or_token,
    url_name="recommendations",
)
def recommendations(request: HttpRequest, event_id: int):
    """Whom the caller might meet, from the matching engine, with its reasons."""
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    mine = _my_registration(request, event)
    return [
        {
            "registration_id": r.registration.pk,
            "organisation_id": r.registration.organisation_id,
            "organisation_name": r.registration.organisation.name,
            "score": r.score,
            "reasons": r.reasons,
        }
        for r in selectors.recommend(viewer=request.user, registration=mine)
    ]

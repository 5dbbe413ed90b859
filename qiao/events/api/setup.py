"""The organiser's tools over the API: the set-up (participant types, sessions, zones,
exhibitors), bulk decisions on registrations, the who-may-ask-whom rule table, and the
event report; plus each participant's own calendar subscription.

Every operation calls the service the organiser's page calls, so the refusals (and their
reasons, in the caller's language) are the same: removing a participant type someone
registered as, a session outside the event's days, a decline without a reason. An event the
caller may not see is a 404; one they see but do not organise is a 404 too, as on the pages
(``selectors.access_organised_event``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from qiao.core.api_auth import session_or_token
from qiao.directory.models import Organisation
from qiao.events import calendar, selectors, services
from qiao.events.models import Exhibitor, ParticipantType, Registration, Session, Zone
from qiao.events.report import build_report
from qiao.events.schemas import (
    BulkDecisionIn,
    CountOut,
    ExhibitorIn,
    ExhibitorOut,
    ExhibitorPatch,
    FeedOut,
    ParticipantTypeIn,
    ParticipantTypeOut,
    ParticipantTypePatch,
    ReportOut,
    RuleTableIn,
    RuleTableOut,
    SessionIn,
    SessionOut,
    SessionPatch,
    ZoneIn,
    ZoneOut,
)
from qiao.pipeline.models import Introduction

router = Router(tags=["events"])


def _organised(request: HttpRequest, event_id: int):
    return selectors.access_organised_event(viewer=request.user, event_id=event_id)


def _own_types(event, ids: list[int]) -> list[ParticipantType]:
    found = list(ParticipantType.objects.filter(event=event, pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ValidationError({"may_ask_ids": [_("That participant type is not of this event.")]})
    return found


def _type_out(participant_type: ParticipantType) -> dict:
    return {
        "id": participant_type.pk,
        "name_zh": participant_type.name_zh,
        "name_en": participant_type.name_en,
        "request_quota": participant_type.request_quota,
        "max_meetings": participant_type.max_meetings,
        "may_ask_ids": sorted(t.pk for t in participant_type.may_meet.all()),
    }


# --- Participant types ----------------------------------------------------------------------


@router.get(
    "/{event_id}/participant-types",
    response=list[ParticipantTypeOut],
    auth=session_or_token,
    url_name="list_participant_types",
)
def list_participant_types(request: HttpRequest, event_id: int):
    event = _organised(request, event_id)
    types = ParticipantType.objects.filter(event=event).prefetch_related("may_meet")
    return [_type_out(t) for t in types.order_by("pk")]


@router.post(
    "/{event_id}/participant-types",
    response={201: ParticipantTypeOut},
    auth=session_or_token,
    url_name="add_participant_type",
)
def add_participant_type(request: HttpRequest, event_id: int, payload: ParticipantTypeIn):
    event = _organised(request, event_id)
    data = payload.dict()
    may_meet = _own_types(event, data.pop("may_ask_ids"))
    created = services.add_participant_type(
        event=event, added_by=request.user, may_meet=may_meet, **data
    )
    return Status(201, _type_out(created))


def _type(request, event_id: int, type_id: int) -> ParticipantType:
    event = _organised(request, event_id)
    return get_object_or_404(
        ParticipantType.objects.select_related("event"), pk=type_id, event=event
    )


@router.patch(
    "/{event_id}/participant-types/{type_id}",
    response=ParticipantTypeOut,
    auth=session_or_token,
    url_name="update_participant_type",
)
def update_participant_type(
    request: HttpRequest, event_id: int, type_id: int, payload: ParticipantTypePatch
):
    participant_type = _type(request, event_id, type_id)
    data = payload.dict(exclude_unset=True)
    services.update_participant_type(
        participant_type=participant_type, updated_by=request.user, **data
    )
    return _type_out(participant_type)


@router.delete(
    "/{event_id}/participant-types/{type_id}",
    response={204: None},
    auth=session_or_token,
    url_name="remove_participant_type",
)
def remove_participant_type(request: HttpRequest, event_id: int, type_id: int):
    """Refused (422, with the count) while anyone is registered as this type."""
    participant_type = _type(request, event_id, type_id)
    services.remove_participant_type(participant_type=participant_type, removed_by=request.user)
    return Status(204, None)


# --- Sessions -------------------------------------------------------------------------------


@router.get(
    "/{event_id}/sessions",
    response=list[SessionOut],
    url_name="list_sessions",
)
def list_sessions(request: HttpRequest, event_id: int):
    """The programme: anyone who sees the event, signed in or not (as its page)."""
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    return Session.objects.filter(event=event).order_by("starts_at", "pk")


@router.post(
    "/{event_id}/sessions",
    response={201: SessionOut},
    auth=session_or_token,
    url_name="add_session",
)
def add_session(request: HttpRequest, event_id: int, payload: SessionIn):
    """Refused (422) outside the event's days or ending before it starts."""
    event = _organised(request, event_id)
    return Status(201, services.add_session(event=event, added_by=request.user, **payload.dict()))


def _session(request, event_id: int, session_id: int) -> Session:
    event = _organised(request, event_id)
    return get_object_or_404(Session.objects.select_related("event"), pk=session_id, event=event)


@router.patch(
    "/{event_id}/sessions/{session_id}",
    response=SessionOut,
    auth=session_or_token,
    url_name="update_session",
)
def update_session(request: HttpRequest, event_id: int, session_id: int, payload: SessionPatch):
    session = _session(request, event_id, session_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.update_session(session=session, updated_by=request.user, **data)


@router.delete(
    "/{event_id}/sessions/{session_id}",
    response={204: None},
    auth=session_or_token,
    url_name="remove_session",
)
def remove_session(request: HttpRequest, event_id: int, session_id: int):
    services.remove_session(
        session=_session(request, event_id, session_id), removed_by=request.user
    )
    return Status(204, None)


# --- Zones and exhibitors -------------------------------------------------------------------


@router.get("/{event_id}/zones", response=list[ZoneOut], url_name="list_zones")
def list_zones(request: HttpRequest, event_id: int):
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    return Zone.objects.filter(event=event).order_by("pk")


@router.post(
    "/{event_id}/zones", response={201: ZoneOut}, auth=session_or_token, url_name="add_zone"
)
def add_zone(request: HttpRequest, event_id: int, payload: ZoneIn):
    event = _organised(request, event_id)
    return Status(201, services.add_zone(event=event, added_by=request.user, **payload.dict()))


def _zone(request, event_id: int, zone_id: int) -> Zone:
    event = _organised(request, event_id)
    return get_object_or_404(Zone.objects.select_related("event"), pk=zone_id, event=event)


@router.put(
    "/{event_id}/zones/{zone_id}",
    response=ZoneOut,
    auth=session_or_token,
    url_name="update_zone",
)
def update_zone(request: HttpRequest, event_id: int, zone_id: int, payload: ZoneIn):
    zone = _zone(request, event_id, zone_id)
    return services.update_zone(zone=zone, updated_by=request.user, **payload.dict())


@router.delete(
    "/{event_id}/zones/{zone_id}",
    response={204: None},
    auth=session_or_token,
    url_name="remove_zone",
)
def remove_zone(request: HttpRequest, event_id: int, zone_id: int):
    """Remove the zone and its exhibitors (each removal audited)."""
    services.remove_zone(zone=_zone(request, event_id, zone_id), removed_by=request.user)
    return Status(204, None)


def _exhibitors(event):
    return Exhibitor.objects.filter(zone__event=event).select_related("zone__event", "organisation")


@router.get(
    "/{event_id}/exhibitors",
    response=list[ExhibitorOut],
    url_name="list_exhibitors",
)
def list_exhibitors(request: HttpRequest, event_id: int):
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    return _exhibitors(event).order_by("zone_id", "booth", "pk")


@router.post(
    "/{event_id}/exhibitors",
    response={201: ExhibitorOut},
    auth=session_or_token,
    url_name="add_exhibitor",
)
def add_exhibitor(request: HttpRequest, event_id: int, payload: ExhibitorIn):
    event = _organised(request, event_id)
    zone = Zone.objects.select_related("event").filter(pk=payload.zone_id, event=event).first()
    if zone is None:
        raise ValidationError({"zone_id": [_("That zone is not of this event.")]})
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": [_("Unknown organisation id.")]})
    exhibitor = services.add_exhibitor(
        zone=zone, added_by=request.user, organisation=organisation, booth=payload.booth
    )
    return Status(201, exhibitor)


def _exhibitor(request, event_id: int, exhibitor_id: int) -> Exhibitor:
    event = _organised(request, event_id)
    return get_object_or_404(_exhibitors(event), pk=exhibitor_id)


@router.patch(
    "/{event_id}/exhibitors/{exhibitor_id}",
    response=ExhibitorOut,
    auth=session_or_token,
    url_name="update_exhibitor",
)
def update_exhibitor(
    request: HttpRequest, event_id: int, exhibitor_id: int, payload: ExhibitorPatch
):
    exhibitor = _exhibitor(request, event_id, exhibitor_id)
    return services.update_exhibitor(
        exhibitor=exhibitor, updated_by=request.user, booth=payload.booth
    )


@router.delete(
    "/{event_id}/exhibitors/{exhibitor_id}",
    response={204: None},
    auth=session_or_token,
    url_name="remove_exhibitor",
)
def remove_exhibitor(request: HttpRequest, event_id: int, exhibitor_id: int):
    exhibitor = _exhibitor(request, event_id, exhibitor_id)
    services.remove_exhibitor(exhibitor=exhibitor, removed_by=request.user)
    return Status(204, None)


# --- Registrations in bulk, the rule table ----------------------------------------------------


@router.post(
    "/{event_id}/registrations/decide",
    response=CountOut,
    auth=session_or_token,
    url_name="decide_registrations",
)
def decide_registrations(request: HttpRequest, event_id: int, payload: BulkDecisionIn):
    """Approve or decline (with one reason) several pending registrations: all or none. An id
    that is not a pending registration of this event refuses the whole batch."""
    event = _organised(request, event_id)
    wanted = set(payload.registration_ids)
    chosen = list(
        Registration.objects.filter(
            event=event, status=Registration.Status.PENDING, pk__in=wanted
        ).select_related("event", "user")
    )
    if len(chosen) != len(wanted):
        raise ValidationError(
            {"registration_ids": [_("Only pending registrations of this event can be decided.")]}
        )
    count = services.decide_registrations(
        event=event,
        registrations=chosen,
        decided_by=request.user,
        approve=payload.approve,
        reason=payload.reason,
    )
    return {"count": count}


def _rule_table_out(event) -> dict:
    table = services.rule_table(event.pk)
    return {
        "open": table.is_open,
        "pairs": [{"asker_id": a, "asked_id": b} for a, b in sorted(table.pairs)],
    }


@router.get(
    "/{event_id}/rule-table",
    response=RuleTableOut,
    auth=session_or_token,
    url_name="get_rule_table",
)
def get_rule_table(request: HttpRequest, event_id: int):
    """Who may ask whom: each pair reads "participants of type ``asker_id`` may ask those of
    type ``asked_id``" (``qiao/events/rules.py``); no pair at all means anyone may ask anyone."""
    return _rule_table_out(_organised(request, event_id))


@router.put(
    "/{event_id}/rule-table",
    response=RuleTableOut,
    auth=session_or_token,
    url_name="set_rule_table",
)
def set_rule_table(request: HttpRequest, event_id: int, payload: RuleTableIn):
    """Replace the whole rule table (an empty list opens the event to every pair)."""
    event = _organised(request, event_id)
    pairs = {(p.asker_id, p.asked_id) for p in payload.pairs}
    services.set_meeting_rules(event=event, set_by=request.user, pairs=pairs)
    return _rule_table_out(event)


# --- The caller's calendar subscription, the report -------------------------------------------


@router.get(
    "/{event_id}/agenda/feed", response=FeedOut, auth=session_or_token, url_name="agenda_feed"
)
def agenda_feed(request: HttpRequest, event_id: int):
    """The caller's own calendar subscription (approved participants): a private URL that
    calendar apps fetch without signing in; withdrawn meetings leave the calendar through it."""
    event = selectors.access_event(viewer=request.user, event_id=event_id)
    registration = selectors.access_agenda(viewer=request.user, event=event)
    path = reverse("events:agenda_feed", args=[calendar.feed_token(registration)])
    return {"url": request.build_absolute_uri(path)}


@router.get("/{event_id}/report", response=ReportOut, auth=session_or_token, url_name="report")
def event_report(request: HttpRequest, event_id: int):
    """The figures of the organiser's report page, with the introductions the caller may see."""
    event = _organised(request, event_id)
    report = build_report(event=event, viewer=request.user)
    labels = dict(Introduction.Status.choices)
    stages: dict[str, int] = {}
    for introduction in report.introductions:
        stages[introduction.status] = stages.get(introduction.status, 0) + 1
    return {
        "event_id": event.pk,
        "figures": [
            {"key": key, "label": label, "value": value} for key, label, value in report.figures()
        ],
        "stages": [
            {"key": key, "label": str(labels[key]), "value": count} for key, count in stages.items()
        ],
        "introductions": [
            {
                "id": i.pk,
                "requesting_organisation_id": i.requesting_organisation_id,
                "receiving_organisation_id": i.receiving_organisation_id,
                "status": i.status,
                "stage": i.get_status_display(),
            }
            for i in report.introductions
        ],
    }

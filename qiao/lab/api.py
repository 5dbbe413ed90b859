"""Shared lab API: the catalogue, availability and bookings, with the pages' rights."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from qiao.core.api_auth import session_or_token
from qiao.core.api_errors import etag, expected_version
from qiao.core.pagination import BoundedPageNumberPagination
from qiao.directory.models import Organisation
from qiao.lab import selectors, services
from qiao.lab.schemas import (
    AvailabilityFilter,
    BookingIn,
    BookingOut,
    BusyOut,
    DecisionIn,
    EquipmentDetailOut,
    EquipmentFilter,
    EquipmentOut,
    EquipmentPatch,
    UsageIn,
)

router = Router(tags=["lab"])

MAX_AVAILABILITY = datetime.timedelta(days=62)


@router.get("/equipment/", response=list[EquipmentOut], url_name="list_equipment")
@paginate(BoundedPageNumberPagination, page_size=20)
def list_equipment(request: HttpRequest, filters: Query[EquipmentFilter]):
    """Search the catalogue across institutions; every filter is optional."""
    data = filters.dict()
    return selectors.search_equipment(
        viewer=request.user,
        filters=selectors.EquipmentFilter(
            q=data["q"],
            category=data["category"] or "",
            kind=data["kind"] or "",
            organisation=data["organisation"],
            city=data["city"],
            no_training=data["no_training"],
            no_approval=data["no_approval"],
        ),
    )


@router.get("/equipment/{equipment_id}", response=EquipmentDetailOut, url_name="get_equipment")
def get_equipment(request: HttpRequest, equipment_id: int, response: HttpResponse):
    """Return one instrument; its ``ETag`` is the version to send back with a change."""
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=equipment_id)
    response["ETag"] = etag(equipment.version)
    return equipment


@router.patch(
    "/equipment/{equipment_id}",
    response=EquipmentDetailOut,
    auth=session_or_token,
    url_name="update_equipment",
)
def update_equipment(
    request: HttpRequest, equipment_id: int, payload: EquipmentPatch, response: HttpResponse
):
    """Change the fields sent (lab managers; 404 for others). Send the version you edited
    (``version`` or ``If-Match``): if someone saved since, nothing is saved and the answer is
    409 with their change in words."""
    equipment = selectors.access_managed_equipment(viewer=request.user, equipment_id=equipment_id)
    data = payload.dict(exclude_unset=True)
    version = expected_version(request, data.pop("version", None))
    services.update_equipment(equipment=equipment, updated_by=request.user, version=version, **data)
    response["ETag"] = etag(equipment.version)
    return equipment


@router.get(
    "/equipment/{equipment_id}/availability",
    response=list[BusyOut],
    url_name="get_availability",
)
def get_availability(request: HttpRequest, equipment_id: int, window: Query[AvailabilityFilter]):
    """Return the taken time between start and end; everything else within hours is free."""
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=equipment_id)
    if window.end <= window.start or window.end - window.start > MAX_AVAILABILITY:
        raise ValidationError({"end": [_("Ask for 62 days at most, ending after the start.")]})
    busy = selectors.list_busy_intervals(
        equipment=equipment, starts_at=window.start, ends_at=window.end
    )
    return [
        {
            "starts_at": b.starts_at,
            "ends_at": b.ends_at,
            "kind": "maintenance"
            if b.is_maintenance
            else ("requested" if b.status == "pending" else "booked"),
        }  # fmt: skip
        for b in busy
    ]


@router.get(
    "/bookings/", response=list[BookingOut], auth=session_or_token, url_name="list_bookings"
)
@paginate(BoundedPageNumberPagination, page_size=50)
def list_bookings(request: HttpRequest, managed: bool = False):
    """Your bookings; ``managed=true`` lists the bookings of the instruments you manage."""
    if managed:
        return selectors.list_bookings_to_manage(viewer=request.user)
    return selectors.list_my_bookings(viewer=request.user)


@router.get(
    "/bookings/{booking_id}", response=BookingOut, auth=session_or_token, url_name="get_booking"
)
def get_booking(request: HttpRequest, booking_id: int):
    return selectors.access_booking(viewer=request.user, booking_id=booking_id)


@router.post(
    "/bookings/", response={201: BookingOut}, auth=session_or_token, url_name="create_booking"
)
def create_booking(request: HttpRequest, payload: BookingIn):
    """Book: confirmed, waiting for approval, waitlisted, or refused with the reason (422)."""
    equipment = selectors.access_equipment(viewer=request.user, equipment_id=payload.equipment_id)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation_id": [_("Unknown organisation id.")]})
    booking = services.book_equipment(
        equipment=equipment,
        booked_by=request.user,
        organisation=organisation,
        starts_at=payload.starts_at,
        units=payload.units,
        purpose=payload.purpose,
        join_waitlist=payload.join_waitlist,
    )
    return Status(201, booking)


def _booking(request, booking_id):
    return selectors.access_booking(viewer=request.user, booking_id=booking_id)


@router.post(
    "/bookings/{booking_id}/cancel",
    response=BookingOut,
    auth=session_or_token,
    url_name="cancel_booking",
)
def cancel_booking(request: HttpRequest, booking_id: int):
    """Cancel; after the instrument's deadline the late cancellation fee is charged."""
    return services.cancel_booking(booking=_booking(request, booking_id), cancelled_by=request.user)


@router.post(
    "/bookings/{booking_id}/decision",
    response=BookingOut,
    auth=session_or_token,
    url_name="decide_booking",
)
def decide_booking(request: HttpRequest, booking_id: int, payload: DecisionIn):
    """Approve or decline a request (lab managers)."""
    return services.decide_booking(
        booking=_booking(request, booking_id),
        decided_by=request.user,
        approve=payload.approve,
        note=payload.note,
    )


@router.post(
    "/bookings/{booking_id}/accept",
    response=BookingOut,
    auth=session_or_token,
    url_name="accept_offer",
)
def accept_offer(request: HttpRequest, booking_id: int):
    """Take a slot offered from the waitlist."""
    return services.accept_offer(booking=_booking(request, booking_id), accepted_by=request.user)


@router.post(
    "/bookings/{booking_id}/usage",
    response=BookingOut,
    auth=session_or_token,
    url_name="record_usage",
)
def record_usage(request: HttpRequest, booking_id: int, payload: UsageIn):
    """Record the minutes actually used (lab managers); the fee follows."""
    return services.record_usage(
        booking=_booking(request, booking_id), minutes=payload.minutes, recorded_by=request.user
    )


@router.post(
    "/bookings/{booking_id}/no-show",
    response=BookingOut,
    auth=session_or_token,
    url_name="mark_no_show",
)
def mark_no_show(request: HttpRequest, booking_id: int):
    """Record that the booker did not come (lab managers); the no-show fee is charged."""
    return services.mark_no_show(booking=_booking(request, booking_id), marked_by=request.user)

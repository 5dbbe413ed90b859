"""Service requests API: the caller's requests (operators: all), confidential otherwise."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from qiao.servicedesk import selectors

router = Router(tags=["servicedesk"], auth=django_auth)


class ServiceRequestOut(Schema):
    id: int
    organisation_id: int
    category_id: int
    title: str
    description: str
    urgency: str
    status: str
    filed_on: datetime.date
    due_on: datetime.date | None
    first_answered_on: datetime.date | None
    resolved_on: datetime.date | None
    closed_on: datetime.date | None
    escalated_on: datetime.date | None
    rating: int | None
    auto_closed: bool
    version: int


@router.get("/requests/", response=list[ServiceRequestOut], url_name="list_requests")
def list_requests(request: HttpRequest):
    return list(selectors.list_visible_requests(request.user)[:1000])


@router.get("/requests/{request_id}", response=ServiceRequestOut, url_name="get_request")
def get_request(request: HttpRequest, request_id: int):
    return selectors.access_request(request.user, request_id)

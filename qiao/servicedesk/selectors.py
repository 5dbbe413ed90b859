"""Reads for service requests: confidential to the firm and the park (404 to others)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from qiao.directory.roles import roles_of
from qiao.servicedesk import workdays
from qiao.servicedesk.models import Attachment, ServiceRequest


def list_visible_requests(user) -> QuerySet[ServiceRequest]:
    roles = roles_of(user)
    requests = ServiceRequest.objects.select_related(
        "organisation", "category", "officer", "department", "handler"
    )
    if roles.is_operator:
        return requests
    # The firm's members, and the handler the park handed the request to.
    return requests.filter(Q(organisation_id__in=roles.member_of) | Q(handler_id=user.pk))


def access_request(user, pk: int) -> ServiceRequest:
    return get_object_or_404(list_visible_requests(user), pk=pk)


def access_attachment(user, request_pk: int, attachment_pk: int) -> Attachment:
    """An attachment of a request the user may read; 404 otherwise (whether or not it exists)."""
    request = access_request(user, request_pk)
    return get_object_or_404(Attachment, request=request, pk=attachment_pk)


@dataclass(frozen=True)
class Insights:
    volume_by_category: list[tuple[str, int]]
    median_days_to_first_answer: float | None
    median_days_to_resolution: float | None
    on_time_share: float | None
    mean_rating: float | None
    rated: int


def insights(requests: QuerySet[ServiceRequest]) -> Insights:
    """Volume, medians in working days, share resolved on time, satisfaction."""
    volume = [
        (row["category__name_zh"], row["n"])
        for row in requests.values("category__name_zh").annotate(n=Count("pk")).order_by("-n")
    ]
    first, resolution, on_time, ratings = [], [], [], []
    # select_related(None): the visible requests come with their organisation joined, which
    # .only() may not defer.
    fields = ("filed_on", "first_answered_on", "resolved_on", "due_on", "rating")
    for r in requests.select_related(None).only(*fields):
        if r.first_answered_on:
            first.append(workdays.working_days_between(r.filed_on, r.first_answered_on))
        if r.resolved_on:
            resolution.append(workdays.working_days_between(r.filed_on, r.resolved_on))
            on_time.append(r.due_on is None or r.resolved_on <= r.due_on)
        if r.rating:
            ratings.append(r.rating)
    return Insights(
        volume,
        statistics.median(first) if first else None,
        statistics.median(resolution) if resolution else None,
        sum(on_time) / len(on_time) if on_time else None,
        statistics.mean(ratings) if ratings else None,
        len(ratings),
    )

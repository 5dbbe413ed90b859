"""Writes for service requests: file, accept, answer, wait on the firm, resolve, rate, close.

Every deadline is counted in working days (``workdays``) from the day the request was
filed, skipping the days it waited on the firm.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import effects, policy, writes
from qiao.core.uploads import FILE_TYPES, check_upload
from qiao.directory.models import Organisation
from qiao.inbox import notices
from qiao.servicedesk import workdays
from qiao.servicedesk.models import (
    Attachment,
    Category,
    Department,
    Message,
    Pause,
    ServiceRequest,
)
from qiao.servicedesk.notices import (
    REQUEST_ANSWERED,
    REQUEST_FILED,
    REQUEST_HANDED_OVER,
    REQUEST_OVERDUE,
)

S = ServiceRequest.Status
FILE_FIELDS = frozenset({"category", "title", "description", "urgency"})
ATTACHMENT_TYPES = {
    ext: FILE_TYPES[ext] for ext in (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx")
}


def _url(request: ServiceRequest) -> str:
    return reverse("servicedesk:detail", args=[request.pk])


def _params(request: ServiceRequest) -> dict:
    return {"title": request.title, "organisation": notices.name_of(request.organisation)}


def due_date(request: ServiceRequest, *, today: datetime.date) -> datetime.date:
    """Filing day + the category's working days, the days waiting on the firm skipped."""
    pauses = [(p.started_on, p.ended_on) for p in request.pauses.all()]
    skip = workdays.paused_days(pauses, today)
    return workdays.add_working_days(request.filed_on, request.category.resolve_days, skip=skip)


def _change(request: ServiceRequest, by, **data) -> None:
    writes.update(request, actor=by, data=data, allowed=set(data))
    effects.emit("service_request_changed", service_request_id=request.pk)


@transaction.atomic
def file_request(
    *, by, organisation: Organisation, category: Category, title: str, description: str,
    urgency: str = ServiceRequest.Urgency.NORMAL, today: datetime.date | None = None,
    attachments=(),
) -> ServiceRequest:  # fmt: skip
    policy.authorize(by, "servicedesk.file_request", organisation)
    today = today or timezone.localdate()
    request = writes.create(
        ServiceRequest, actor=by,
        data={"category": category, "title": title, "description": description,
              "urgency": urgency},
        allowed=FILE_FIELDS,
        fixed={"organisation": organisation, "filed_by": by, "filed_on": today,
               "due_on": workdays.add_working_days(today, category.resolve_days)},
    )  # fmt: skip
    for upload in attachments:
        add_attachment(by=by, request=request, upload=upload)
    notices.send(
        REQUEST_FILED, recipients=notices.operators(), params=_params(request),
        url=_url(request), about=request, exclude=[by],
    )  # fmt: skip
    effects.emit("service_request_changed", service_request_id=request.pk)
    return request


@transaction.atomic
def accept_request(*, by, request: ServiceRequest, officer=None) -> ServiceRequest:
    policy.authorize(by, "servicedesk.handle_request", request)
    if request.status != S.FILED:
        raise ValidationError(_("Only a newly filed request can be accepted."))
    _change(request, by, status=S.ACCEPTED, officer=officer or by)
    return request


@transaction.atomic
def post_message(
    *, by, request: ServiceRequest, body: str, wait_on_firm: bool = False,
    today: datetime.date | None = None,
) -> Message:  # fmt: skip
    """A message; from the park it may put the clock on hold, from the firm it resumes it."""
    policy.authorize(by, "servicedesk.take_part", request)
    if not request.is_open:
        raise ValidationError(_("This request is no longer open."))
    today = today or timezone.localdate()
    from_park = policy.allows(by, "servicedesk.handle_request", request)
    message = writes.create(
        Message, actor=by, data={"body": body}, allowed={"body"},
        fixed={"request": request, "author": by, "from_park": from_park},
    )  # fmt: skip
    if from_park:
        data: dict = {}
        if request.first_answered_on is None:
            data["first_answered_on"] = today
        if request.status == S.FILED:
            data["status"] = S.ACCEPTED
            data["officer"] = request.officer or by
        if wait_on_firm and request.status != S.WAITING:
            Pause.objects.create(request=request, started_on=today)
            data["status"] = S.WAITING
        if data:
            _change(request, by, **data)
        notices.send(
            REQUEST_ANSWERED, recipients=notices.members_of(request.organisation_id),
            params=_params(request), url=_url(request), about=request, exclude=[by],
        )  # fmt: skip
    elif request.status == S.WAITING:
        request.pauses.filter(ended_on__isnull=True).update(ended_on=today)
        _change(request, by, status=S.ACCEPTED, due_on=due_date(request, today=today))
    return message


@transaction.atomic
def resolve_request(*, by, request: ServiceRequest, today: datetime.date | None = None):
    policy.authorize(by, "servicedesk.handle_request", request)
    if not request.is_open:
        raise ValidationError(_("This request is no longer open."))
    today = today or timezone.localdate()
    request.pauses.filter(ended_on__isnull=True).update(ended_on=today)
    data = {"status": S.RESOLVED, "resolved_on": today}
    if request.first_answered_on is None:
        data["first_answered_on"] = today
    _change(request, by, **data)
    return request


@transaction.atomic
def rate_and_close(*, by, request: ServiceRequest, rating: int, comment: str = "",
                   today: datetime.date | None = None) -> ServiceRequest:  # fmt: skip
    """The firm says whether it was satisfied (1–5); that closes the request."""
    policy.authorize(by, "servicedesk.rate", request)
    if request.status != S.RESOLVED:
        raise ValidationError(_("Only a resolved request can be rated."))
    _change(
        request, by, rating=rating, rating_comment=comment, status=S.CLOSED,
        closed_on=today or timezone.localdate(),
    )  # fmt: skip
    return request


def auto_close(*, after_days: int, today: datetime.date | None = None) -> int:
    """Close requests resolved ``after_days`` working days ago and not rated (recorded)."""
    today = today or timezone.localdate()
    closed = 0
    for request in ServiceRequest.objects.filter(status=S.RESOLVED):
        if workdays.working_days_between(request.resolved_on, today) >= after_days:
            with transaction.atomic():
                writes.update(
                    request, actor=None,
                    data={"status": S.CLOSED, "closed_on": today, "auto_closed": True},
                    allowed={"status", "closed_on", "auto_closed"},
                    note="auto-closed without a rating",
                )  # fmt: skip
            closed += 1
    return closed


def escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Tell the category's supervisor (or the operators) of open requests past due, once."""
    today = today or timezone.localdate()
    count = 0
    overdue = ServiceRequest.objects.filter(
        status__in=[S.FILED, S.ACCEPTED], due_on__lt=today, escalated_on__isnull=True
    ).select_related("category__supervisor", "organisation")
    for request in overdue:
        supervisor = request.category.supervisor
        with transaction.atomic():
            writes.update(request, actor=None, data={"escalated_on": today},
                          allowed={"escalated_on"}, note="escalated: overdue")  # fmt: skip
            notices.send(
                REQUEST_OVERDUE,
                recipients=[supervisor] if supervisor else notices.operators(),
                params={**_params(request), "due": request.due_on.isoformat()},
                url=_url(request), about=request,
            )  # fmt: skip
        count += 1
    return count


@transaction.atomic
def turn_into_need(*, by, request: ServiceRequest):
    """Make the request a service need in the market (a draft the firm can publish)."""
    from qiao.market import services as market_services
    from qiao.market.models import Kind, Side

    policy.authorize(by, "servicedesk.take_part", request)
    if request.listing_id:
        raise ValidationError(_("This request is already a need in the market."))
    listing = market_services.create_listing(
        created_by=by, organisation=request.organisation, side=Side.NEED,
        kind=Kind.SERVICE_NEED, title_zh=request.title, summary_zh=request.description[:500],
    )  # fmt: skip
    _change(request, by, listing_id=listing.pk)
    return listing


@transaction.atomic
def add_attachment(*, by, request: ServiceRequest, upload) -> Attachment:
    """Attach a file (checked by content and size) to an open request; those who take part
    in it (the firm, the park, its handler) may, and only they can read it back."""
    policy.authorize(by, "servicedesk.take_part", request)
    if not request.is_open:
        raise ValidationError(_("This request is no longer open."))
    content_type = check_upload(
        upload, extensions=ATTACHMENT_TYPES, max_mb=settings.QIAO_MAX_DOCUMENT_MB,
        wrong_type_message=_("Upload a PDF, Word, Excel, PNG or JPEG file."),
    )  # fmt: skip
    attachment = Attachment.objects.create(
        request=request, file=upload, original_name=PurePath(upload.name).name[:200],
        content_type=content_type, size=upload.size, uploaded_by=by,
    )  # fmt: skip
    writes.record_added(request, actor=by, part=attachment, field="attachments")
    return attachment


@transaction.atomic
def hand_over(
    *, by, request: ServiceRequest, department: Department | None, handler=None,
    today: datetime.date | None = None,
) -> ServiceRequest:  # fmt: skip
    """Hand the request to a department (its handler, or the one named). The clock runs on:
    the due date stays. A new handler is told once; handing it again to them tells no one."""
    policy.authorize(by, "servicedesk.hand_over", request)
    if not request.is_open:
        raise ValidationError(_("This request is no longer open."))
    handler = handler or (department.handler if department else None)
    if department is None and handler is None:
        raise ValidationError(_("Choose a department or a handler."))
    data: dict = {"department": department, "handler": handler}
    if (request.department_id, request.handler_id) != (
        department.pk if department else None,
        handler.pk if handler else None,
    ):
        data["handed_over_on"] = today or timezone.localdate()
    if request.status == S.FILED:
        data |= {"status": S.ACCEPTED, "officer": request.officer or by}
    told_before = request.handler_id
    _change(request, by, **data)
    if handler is not None and handler.pk != told_before:
        notices.send(
            REQUEST_HANDED_OVER, recipients=[handler],
            params={**_params(request), "due": request.due_on.isoformat() if request.due_on else ""},
            url=_url(request), about=request, exclude=[by],
        )  # fmt: skip
    return request

"""Inbox API: your own notifications only."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from qiao.core.api_auth import session_or_token
from qiao.core.pagination import BoundedPageNumberPagination
from qiao.inbox import selectors, services
from qiao.inbox.schemas import MarkReadIn, NotificationOut

router = Router(tags=["inbox"], auth=session_or_token)


@router.get("/notifications/", response=list[NotificationOut], url_name="list_notifications")
@paginate(BoundedPageNumberPagination, page_size=30)
def list_notifications(request: HttpRequest, unread: bool = False):
    notifications = selectors.list_notifications(recipient=request.user)
    return notifications.filter(read_at__isnull=True) if unread else notifications


@router.post("/notifications/read", response=dict, url_name="mark_notifications_read")
def mark_notifications_read(request: HttpRequest, payload: MarkReadIn):
    return {"marked": services.mark_read(recipient=request.user, notification_ids=payload.ids)}

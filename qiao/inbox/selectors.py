"""Read queries over the inbox: a user sees only their own notifications."""

from django.db.models import QuerySet

from qiao.inbox.models import Notification


def list_notifications(*, recipient) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=recipient)


def count_unread(*, recipient) -> int:
    if not recipient.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()

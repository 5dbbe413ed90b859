"""Write operations on the inbox: notify users, mark read, send the e-mail digests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from qiao.accounts.models import DigestFrequency
from qiao.inbox.models import Notification


def notify(
    *, recipients: Iterable, kind: str, title_zh: str, title_en: str, url: str = ""
) -> list[Notification]:
    """Put one notification in each recipient's inbox (once per recipient)."""
    unique = {user.pk: user for user in recipients if user.is_active}
    return Notification.objects.bulk_create(
        Notification(
            recipient=user, kind=kind, title_zh=title_zh[:300], title_en=title_en[:300], url=url
        )
        for user in unique.values()
    )


def mark_read(*, recipient, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the recipient's notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


_PERIOD = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}


def send_digests(*, frequency: str, now=None) -> int:
    """E-mail each user with this digest frequency their notifications not yet e-mailed.

    Each notification is e-mailed at most once; a user whose last digest went out less than
    a period ago is skipped, so running the command too often sends nothing twice. Returns
    the number of e-mails sent.
    """
    now = now or timezone.now()
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(
            digest_frequency=frequency,
            is_active=True,
            notifications__emailed_at__isnull=True,
            notifications__read_at__isnull=True,
        )
        .distinct()
    )
    sent = 0
    for user in users:
        sent += _send_digest(user=user, frequency=frequency, now=now)
    return sent


def _send_digest(*, user, frequency: str, now) -> int:
    last = (
        Notification.objects.filter(recipient=user, emailed_at__isnull=False)
        .order_by("-emailed_at")
        .values_list("emailed_at", flat=True)
        .first()
    )
    if last is not None and now - last < _PERIOD[frequency] - timedelta(minutes=5):
        return 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(recipient=user, emailed_at__isnull=True, read_at__isnull=True)
            .order_by("-created_at")
        )
        if not pending:
            return 0
        with translation.override(user.language):
            context = {
                "user": user,
                "notifications": [(n, n.title_in(user.language)) for n in pending],
                "base_url": settings.QIAO_BASE_URL,
            }
            subject = ngettext(
                "Qiao: %(count)d new notification",
                "Qiao: %(count)d new notifications",
                len(pending),
            ) % {"count": len(pending)}
            body = render_to_string("inbox/digest_email.txt", context)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        send_mail(subject, body, None, [user.email])
    return 1

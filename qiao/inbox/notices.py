"""What Qiao tells people: each notice defined once, in gettext, read in the reader's language.

An app defines its notices at module level (in its own ``notices.py``, which the inbox loads
at start-up, or beside the service that sends them) and sends them after the commit that
made them true::

    from django.utils.translation import ngettext_lazy
    from qiao.inbox import notices

    INTRODUCTION_REQUESTED = notices.define(
        "pipeline.introduction_requested",
        kind="introduction",
        text=ngettext_lazy(
            "%(organisation)s asks to be introduced to %(target)s",
            "%(count)d requests for introductions to %(target)s",
            "count",
        ),
    )

    notices.send(
        INTRODUCTION_REQUESTED,
        recipients=notices.operators(),
        params={"organisation": notices.name_of(organisation), "target": "…"},
        url=reverse(...),
        about=introduction,  # folds repeated notices about this object into one line
    )

``params`` values are plain strings or numbers, or ``notices.both(zh, en)`` (see ``name_of``)
for names that exist in both languages. The text is rendered when it is read, in the reader's
language (``User.language``, the one language setting per user), so a catalogue fix reaches old
notices too. While the recipient has not read an earlier notice with the same definition and
the same ``about``, a new one folds into it: the count grows, the newest parameters win and it
moves back to the top ("3 new matches for …", not three lines). ``send`` is safe to call inside
a transaction: it writes nothing until the commit and nothing after a rollback. Recipients who
chose "each notice at once" get an e-mail per new notice (not per fold), in their language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

_REGISTRY: dict[str, Notice] = {}


@dataclass(frozen=True)
class Notice:
    """One kind of message: a key, the inbox kind it files under, its gettext text."""

    key: str
    kind: str
    text: Any  # a gettext_lazy / ngettext_lazy(…, "count") proxy with %(name)s placeholders

    def render(self, params: Mapping[str, Any], count: int, language: str) -> str:
        with translation.override(language):
            values = {name: _pick(value, language) for name, value in params.items()}
            values["count"] = count
            try:
                return str(self.text % values)
            except (KeyError, TypeError, ValueError):
                return str(self.text)


def define(key: str, *, kind: str, text: Any) -> Notice:
    """Register a notice (idempotent for the same key, so modules may be re-imported)."""
    notice = Notice(key=key, kind=kind, text=text)
    _REGISTRY[key] = notice
    return notice


def get(key: str) -> Notice | None:
    return _REGISTRY.get(key)


def both(zh: str, en: str) -> dict[str, str]:
    """A parameter that reads in Chinese on Chinese pages and in English on English ones."""
    return {"zh-hans": zh or en, "en": en or zh}


def name_of(obj: Any) -> dict[str, str] | str:
    """The bilingual name (or title) of an organisation, listing, event, instrument …"""
    for zh_field, en_field in (("name_zh", "name_en"), ("title_zh", "title_en")):
        if hasattr(obj, zh_field) or hasattr(obj, en_field):
            return both(getattr(obj, zh_field, "") or "", getattr(obj, en_field, "") or "")
    return str(obj)


def _pick(value: Any, language: str) -> Any:
    if isinstance(value, Mapping):
        key = "en" if language.startswith("en") else "zh-hans"
        return value.get(key) or next(iter(value.values()), "")
    return value


# --- who to tell ---------------------------------------------------------------------------


def operators():
    return get_user_model().objects.filter(is_active=True, is_operator=True)


def members_of(organisation_id: int):
    return get_user_model().objects.filter(
        is_active=True, memberships__organisation_id=organisation_id
    )


def admins_of(organisation_id: int):
    from qiao.directory.models import Membership

    return get_user_model().objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__role=Membership.Role.ADMIN,
    )


# --- sending -------------------------------------------------------------------------------


def fold_key_for(notice: Notice, about: Model | str | None) -> str:
    if about is None:
        return ""
    if isinstance(about, Model):
        about = f"{about._meta.label_lower}:{about.pk}"
    return f"{notice.key}|{about}"[:200]


def send(
    notice: Notice,
    *,
    recipients: Iterable,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    about: Model | str | None = None,
    exclude: Iterable = (),
    count: int = 1,
) -> None:
    """Tell each recipient once, after the surrounding transaction commits.

    ``count`` is how many things this notice stands for (three new matches found in one run
    are one notice counting 3); folding adds it to the earlier notice's count.
    """
    excluded = {getattr(user, "pk", user) for user in exclude}
    users = {
        user.pk: user
        for user in recipients
        if user is not None and user.is_active and user.pk not in excluded
    }
    if not users:
        return
    payload = dict(params or {})
    fold_key = fold_key_for(notice, about)
    transaction.on_commit(
        lambda: deliver(
            notice, users=list(users.values()), params=payload, url=url, fold=fold_key, count=count
        )
    )


def deliver(
    notice: Notice, *, users: list, params: dict, url: str, fold: str, count: int = 1
) -> list:
    """Write (or fold) the notifications now; e-mail those who want each notice at once."""
    from qiao.accounts.models import DigestFrequency
    from qiao.inbox.models import Notification

    fresh = []
    now = timezone.now()
    with transaction.atomic():
        for user in users:
            earlier = None
            if fold:
                earlier = (
                    Notification.objects.select_for_update()
                    .filter(recipient=user, fold_key=fold, read_at__isnull=True)
                    .first()
                )
            if earlier is not None:
                earlier.count += count
                earlier.params = params
                earlier.url = url[:300]
                earlier.created_at = now
                earlier.title_zh = notice.render(params, earlier.count, "zh-hans")[:300]
                earlier.title_en = notice.render(params, earlier.count, "en")[:300]
                earlier.save(
                    update_fields=["count", "params", "url", "created_at", "title_zh", "title_en"]
                )
                continue
            fresh.append(
                Notification.objects.create(
                    recipient=user,
                    kind=notice.kind,
                    notice=notice.key,
                    params=params,
                    fold_key=fold,
                    count=count,
                    url=url[:300],
                    title_zh=notice.render(params, count, "zh-hans")[:300],
                    title_en=notice.render(params, count, "en")[:300],
                )
            )
    for notification in fresh:
        if notification.recipient.digest_frequency == DigestFrequency.IMMEDIATE:
            _email_now(notification)
    return fresh


def _email_now(notification) -> None:
    from qiao.inbox.models import Notification

    user = notification.recipient
    if not user.email:
        return
    title = notification.title_in(user.language)
    with translation.override(user.language):
        body = render_to_string(
            "inbox/notice_email.txt",
            {
                "user": user,
                "title": title,
                "notification": notification,
                "base_url": settings.QIAO_BASE_URL,
            },
        )
        subject = gettext("Qiao: %(title)s") % {"title": title}
    send_mail(subject[:200], body, None, [user.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())

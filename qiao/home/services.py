"""Writes of the home: the site profile (operators) and each user's last visit."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qiao.core import policy, writes
from qiao.home.models import HomeVisit, SiteProfile


@transaction.atomic
def update_site_profile(*, by, data: Mapping[str, Any], version: int | None = None) -> SiteProfile:
    """Change the operator's name and the cluster's description (audited; 409 if stale).

    The first save creates the one row (a fresh install has none until an operator writes).
    """
    profile = SiteProfile.objects.select_for_update().first()
    policy.authorize(by, "home.change_site_profile", profile)
    if profile is None:
        return writes.create(
            SiteProfile, actor=by, data=dict(data), allowed=SiteProfile.EDITABLE_FIELDS
        )
    writes.update(
        profile, actor=by, data=dict(data), allowed=SiteProfile.EDITABLE_FIELDS, version=version
    )
    return profile


def visit_gap() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.QIAO_HOME_VISIT_GAP_MINUTES)


@transaction.atomic
def record_visit(*, by, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Note that ``by`` opened their home; return when their previous visit was (None the
    first time).

    A page view within ``visit_gap()`` of the last one belongs to the same visit and keeps
    the same "previous visit", so the home shows the same news until the user goes away.
    """
    policy.authorize(by, "home.record_visit", by)
    now = now or timezone.now()
    visit = HomeVisit.objects.select_for_update().filter(user=by).first()
    if visit is None:
        # The first visit is recorded once in the audit trail, like any new row.
        writes.create(
            HomeVisit, actor=by, data={}, allowed=(), fixed={"user": by, "last_seen_at": now}
        )
        return None
    previous = visit.previous_seen_at
    if now - visit.last_seen_at > visit_gap():
        previous = visit.last_seen_at
    # A read marker, not a change anyone reviews: the later page views move it without an
    # audit entry each (like ``status_changed_at``), or the trail would be mostly visits.
    HomeVisit.objects.filter(pk=visit.pk).update(last_seen_at=now, previous_seen_at=previous)
    return previous

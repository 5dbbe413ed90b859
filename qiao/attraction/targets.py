"""Per-stage target dates of leads: the default plan, operators' changes, and telling a
lead's owner once when a date passes with the stage not reached. Audited through
``qiao.core.writes``; notices go out after the commit (``qiao.inbox.notices``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from qiao.attraction.models import PLANNED_STAGES, STAGE_DAYS, STAGE_ORDER, Lead, StageTarget
from qiao.attraction.notices import LEAD_OVERDUE
from qiao.core import effects, policy, writes
from qiao.inbox import notices


def default_plan(stage: str, start: datetime.date) -> dict[str, datetime.date]:
    """{stage: date} for every planned stage after ``stage``, one duration after another."""
    plan, day = {}, start
    for planned in PLANNED_STAGES:
        if STAGE_ORDER[planned] <= STAGE_ORDER[stage]:
            continue
        day = day + datetime.timedelta(days=STAGE_DAYS[planned])
        plan[planned] = day
    return plan


def plan_targets(lead: Lead, start: datetime.date) -> None:
    """Give a new lead the default target dates (part of creating it: no audit of its own)."""
    if lead.stage == Lead.Stage.DROPPED:
        return
    StageTarget.objects.bulk_create(
        [
            StageTarget(lead=lead, stage=s, due_on=d)
            for s, d in default_plan(lead.stage, start).items()
        ]
    )


@transaction.atomic
def set_stage_targets(*, by, lead: Lead, dates: Mapping[str, datetime.date | None]) -> int:
    """Set, move or clear (``None``) the lead's target dates; return how many changed. A moved
    date is told again to the owner when it passes."""
    policy.authorize(by, "attraction.change_lead", lead)
    unknown = set(dates) - set(PLANNED_STAGES)
    if unknown:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    current = {t.stage: t for t in lead.targets.all()}
    changed = 0
    for stage, due_on in dates.items():
        target = current.get(stage)
        if target is None and due_on is not None:
            writes.create(
                StageTarget, actor=by, data={"due_on": due_on}, allowed={"due_on"},
                fixed={"lead": lead, "stage": stage},
            )  # fmt: skip
            changed += 1
        elif target is not None and due_on is None:
            writes.delete(target, actor=by)
            changed += 1
        elif target is not None and target.due_on != due_on:
            writes.update(
                target, actor=by, data={"due_on": due_on, "notified_on": None},
                allowed={"due_on", "notified_on"},
            )  # fmt: skip
            changed += 1
    if changed:
        effects.emit("lead_changed", lead_id=lead.pk)
    return changed


def overdue_target(lead: Lead, today: datetime.date) -> StageTarget | None:
    """The earliest passed target of a stage the open lead has not reached (targets should be
    prefetched)."""
    if not lead.is_open:
        return None
    late = [t for t in lead.targets.all() if t.due_on < today and not lead.has_reached(t.stage)]
    return min(late, key=lambda t: (t.due_on, STAGE_ORDER[t.stage]), default=None)


@transaction.atomic
def notify_overdue(*, today: datetime.date) -> int:
    """Tell each open lead's owner about its passed target dates, once per date; return how
    many targets were told. Run daily (``manage.py notify_overdue_leads``)."""
    told = 0
    for target in (
        StageTarget.objects.filter(due_on__lt=today, notified_on=None)
        .exclude(lead__owner=None)
        .select_related("lead__owner")
        .select_for_update(of=("self",))
        .order_by("due_on", "pk")
    ):
        lead = target.lead
        if not lead.is_open or lead.has_reached(target.stage):
            continue
        writes.update(target, actor=None, data={"notified_on": today}, allowed={"notified_on"})
        stage = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                stage[language] = str(target.get_stage_display())
        notices.send(
            LEAD_OVERDUE,
            recipients=[lead.owner],
            params={
                "lead": lead.name,
                "stage": notices.both(stage["zh-hans"], stage["en"]),
                "due": target.due_on.isoformat(),
            },
            url=reverse("attraction:lead_detail", args=[lead.pk]),
            about=target,
        )
        told += 1
    return told

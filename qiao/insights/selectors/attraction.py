"""The 招商 funnel (``qiao.attraction``): how many leads reached each stage, the conversion
from the stage before, investment, overdue leads, and the same by source. Operators only
(leads are confidential to them; ``list_leads`` answers others with 404).

A dropped lead counts as having reached the stage it was dropped from, read from its audit
trail (the stage change to "dropped" records the stage before).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from qiao.attraction.models import PLANNED_STAGES, STAGE_ORDER, Lead, StageTarget
from qiao.attraction.selectors import list_leads
from qiao.core.audit import AuditEntry

FUNNEL_STAGES = (Lead.Stage.LEAD, *PLANNED_STAGES)


@dataclass
class StageStep:
    stage: str
    now: int = 0  # leads at this stage today
    reached: int = 0  # leads at or beyond it (dropped ones where they stopped)
    overdue: int = 0  # open leads whose earliest passed target is this stage
    planned: Decimal = Decimal(0)  # planned investment of the leads now at it (万元)
    arrived: Decimal = Decimal(0)
    rate: float | None = None  # reached / reached at the stage before


@dataclass
class SourceRow:
    source: str
    leads: int = 0
    signed: int = 0  # reached "signed"
    landed: int = 0  # reached "landed"
    planned: Decimal = Decimal(0)

    @property
    def rate(self) -> float | None:
        return self.signed / self.leads if self.leads else None


@dataclass
class AttractionFunnel:
    steps: list[StageStep]
    sources: list[SourceRow]
    dropped: int = 0
    dropped_at: dict[str, int] = field(default_factory=dict)


def _dropped_from(lead_ids: list[int]) -> dict[int, str]:
    """{lead id: the stage it was dropped from}, from the latest change to "dropped"."""
    if not lead_ids:
        return {}
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Lead), object_id__in=lead_ids
    ).order_by("at", "pk")
    found: dict[int, str] = {}
    for object_id, changes in entries.values_list("object_id", "changes"):
        before_after = (changes or {}).get("stage")
        if (
            before_after
            and before_after[1] == Lead.Stage.DROPPED
            and before_after[0] in STAGE_ORDER
        ):
            found[int(object_id)] = before_after[0]
    return found


def get_attraction_funnel(*, viewer, today: datetime.date) -> AttractionFunnel:
    leads = list(
        list_leads(viewer=viewer).values_list(
            "pk", "stage", "source", "planned_investment", "arrived_investment"
        )
    )
    dropped = [pk for pk, stage, *_rest in leads if stage == Lead.Stage.DROPPED]
    stopped = _dropped_from(dropped)
    steps = {stage: StageStep(stage) for stage in FUNNEL_STAGES}
    sources = {value: SourceRow(value) for value in Lead.Source.values}
    dropped_at: dict[str, int] = {}
    stage_of = {}
    for pk, stage, source, planned, arrived in leads:
        top = stopped.get(pk, Lead.Stage.LEAD) if stage == Lead.Stage.DROPPED else stage
        stage_of[pk] = stage
        if stage == Lead.Stage.DROPPED:
            dropped_at[top] = dropped_at.get(top, 0) + 1
        else:
            steps[stage].now += 1
            steps[stage].planned += planned or 0
            steps[stage].arrived += arrived or 0
        for step in steps.values():
            if STAGE_ORDER[top] >= STAGE_ORDER[step.stage]:
                step.reached += 1
        row = sources.setdefault(source, SourceRow(source))
        row.leads += 1
        row.planned += planned or 0
        row.signed += STAGE_ORDER[top] >= STAGE_ORDER[Lead.Stage.SIGNED]
        row.landed += STAGE_ORDER[top] >= STAGE_ORDER[Lead.Stage.LANDED]
    late: dict[int, tuple[datetime.date, int, str]] = {}
    for lead_id, stage, due_on in StageTarget.objects.filter(
        lead_id__in=stage_of, due_on__lt=today
    ).values_list("lead_id", "stage", "due_on"):
        current = stage_of[lead_id]
        if current in (Lead.Stage.DROPPED, Lead.Stage.CAPITAL_ARRIVED):
            continue
        if STAGE_ORDER[current] >= STAGE_ORDER[stage]:
            continue
        key = (due_on, STAGE_ORDER[stage], stage)
        late[lead_id] = min(late.get(lead_id, key), key)
    for _due, _order, stage in late.values():
        steps[stage].overdue += 1
    ordered = [steps[stage] for stage in FUNNEL_STAGES]
    for before, step in zip(ordered, ordered[1:], strict=False):
        step.rate = step.reached / before.reached if before.reached else None
    return AttractionFunnel(
        steps=ordered,
        sources=[row for row in sources.values() if row.leads],
        dropped=len(dropped),
        dropped_at=dropped_at,
    )

"""Brokers' workload and response times (operators only: it is about the operator's staff).

- Workload: open introductions, those whose next action is overdue, and those proposed and
  signed since a date.
- Response times: how long a member's request waited until a broker took it (hours), and
  how long a broker's introductions waited for the parties' first answer (days).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone

from qiao.core.aggregates import Median
from qiao.directory.roles import require_operator
from qiao.insights.selectors.scope import introductions_in_scope
from qiao.pipeline.models import Introduction, IntroductionEvent

Status = Introduction.Status


@dataclass(frozen=True)
class BrokerRow:
    broker_id: int | None  # None: members' requests no broker has taken yet
    name: str
    open: int
    overdue: int
    proposed: int  # since the date
    signed: int  # since the date
    median_hours_to_take: float | None
    median_days_to_answer: float | None


def _hours(duration) -> float | None:
    return round(duration.total_seconds() / 3600, 1) if duration is not None else None


def _days(duration) -> float | None:
    return round(duration.total_seconds() / 86400, 1) if duration is not None else None


def get_broker_stats(
    *, viewer, since: datetime.date, today: datetime.date | None = None
) -> list[BrokerRow]:
    require_operator(viewer)
    today = today or timezone.localdate()
    introductions = introductions_in_scope(viewer)
    open_ = ~Q(status__in=Introduction.CLOSED_STATUSES)
    workload = {
        row["broker"]: row
        for row in introductions.order_by()
        .values("broker")
        .annotate(
            open=Count("pk", filter=open_),
            overdue=Count("pk", filter=open_ & Q(next_action_due__lt=today)),
            proposed=Count("pk", filter=Q(created_at__date__gte=since)),
            signed=Count(
                "pk",
                filter=Q(status=Status.AGREEMENT_SIGNED, status_changed_at__date__gte=since),
            ),
        )
    }
    # Operators see every introduction (checked above), so no semi-join on the events.
    events = IntroductionEvent.objects.all()
    to_take = dict(
        events.filter(field="broker", introduction__requested_by__isnull=False)
        .values_list("introduction__broker")
        .annotate(m=Median(F("at") - F("introduction__created_at")))
    )
    to_answer = dict(
        events.filter(field="status", old_value=Status.PROPOSED)
        .values_list("introduction__broker")
        .annotate(m=Median(F("at") - F("introduction__created_at")))
    )
    users = get_user_model().objects.in_bulk([pk for pk in workload if pk is not None])
    rows = [
        BrokerRow(
            broker_id=pk,
            name=str(users[pk]) if pk is not None else "",
            open=row["open"],
            overdue=row["overdue"],
            proposed=row["proposed"],
            signed=row["signed"],
            median_hours_to_take=_hours(to_take.get(pk)),
            median_days_to_answer=_days(to_answer.get(pk)),
        )
        for pk, row in workload.items()
    ]
    return sorted(rows, key=lambda r: (r.broker_id is None, -r.open, r.name))

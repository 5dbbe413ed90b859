"""Reads over leads: operators only (everyone else gets 404)."""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404

from qiao.attraction.models import Lead, StageTarget
from qiao.attraction.targets import overdue_target
from qiao.directory.roles import require_operator


def list_leads(*, viewer) -> QuerySet[Lead]:
    require_operator(viewer)
    return Lead.objects.select_related("owner", "chain_node", "organisation")


def access_lead(*, viewer, lead_id: int) -> Lead:
    return get_object_or_404(list_leads(viewer=viewer), pk=lead_id)


def weekly_report(*, viewer, today: datetime.date) -> dict:
    """The week's movement (leads whose stage changed in the last 7 days) and the funnel."""
    leads = list_leads(viewer=viewer)
    since = today - datetime.timedelta(days=7)
    counts = dict(leads.values_list("stage").annotate(n=Count("id")).order_by())
    sums = leads.aggregate(planned=Sum("planned_investment"), arrived=Sum("arrived_investment"))
    return {
        "since": since,
        "moved": list(leads.filter(stage_changed_on__gte=since).order_by("stage", "name")),
        "funnel": [(value, label, counts.get(value, 0)) for value, label in Lead.Stage.choices],
        "planned": sums["planned"],
        "arrived": sums["arrived"],
        "overdue": overdue_leads(leads, today),
    }


def overdue_leads(leads: QuerySet[Lead], today: datetime.date) -> list[tuple[Lead, StageTarget]]:
    """(lead, its earliest passed target) of open leads behind a stage's target date."""
    late = StageTarget.objects.filter(due_on__lt=today).values("lead_id")
    found = []
    for lead in leads.filter(pk__in=late).prefetch_related("targets").order_by("name"):
        target = overdue_target(lead, today)
        if target is not None:
            found.append((lead, target))
    return sorted(found, key=lambda pair: (pair[1].due_on, pair[0].name))

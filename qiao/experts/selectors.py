"""Read queries of the think tank. The pool is the operator's: others get 404.

An expert's opinion on a need is public wherever the need is visible, when the expert
consented to show it (``shown``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from qiao.core.search import filter_by_search
from qiao.directory.roles import require_operator
from qiao.experts.models import Expert, Opinion


def search_experts(*, viewer, query: str = "", status: str = "") -> QuerySet[Expert]:
    require_operator(viewer)
    experts = Expert.objects.select_related("person").prefetch_related(
        "person__affiliations__organisation"
    )
    if status:
        experts = experts.filter(status=status)
    return filter_by_search(experts, query) if query.strip() else experts


def access_expert(*, viewer, expert_id: int) -> Expert:
    require_operator(viewer)
    return get_object_or_404(Expert.objects.select_related("person"), pk=expert_id)


def shown_opinions(need) -> QuerySet[Opinion]:
    """Opinions on a need its experts consented to show (the need's own visibility applies)."""
    return Opinion.objects.filter(need=need, shown=True).select_related("expert__person")

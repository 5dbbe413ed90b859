"""Insights API: the figures behind the dashboards, over what the caller may see."""

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qiao.insights import selectors
from qiao.insights.schemas import FunnelOut, StageRowOut

router = Router(tags=["insights"], auth=django_auth)


@router.get("/funnel", response=FunnelOut, url_name="get_funnel")
def get_funnel(request: HttpRequest):
    """Operators get the cluster's funnel; members their own organisations' (reduced view)."""
    return selectors.get_funnel(viewer=request.user)


@router.get("/projects-by-stage", response=list[StageRowOut], url_name="get_projects_by_stage")
def get_projects_by_stage(request: HttpRequest):
    """Projects at each lifecycle stage now, and the median days spent in each stage."""
    return selectors.get_projects_by_stage(viewer=request.user)

"""Insights API: the figures behind the dashboards, over what the caller may see."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from qiao.core.api_auth import session_or_token
from qiao.insights import selectors
from qiao.insights.cache import cached
from qiao.insights.schemas import (
    AgreementStatsOut,
    BrokerRowOut,
    FunnelOut,
    NetworkOut,
    NetworkQuery,
    StageRowOut,
)

router = Router(tags=["insights"], auth=session_or_token)


@router.get("/funnel", response=FunnelOut, url_name="get_funnel")
def get_funnel(request: HttpRequest):
    """Operators get the cluster's funnel; members their own organisations' (reduced view)."""
    return cached("api-funnel", request.user, {}, lambda: selectors.get_funnel(viewer=request.user))


@router.get("/projects-by-stage", response=list[StageRowOut], url_name="get_projects_by_stage")
def get_projects_by_stage(request: HttpRequest):
    """Projects at each lifecycle stage now, and the median days spent in each stage."""
    return cached(
        "api-stages", request.user, {}, lambda: selectors.get_projects_by_stage(viewer=request.user)
    )


@router.get("/agreements", response=AgreementStatsOut, url_name="get_agreement_stats")
def get_agreement_stats(
    request: HttpRequest,
    period: selectors.Period = "year",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
):
    """Agreements and yuan over time (by kind), and by device category, region and organisation
    kind. An agreement counts once in each group it belongs to."""
    params = {"period": period, "since": since, "until": until}
    return cached(
        "api-agreements",
        request.user,
        params,
        lambda: selectors.get_agreement_stats(viewer=request.user, **params),
    )


@router.get("/brokers", response=list[BrokerRowOut], url_name="get_broker_stats")
def get_broker_stats(request: HttpRequest, since: datetime.date | None = None):
    """Operators only: each broker's workload and median response times (since: 90 days ago)."""
    since = since or timezone.localdate() - datetime.timedelta(days=90)
    return cached(
        "api-brokers",
        request.user,
        {"since": since},
        lambda: selectors.get_broker_stats(viewer=request.user, since=since),
    )


@router.get("/network", response=NetworkOut, url_name="get_network")
def get_network(request: HttpRequest, filters: Query[NetworkQuery]):
    """The best-connected organisations and the agreements and relations among them."""
    params = filters.dict()
    return cached(
        "api-network",
        request.user,
        params,
        lambda: selectors.get_network(
            viewer=request.user, filters=selectors.NetworkFilter(**params)
        ),
    )

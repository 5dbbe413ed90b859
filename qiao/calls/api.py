"""Calls API: calls anyone may see; the ranking with spread and agreement for operators."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from qiao.calls import selectors
from qiao.core.pagination import BoundedPageNumberPagination
from qiao.directory.roles import require_operator

router = Router(tags=["calls"])


class CallOut(Schema):
    id: int
    kind: str
    title_zh: str
    title_en: str
    phase: str
    opens_on: date
    closes_on: date


class RankingRowOut(Schema):
    application_id: int
    title: str
    organisation: str
    status: str
    mean: float | None
    spread: float | None
    agreement: float | None
    reviews: int
    assigned: int


@router.get("/", response=list[CallOut], url_name="list_calls")
@paginate(BoundedPageNumberPagination, page_size=20)
def list_calls(request: HttpRequest):
    """Calls open, in review, deciding or closed (operators also see drafts)."""
    return selectors.visible_calls(viewer=request.user)


@router.get("/{call_id}/ranking", response=list[RankingRowOut], auth=django_auth,
            url_name="call_ranking")  # fmt: skip
def call_ranking(request: HttpRequest, call_id: int):
    """The ranking of screened applications (operators only; others get 404)."""
    require_operator(request.user)
    call = selectors.access_call(viewer=request.user, call_id=call_id)
    return [
        {
            "application_id": row.application.pk,
            "title": row.application.title,
            "organisation": row.application.organisation.name_zh,
            "status": row.application.status,
            "mean": row.mean,
            "spread": row.spread,
            "agreement": row.agreement,
            "reviews": row.reviews,
            "assigned": row.assigned,
        }
        for row in selectors.ranking(call)
    ]

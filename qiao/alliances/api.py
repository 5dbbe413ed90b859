"""Alliances API: an alliance's tiers, members and payments, read by its secretariat (the
alliance's admins) and operators; anyone else gets 404, as on the pages."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from qiao.alliances import selectors
from qiao.alliances.models import Payment
from qiao.alliances.schemas import MemberOut, PaymentOut, TierOut
from qiao.core.api_auth import session_or_token
from qiao.core.pagination import BoundedPageNumberPagination

router = Router(tags=["alliances"])


@router.get("/{alliance_id}/tiers", response=list[TierOut], auth=session_or_token,
            url_name="alliance_tiers")  # fmt: skip
def alliance_tiers(request: HttpRequest, alliance_id: int):
    """The alliance's tiers with their fees and benefits."""
    alliance = selectors.access_alliance(viewer=request.user, alliance_id=alliance_id)
    return list(alliance.tiers.all())


@router.get("/{alliance_id}/members", response=list[MemberOut], auth=session_or_token,
            url_name="alliance_members")  # fmt: skip
@paginate(BoundedPageNumberPagination, page_size=100)
def alliance_members(request: HttpRequest, alliance_id: int, status: str = ""):
    """Memberships of the alliance (every status, or the one asked), cheapest tier first."""
    alliance = selectors.access_alliance(viewer=request.user, alliance_id=alliance_id)
    members = selectors.members_of_alliance(alliance)
    return members.filter(status=status[:10]) if status else members


@router.get("/{alliance_id}/payments", response=list[PaymentOut], auth=session_or_token,
            url_name="alliance_payments")  # fmt: skip
@paginate(BoundedPageNumberPagination, page_size=100)
def alliance_payments(request: HttpRequest, alliance_id: int):
    """Fees recorded for the alliance's memberships, newest first."""
    alliance = selectors.access_alliance(viewer=request.user, alliance_id=alliance_id)
    return Payment.objects.filter(membership__alliance=alliance).select_related(
        "membership__member"
    )

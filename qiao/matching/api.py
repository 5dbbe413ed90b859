"""Matching API: a listing's matches with reasons, and feedback on a match."""

from django.http import HttpRequest
from ninja import Router

from qiao.core.api_auth import session_or_token
from qiao.matching import selectors, services
from qiao.matching.schemas import FeedbackIn, FeedbackOut, MatchOut

router = Router(tags=["matching"], auth=session_or_token)


@router.get("/listings/{listing_id}/matches", response=list[MatchOut], url_name="list_matches")
def list_matches(request: HttpRequest, listing_id: int):
    """Return the listing's matches (owner and operators only), reasons in your language."""
    _listing, matches = selectors.list_listing_matches(viewer=request.user, listing_id=listing_id)
    return matches


@router.post("/matches/{match_id}/feedback", response=FeedbackOut, url_name="give_match_feedback")
def give_match_feedback(request: HttpRequest, match_id: int, payload: FeedbackIn):
    match = selectors.access_match(viewer=request.user, match_id=match_id)
    return services.record_feedback(
        match=match,
        given_by=request.user,
        verdict=payload.verdict,
        reason=payload.reason or "",
        comment=payload.comment,
    )

"""Read queries over matches. A listing's matches are for its owner and operators only,
and only counterparts the viewer may see are listed (and counted)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from qiao.directory.selectors import list_visible_organisations
from qiao.market.models import Listing
from qiao.market.selectors import access_editable_listing, list_visible_listings
from qiao.matching.models import Match, MatchFeedback


def list_matches(*, viewer, listing: Listing) -> QuerySet[Match]:
    """Return the listing's current matches that the viewer may see, best first."""
    visible_listings = list_visible_listings(viewer=viewer).values("pk")
    visible_organisations = list_visible_organisations(viewer=viewer).values("pk")
    return (
        Match.objects.filter(listing=listing, is_current=True)
        .filter(
            Q(counterpart_listing__in=visible_listings)
            | Q(counterpart_organisation__in=visible_organisations)
        )
        .select_related(
            "counterpart_listing__organisation",
            "counterpart_organisation__kind",
        )
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=MatchFeedback.objects.filter(given_by_id=getattr(viewer, "pk", None)),
                to_attr="my_feedback",
            )
        )
        .order_by("rank")
    )


def list_listing_matches(*, viewer, listing_id: int) -> tuple[Listing, QuerySet[Match]]:
    """Return the listing (404 unless the viewer may edit it) and its visible matches."""
    listing = access_editable_listing(viewer=viewer, listing_id=listing_id)
    return listing, list_matches(viewer=viewer, listing=listing)


def access_match(*, viewer, match_id: int) -> Match:
    """Return a match of a listing the viewer may edit, whose counterpart they may see."""
    match = get_object_or_404(Match.objects.select_related("listing"), pk=match_id)
    listing = access_editable_listing(viewer=viewer, listing_id=match.listing_id)
    return get_object_or_404(list_matches(viewer=viewer, listing=listing), pk=match_id)

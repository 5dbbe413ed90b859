"""The organisation profile's section of needs and offers (``directory.profile``)."""

from __future__ import annotations

from qiao.market.models import Listing, Side
from qiao.market.selectors import list_visible_listings, with_detail_access

LIMIT = 20


def listings_section(*, viewer, obj):
    """The organisation's open needs and offers this viewer may see (their public face)."""
    listings = with_detail_access(
        list_visible_listings(viewer=viewer).filter(
            organisation=obj, status__in=Listing.OPEN_STATUSES
        ),
        viewer=viewer,
    ).order_by("-published_at", "-id")
    rows = list(listings[: LIMIT + 1])
    return {
        "needs": [row for row in rows[:LIMIT] if row.side == Side.NEED],
        "offers": [row for row in rows[:LIMIT] if row.side == Side.OFFER],
        "more": len(rows) > LIMIT,
        "organisation": obj,
    }

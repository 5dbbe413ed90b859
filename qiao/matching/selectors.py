"""Read queries over matches. A listing's matches are for its owner and operators only,
and only counterparts the viewer may see are listed (and counted)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from qiao.directory.roles import roles_of
from qiao.directory.selectors import list_visible_organisations
from qiao.market.models import Listing
from qiao.market.selectors import access_editable_listing, list_visible_listings
from qiao.matching.models import Match, MatchFeedback


def _visible_counterpart(viewer) -> Q:
    visible_listings = list_visible_listings(viewer=viewer).values("pk")
    visible_organisations = list_visible_organisations(viewer=viewer).values("pk")
    return Q(counterpart_listing__in=visible_listings) | Q(
        counterpart_organisation__in=visible_organisations
    )


def list_matches(*, viewer, listing: Listing) -> QuerySet[Match]:
    """Return the listing's current matches that the viewer may see, best first."""
    return (
        Match.objects.filter(listing=listing, is_current=True)
        .exclude(feedback__verdict=MatchFeedback.Verdict.NOT_RELEVANT)
        .filter(_visible_counterpart(viewer))
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


def count_matches_by_listing(*, viewer, listing_ids, since=None) -> dict[int, tuple[int, int]]:
    """Return {listing id: (current matches, those found after ``since``)} for the listings
    the viewer may edit among ``listing_ids``, counting only counterparts they may see (as
    ``list_matches`` lists them). One query, for the home's "my listings"."""
    editable = list_visible_listings(viewer=viewer).filter(pk__in=list(listing_ids))
    roles = roles_of(viewer)
    if not roles.is_operator:
        editable = editable.filter(organisation_id__in=roles.member_of)
    rows = (
        Match.objects.filter(listing__in=editable.values("pk"), is_current=True)
        .exclude(feedback__verdict=MatchFeedback.Verdict.NOT_RELEVANT)
        .filter(_visible_counterpart(viewer))
        .values("listing_id")
        .annotate(
            total=Count("pk"),
            new=Count("pk", filter=Q(created_at__gt=since)) if since else Value(0),
        )
    )
    return {row["listing_id"]: (row["total"], row["new"]) for row in rows}

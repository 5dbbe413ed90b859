"""What anyone may see on the home: who runs the cluster, live figures, featured items.

Everything is read through the owning apps' selectors *as an anonymous visitor*, whoever
is looking, so the figures and cards show only what is public (a members-only listing, a
confidential agreement, a draft event or a members-only organisation's instrument never
counts here).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from qiao.directory.selectors import list_visible_organisations
from qiao.events.models import Event
from qiao.events.selectors import list_visible_events
from qiao.home.models import SiteProfile
from qiao.lab.models import Equipment
from qiao.lab.selectors import list_visible_equipment
from qiao.market.models import Listing, Side
from qiao.market.selectors import list_visible_listings
from qiao.pipeline.selectors import list_visible_agreements

FEATURED = 4


@dataclass(frozen=True)
class ClusterFigures:
    organisations: int
    open_needs: int
    open_offers: int
    agreements: int
    upcoming_events: int


@dataclass(frozen=True)
class Featured:
    needs: list[Listing]
    offers: list[Listing]
    events: list[Event]
    equipment: list[Equipment]


def get_site_profile() -> SiteProfile | None:
    """The operators' words about the cluster; None until an operator has written them."""
    return SiteProfile.objects.first()


def _public_organisations():
    return list_visible_organisations(viewer=AnonymousUser()).values("pk")


def _open_listings() -> QuerySet[Listing]:
    # The market shows an open listing to anyone whatever its owner's visibility; the home
    # counts and features only those of organisations a visitor may see, so a members-only
    # organisation is never named (or counted) here.
    return list_visible_listings(viewer=AnonymousUser()).filter(
        status__in=Listing.OPEN_STATUSES, organisation__in=_public_organisations()
    )


def _upcoming_events(today: datetime.date) -> QuerySet[Event]:
    return list_visible_events(viewer=AnonymousUser()).filter(
        status=Event.Status.PUBLISHED, ends_on__gte=today
    )


def get_public_figures(*, today: datetime.date | None = None) -> ClusterFigures:
    """Count what an anonymous visitor may see: organisations, open needs and offers (a
    confidential one by its public summary), public agreements, published events ahead."""
    today = today or timezone.localdate()
    anonymous = AnonymousUser()
    listings = _open_listings()
    return ClusterFigures(
        organisations=list_visible_organisations(viewer=anonymous).count(),
        open_needs=listings.filter(side=Side.NEED).count(),
        open_offers=listings.filter(side=Side.OFFER).count(),
        agreements=list_visible_agreements(viewer=anonymous).count(),
        upcoming_events=_upcoming_events(today).count(),
    )


def get_featured(*, today: datetime.date | None = None) -> Featured:
    """The newest public needs and offers (not confidential ones, whose summary is all there
    is), the next published events, and available instruments of public organisations."""
    today = today or timezone.localdate()
    anonymous = AnonymousUser()
    public = (
        _open_listings()
        .filter(visibility=Listing.Visibility.PUBLIC)
        .select_related("organisation")
        .order_by("-published_at", "-id")
    )
    equipment = (
        list_visible_equipment(viewer=anonymous)
        .filter(
            status=Equipment.Status.AVAILABLE,
            organisation__in=_public_organisations(),
        )
        .select_related("organisation")
        .order_by("-created_at", "-id")
    )
    return Featured(
        needs=list(public.filter(side=Side.NEED)[:FEATURED]),
        offers=list(public.filter(side=Side.OFFER)[:FEATURED]),
        events=list(
            _upcoming_events(today)
            .select_related("organiser")
            .order_by("starts_on", "id")[:FEATURED]
        ),
        equipment=list(equipment[:FEATURED]),
    )

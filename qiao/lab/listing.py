"""The market's equipment offer behind each listed instrument, kept in step by the lab.

A bookable instrument appears among the offers so that service needs match it, with the
engine's explanations. The offer is written only through the market's services: created and
submitted for review (an operator's own change publishes it at once, as the market's review
asks), updated when the instrument changes, closed when it is withdrawn. The listing page
links back to the booking page through ``booking_link``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.core import writes
from qiao.directory.roles import roles_of
from qiao.lab.models import Equipment
from qiao.market import services as market_services
from qiao.market.models import Kind, Listing, Side


def _listing_fields(equipment: Equipment) -> dict:
    organisation = equipment.organisation
    summary_en = equipment.description_en or equipment.name_en
    return {
        "title_zh": equipment.name_zh,
        "title_en": equipment.name_en,
        "summary_zh": (equipment.description_zh or equipment.name_zh)[:500],
        "summary_en": summary_en[:500],
        "description": "\n".join(
            part for part in (equipment.description_zh, equipment.description_en) if part
        ),
        "equipment_model": equipment.make_model,
        "location": equipment.location,
        "specifications": equipment.specifications,
        "province": organisation.province,
        "city": organisation.city,
        "visibility": Listing.Visibility.PUBLIC,
    }


def _open_listing(listing: Listing, *, by) -> None:
    """Move the listing towards published: directly for an operator, via review otherwise."""
    Status = Listing.Status
    if listing.status == Status.CLOSED:
        market_services.change_listing_status(listing=listing, status=Status.DRAFT, changed_by=by)
    if roles_of(by).is_operator:
        if listing.status in (Status.DRAFT, Status.UNDER_REVIEW):
            market_services.change_listing_status(
                listing=listing, status=Status.PUBLISHED, changed_by=by
            )
    elif listing.status == Status.DRAFT:
        market_services.change_listing_status(
            listing=listing, status=Status.UNDER_REVIEW, changed_by=by
        )


def sync_listing(*, equipment: Equipment, by) -> Listing | None:
    """Create, update or close the instrument's equipment offer to match its status."""
    listing = equipment.listing
    listed = equipment.status in Equipment.LISTED_STATUSES
    if listing is None and not listed:
        return None
    if listing is None:
        listing = market_services.create_listing(
            created_by=by,
            organisation=equipment.organisation,
            side=Side.OFFER,
            kind=Kind.EQUIPMENT,
            **_listing_fields(equipment),
        )
        writes.update(equipment, actor=by, data={"listing": listing}, allowed={"listing"})
    else:
        market_services.update_listing(
            listing=listing, updated_by=by, organisation=equipment.organisation,
            **_listing_fields(equipment),
        )  # fmt: skip
    if listed:
        _open_listing(listing, by=by)
    elif listing.status != Listing.Status.CLOSED:
        market_services.change_listing_status(
            listing=listing, status=Listing.Status.CLOSED, changed_by=by
        )
    return listing


def booking_link(listing_id: int) -> tuple[str, str] | None:
    """Return the link from an equipment offer to its instrument's booking page."""
    equipment = (
        Equipment.objects.filter(listing_id=listing_id, status__in=Equipment.LISTED_STATUSES)
        .only("pk")
        .first()
    )
    if equipment is None:
        return None
    return _("Book this instrument"), reverse("lab:equipment_detail", args=[equipment.pk])

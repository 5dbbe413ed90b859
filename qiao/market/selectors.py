"""Read queries over needs and offers. Nothing here writes.

Two questions are answered here and nowhere else:

* may the viewer see that a listing exists (its public face)? ``list_visible_listings``;
* may the viewer read its details? ``can_read_details`` / ``with_detail_access``.

Every page, API operation, export, search, count, notification and match explanation goes
through them, so a confidential listing's details cannot leak by a side door. Missing and
forbidden listings both answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from qiao.core import policy
from qiao.core.search import filter_by_search
from qiao.directory.models import Membership, Organisation
from qiao.directory.roles import roles_of
from qiao.market.audiences import alliances_of
from qiao.market.models import Disclosure, Listing, NdaSignatory
from qiao.taxonomy.models import Vocabulary


@dataclass(frozen=True)
class ListingFilter:
    """What a listing search asks for; every field is optional."""

    q: str = ""
    side: str = ""
    kind: str = ""
    status: str = ""
    province: str = ""
    category: str = ""
    technology_area: str = ""
    therapeutic_area: str = ""
    stage: str = ""
    organisation: int | None = None


def _visible_q(viewer) -> Q:
    roles = roles_of(viewer)
    open_to_all = Q(status__in=Listing.OPEN_STATUSES)
    public = open_to_all & Q(
        visibility__in=[Listing.Visibility.PUBLIC, Listing.Visibility.CONFIDENTIAL]
    )
    if not roles.is_authenticated:
        return public
    own = Q(organisation_id__in=roles.member_of)
    members = open_to_all & Q(visibility=Listing.Visibility.MEMBERS)
    # A subquery, not a join over shared_with, so each listing comes once.
    shared = Listing.shared_with.through.objects.filter(
        listing=OuterRef("pk"), organisation_id__in=roles.member_of
    )
    chosen = open_to_all & Q(visibility=Listing.Visibility.CHOSEN) & Exists(shared)
    alliance = (
        open_to_all
        & Q(visibility=Listing.Visibility.ALLIANCE)
        & Q(alliance_id__in=alliances_of(roles.member_of).values("pk"))
    )
    return public | members | chosen | alliance | own


def list_visible_listings(*, viewer) -> QuerySet[Listing]:
    """Return the listings whose public face the viewer may see."""
    roles = roles_of(viewer)
    if roles.is_operator:
        return Listing.objects.all()
    return Listing.objects.filter(_visible_q(viewer))


def with_detail_access(listings: QuerySet[Listing], *, viewer) -> QuerySet[Listing]:
    """Annotate ``details_visible`` on each listing: may the viewer read its details?"""
    roles = roles_of(viewer)
    if roles.is_operator:
        return listings.annotate(details_visible=Value(True))
    public_details = ~Q(visibility=Listing.Visibility.CONFIDENTIAL)
    if not roles.is_authenticated:
        return listings.annotate(
            details_visible=ExpressionWrapper(public_details, output_field=BooleanField())
        )
    granted = Disclosure.objects.filter(
        listing=OuterRef("pk"),
        organisation_id__in=roles.member_of,
        status=Disclosure.Status.GRANTED,
    )
    return listings.annotate(
        details_visible=ExpressionWrapper(
            public_details | Q(organisation_id__in=roles.member_of) | Exists(granted),
            output_field=BooleanField(),
        )
    )


def can_read_details(*, viewer, listing: Listing) -> bool:
    """Return whether the viewer may read the listing's details (not only its summary)."""
    if hasattr(listing, "details_visible"):
        return bool(listing.details_visible)
    if not listing.is_confidential:
        return True
    roles = roles_of(viewer)
    if roles.is_operator or listing.organisation_id in roles.member_of:
        return True
    return Disclosure.objects.filter(
        listing=listing, organisation_id__in=roles.member_of, status=Disclosure.Status.GRANTED
    ).exists()


def can_edit_listing(*, viewer, listing: Listing) -> bool:
    roles = roles_of(viewer)
    return roles.is_operator or listing.organisation_id in roles.member_of


def access_listing(*, viewer, listing_id: int) -> Listing:
    """Return the listing with ``details_visible`` if the viewer may see it, else 404."""
    listings = with_detail_access(list_visible_listings(viewer=viewer), viewer=viewer)
    return get_object_or_404(
        listings.select_related("organisation", "organisation__kind", "stage", "contact"),
        pk=listing_id,
    )


def access_editable_listing(*, viewer, listing_id: int) -> Listing:
    """Return the listing if the viewer may edit it; 404 otherwise (also if merely visible)."""
    listing = access_listing(viewer=viewer, listing_id=listing_id)
    if not can_edit_listing(viewer=viewer, listing=listing):
        raise Http404
    return listing


def _filter_by_term(listings, vocabulary: str, code: str):
    tagged = Listing.terms.through.objects.filter(
        term__vocabulary=vocabulary, term__code=code
    ).values("listing_id")
    return listings.filter(pk__in=tagged)


def search_listings(*, viewer, filters: ListingFilter) -> QuerySet[Listing]:
    """Return the visible listings matching every filter, newest first.

    Text search reads ``search_document``, which holds only the public face of a
    confidential listing, so searching cannot reveal its details.
    """
    listings = list_visible_listings(viewer=viewer)
    for field in ("side", "kind", "status", "province"):
        if value := getattr(filters, field):
            listings = listings.filter(**{field: value})
    if filters.organisation:
        listings = listings.filter(organisation_id=filters.organisation)
    if filters.stage:
        listings = listings.filter(stage__code=filters.stage)
    for vocabulary, code in (
        (Vocabulary.DEVICE_CATEGORY, filters.category),
        (Vocabulary.TECHNOLOGY_AREA, filters.technology_area),
        (Vocabulary.THERAPEUTIC_AREA, filters.therapeutic_area),
    ):
        if code:
            listings = _filter_by_term(listings, vocabulary, code)
    if filters.q.strip():
        listings = filter_by_search(listings, filters.q)
    listings = with_detail_access(listings, viewer=viewer)
    return listings.select_related("organisation", "stage").order_by("-published_at", "-id")


def count_visible_listings(*, viewer, organisation_id: int) -> dict[str, int]:
    """Return how many open needs and offers of one organisation the viewer may see."""
    listings = list_visible_listings(viewer=viewer).filter(
        organisation_id=organisation_id, status__in=Listing.OPEN_STATUSES
    )
    return {
        "need": listings.filter(side="need").count(),
        "offer": listings.filter(side="offer").count(),
    }


def list_disclosures(*, viewer, listing: Listing) -> QuerySet[Disclosure]:
    """Return a listing's disclosure record, for its owner and operators; else nothing."""
    if not can_edit_listing(viewer=viewer, listing=listing):
        return Disclosure.objects.none()
    return listing.disclosures.select_related("organisation", "accepted_by", "decided_by")


def get_disclosure_for(*, viewer, listing: Listing) -> Disclosure | None:
    """Return the disclosure the viewer's organisation holds for the listing, if any."""
    roles = roles_of(viewer)
    if not roles.member_of:
        return None
    return listing.disclosures.filter(organisation_id__in=roles.member_of).first()


@dataclass(frozen=True)
class NdaStanding:
    """For whom the viewer may accept NDA terms, and for whom not (with whom to ask)."""

    may_accept_for: list[Organisation]
    may_not_accept_for: list[tuple[Organisation, list[str]]]


def get_nda_standing(*, viewer) -> NdaStanding:
    """Return the organisations the viewer may bind to NDA terms, and the others.

    Admins may always accept for their organisation; members only when one of its admins
    named them a signatory. For the others the admins' names are given, to ask.
    """
    roles = roles_of(viewer)
    if not roles.member_of:
        return NdaStanding([], [])
    granted = set(
        NdaSignatory.objects.filter(
            user_id=viewer.pk, organisation_id__in=roles.member_of
        ).values_list("organisation_id", flat=True)
    )
    may, may_not = [], []
    for organisation in Organisation.objects.filter(pk__in=roles.member_of).order_by("name_zh"):
        if organisation.pk in roles.admin_of or organisation.pk in granted:
            may.append(organisation)
        else:
            may_not.append((organisation, _admin_names(organisation.pk)))
    return NdaStanding(may, may_not)


def _admin_names(organisation_id: int) -> list[str]:
    admins = Membership.objects.filter(
        organisation_id=organisation_id, role=Membership.Role.ADMIN, user__is_active=True
    ).select_related("user")
    return [m.user.get_full_name() or m.user.get_username() for m in admins]


def list_administered_organisations(*, viewer) -> QuerySet[Organisation]:
    """Return the organisations the viewer administers (whose NDA signatories they name)."""
    return Organisation.objects.filter(pk__in=roles_of(viewer).admin_of).order_by("name_zh")


def access_signatory_organisation(*, viewer, organisation_id: int) -> Organisation:
    """Return the organisation if the viewer may name its NDA signatories (admins), else 404."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not policy.allows(viewer, "market.manage_nda_signatories", organisation):
        raise Http404
    return organisation


def list_signatory_candidates(*, organisation: Organisation) -> list[tuple[Membership, bool]]:
    """Return the organisation's members with whether each may accept NDA terms."""
    granted = set(organisation.nda_signatories.values_list("user_id", flat=True))
    memberships = organisation.memberships.select_related("user").order_by("role", "user__email")
    return [
        (m, m.role == Membership.Role.ADMIN or m.user_id in granted)
        for m in memberships
        if m.user.is_active
    ]

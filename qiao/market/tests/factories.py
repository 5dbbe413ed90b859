"""Needs, offers and disclosures for tests.

Listings are built through the services, so ``search_document`` and ``completeness`` are
filled in exactly as in production, then moved to the wanted status the legal way.
"""

from __future__ import annotations

import factory
from django.utils import timezone

from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.market import services
from qiao.market.models import NEED_KINDS, Disclosure, Kind, Listing, Side

NDA_TERMS = "接收方仅为评估合作之目的使用所披露信息。The recipient keeps the details confidential."

# The legal road from a draft to each status (each step is one `change_listing_status`).
_ROAD = {
    Listing.Status.DRAFT: [],
    Listing.Status.UNDER_REVIEW: [Listing.Status.UNDER_REVIEW],
    Listing.Status.PUBLISHED: [Listing.Status.PUBLISHED],
    Listing.Status.IN_DISCUSSION: [Listing.Status.PUBLISHED, Listing.Status.IN_DISCUSSION],
    Listing.Status.CLOSED_DEAL: [Listing.Status.PUBLISHED, Listing.Status.CLOSED_DEAL],
    Listing.Status.CLOSED: [Listing.Status.PUBLISHED, Listing.Status.CLOSED],
}


def make_listing(
    *,
    organisation=None,
    by=None,
    status: str = Listing.Status.PUBLISHED,
    kind: str = Kind.TECHNOLOGY,
    terms=(),
    shared_with=(),
    **fields,
) -> Listing:
    """Create a listing through the services and move it to ``status``.

    ``by`` creates it (an operator by default, who may also publish it); ``side`` follows
    from ``kind``.
    """
    organisation = organisation or OrganisationFactory()
    by = by or UserFactory(is_operator=True)
    fields.setdefault("title_zh", "测试列表")
    if fields.get("visibility") == Listing.Visibility.CONFIDENTIAL:
        fields.setdefault("nda_terms", NDA_TERMS)
    if kind == Kind.CLINICAL:
        fields.setdefault("confirms_no_patient_data", True)
    side = Side.NEED if kind in NEED_KINDS else Side.OFFER
    listing = services.create_listing(
        created_by=by,
        organisation=organisation,
        terms=terms,
        shared_with=shared_with,
        side=side,
        kind=kind,
        **fields,
    )
    for step in _ROAD[status]:
        services.change_listing_status(listing=listing, status=step, changed_by=by)
    listing.refresh_from_db()
    return listing


class ListingFactory(factory.django.DjangoModelFactory):
    """A published, public technology offer by default.

    ``ListingFactory(need=True)`` is a published clinical need, ``confidential=True`` a
    confidential listing with NDA terms, ``status=…`` any status reached the legal way.
    """

    class Meta:
        model = Listing

    class Params:
        need = factory.Trait(kind=Kind.CLINICAL)
        confidential = factory.Trait(
            visibility=Listing.Visibility.CONFIDENTIAL, nda_terms=NDA_TERMS
        )
        members_only = factory.Trait(visibility=Listing.Visibility.MEMBERS)

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Kind.TECHNOLOGY
    title_zh = factory.Sequence(lambda n: f"测试技术成果{n}")
    summary_zh = "可公开的摘要。"
    visibility = Listing.Visibility.PUBLIC
    status = Listing.Status.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return make_listing(**kwargs)


class DisclosureFactory(factory.django.DjangoModelFactory):
    """A granted disclosure of a confidential listing to another organisation."""

    class Meta:
        model = Disclosure

    listing = factory.SubFactory(ListingFactory, confidential=True)
    organisation = factory.SubFactory(OrganisationFactory)
    accepted_by = factory.LazyAttribute(lambda o: make_member(o.organisation))
    accepted_at = factory.LazyFunction(timezone.now)
    terms_accepted = factory.LazyAttribute(lambda o: o.listing.nda_terms)
    status = Disclosure.Status.GRANTED
    decided_at = factory.LazyFunction(timezone.now)

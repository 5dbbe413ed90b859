"""Query-count guards: the listing pages stay within budget however many rows they show."""

import pytest

from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing
from qiao.matching import services as matching_services
from qiao.taxonomy.models import Term, Vocabulary


def _tags():
    return list(Term.objects.filter(vocabulary=Vocabulary.DEVICE_CATEGORY)[:3])


@pytest.fixture
def many_listings(organisation, other_organisation):
    listings = [
        make_listing(
            organisation=other_organisation if i % 2 else organisation,
            kind=Kind.TECHNOLOGY if i % 3 else Kind.PRODUCT,
            title_zh=f"荧光PCR检测技术 {i}",
            description="荧光PCR病原体检测，适合医院检验科。",
            terms=_tags(),
            visibility=Listing.Visibility.CONFIDENTIAL if i % 4 == 0 else "public",
        )
        for i in range(12)
    ]
    return listings


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_listing_list_page_query_count(
    client, member, many_listings, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(member)
    client.get("/market/")  # warm per-process caches, as a running server has them
    with django_assert_max_num_queries(10):
        response = client.get("/market/", {"q": "荧光PCR"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 12


@pytest.mark.django_db
def test_listing_detail_page_query_count(
    client, member, many_listings, django_assert_max_num_queries
):
    client.force_login(member)
    own = next(
        listing
        for listing in many_listings
        if listing.organisation_id in {m.organisation_id for m in member.memberships.all()}
    )
    client.get(f"/market/{own.pk}/")
    with django_assert_max_num_queries(10):
        response = client.get(f"/market/{own.pk}/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_matches_panel_query_count(client, member, many_listings, django_assert_max_num_queries):
    need = make_listing(
        organisation=member.memberships.get().organisation,
        kind=Kind.CLINICAL,
        title_zh="需要荧光PCR病原体快速检测",
        description="急诊需要荧光PCR病原体检测。",
    )
    matching_services.run_matching_for_listing(listing_id=need.pk)
    client.force_login(member)
    client.get(f"/matching/listings/{need.pk}/", HTTP_HX_REQUEST="true")
    with django_assert_max_num_queries(8):
        response = client.get(f"/matching/listings/{need.pk}/", HTTP_HX_REQUEST="true")
    assert len(response.context["rows"]) >= 6

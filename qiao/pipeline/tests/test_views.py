"""Introductions: who sees one, and which of its listings they see."""

import pytest
from django.test import Client

from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.market.models import Listing
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def match_between(listing: Listing, counterpart: Listing) -> Match:
    return Match.objects.create(
        listing=listing, counterpart_listing=counterpart, score=0.5, rank=1, reasons=[]
    )


@pytest.fixture
def shared_only_with_a_third(organisation):
    return make_listing(
        organisation=organisation,
        visibility=Listing.Visibility.CHOSEN,
        shared_with=[OrganisationFactory()],
        title_zh="只给第三方看的需求",
    )


@pytest.fixture
def public_offer(other_organisation):
    return make_listing(organisation=other_organisation, title_zh="公开的技术")


@pytest.fixture
def introduction(shared_only_with_a_third, public_offer, operator):
    match = match_between(shared_only_with_a_third, public_offer)
    return services.propose_introduction_from_match(match=match, broker=operator)


def test_both_sides_and_operators_see_the_introduction(
    introduction, member, other_organisation, operator
):
    url = f"/pipeline/introductions/{introduction.pk}/"
    assert client_of(member).get(url).status_code == 200
    assert client_of(make_member(other_organisation)).get(url).status_code == 200
    assert client_of(operator).get(url).status_code == 200


def test_others_get_404_and_anonymous_signs_in(introduction):
    url = f"/pipeline/introductions/{introduction.pk}/"
    assert client_of(make_member(OrganisationFactory())).get(url).status_code == 404
    assert client_of(None).get(url).status_code == 302


def test_each_side_sees_only_the_listings_it_may_see(
    introduction, member, other_organisation, shared_only_with_a_third, public_offer
):
    url = f"/pipeline/introductions/{introduction.pk}/"
    own_side = client_of(member).get(url).context["listings"]
    other_side = client_of(make_member(other_organisation)).get(url)
    assert sorted(listing.pk for listing in own_side) == sorted(
        [shared_only_with_a_third.pk, public_offer.pk]
    )
    assert [listing.pk for listing in other_side.context["listings"]] == [public_offer.pk]
    assert shared_only_with_a_third.title_zh not in other_side.content.decode()


def test_a_match_within_one_organisation_gives_no_introduction(organisation, operator):
    match = match_between(
        make_listing(organisation=organisation), make_listing(organisation=organisation)
    )
    response = client_of(operator).post(f"/pipeline/matches/{match.pk}/introduce/")
    assert response.status_code == 302
    assert response.url == f"/market/{match.listing_id}/"
    assert Introduction.objects.count() == 0


def test_an_organisation_match_introduces_the_listing_to_that_organisation(
    organisation, other_organisation, operator
):
    listing = make_listing(organisation=organisation)
    match = Match.objects.create(
        listing=listing, counterpart_organisation=other_organisation, score=0.4, rank=1
    )
    introduction = services.propose_introduction_from_match(match=match, broker=operator)
    assert introduction.receiving_organisation == other_organisation
    assert list(introduction.listings.all()) == [listing]

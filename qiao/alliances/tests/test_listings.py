"""A listing for the members of one alliance: its paid-up members (and the owner) see it in
the list, search, counts, the page and the API; a lapsed member, an outsider and anonymous
visitors don't (404). Only a paid-up member may restrict a listing to its alliance."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from qiao.alliances.tests.factories import make_active, make_alliance, make_tier
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.market.forms import ListingForm
from qiao.market.models import Kind, Listing
from qiao.market.selectors import (
    ListingFilter,
    count_visible_listings,
    list_visible_listings,
    search_listings,
)
from qiao.market.tests.factories import make_listing

pytestmark = pytest.mark.django_db
ALLIANCE = Listing.Visibility.ALLIANCE


def test_a_listing_for_one_alliance_is_seen_by_its_paid_up_members_only():
    alliance, secretary = make_alliance()
    tier = make_tier(alliance, secretary)
    owner, boss = make_active(tier, secretary)
    fellow, _ = make_active(tier, secretary)
    lapsed, _ = make_active(tier, secretary)
    lapsed.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    lapsed.save(update_fields=["ends_on"])
    other_alliance, _ = make_alliance(
        name_zh="长三角医疗器械联盟", name_en="Yangtze Delta Device Alliance"
    )
    with pytest.raises(ValidationError) as missing:
        make_listing(organisation=owner.member, visibility=ALLIANCE)
    assert "alliance" in missing.value.message_dict
    with pytest.raises(ValidationError) as foreign:
        make_listing(organisation=owner.member, visibility=ALLIANCE, alliance=other_alliance)
    assert "paid-up member" in str(foreign.value)
    listing = make_listing(organisation=owner.member, visibility=ALLIANCE, alliance=alliance)

    reader = make_member(fellow.member, role=Membership.Role.MEMBER)
    late = make_member(lapsed.member, role=Membership.Role.MEMBER)
    outsider = make_member(OrganisationFactory(), role=Membership.Role.MEMBER)
    for viewer, sees in [(reader, True), (boss, True), (late, False), (outsider, False),
                         (UserFactory(), False), (AnonymousUser(), False)]:  # fmt: skip
        assert list_visible_listings(viewer=viewer).filter(pk=listing.pk).exists() == sees
        assert (listing in search_listings(viewer=viewer, filters=ListingFilter())) == sees
        counts = count_visible_listings(viewer=viewer, organisation_id=owner.member_id)
        assert sum(counts.values()) == int(sees)
    for viewer, status in [(reader, 200), (late, 404), (outsider, 404)]:
        client = Client()
        client.force_login(viewer)
        page = client.get(f"/market/{listing.pk}/")
        assert page.status_code == status
        assert (alliance.name_zh in page.content.decode()) == (status == 200)
        api = client.get(f"/api/market/listings/{listing.pk}")
        assert api.status_code == status
        if status == 200:
            assert api.json()["alliance_id"] == alliance.pk

    # the owner's form offers its own alliances only
    form = ListingForm(kind=Kind.TECHNOLOGY, user=boss)
    assert list(form.fields["alliance"].queryset) == [alliance]

"""End to end: a listed instrument is an equipment offer that a service need matches, with
reasons, and the match leads back to the booking page."""

import pytest
from django.test import Client

from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.lab.tests.factories import make_equipment
from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing
from qiao.matching import services as matching
from qiao.matching.models import Match

pytestmark = pytest.mark.django_db


def test_a_service_need_matches_a_listed_instrument(operator):
    hospital_lab = OrganisationFactory(name_zh="某医院中心实验室")
    equipment = make_equipment(
        organisation=hospital_lab,
        by=operator,
        name_zh="流式细胞仪",
        name_en="Flow cytometer",
        description_zh="十色流式细胞仪，可做免疫分型、细胞周期和凋亡检测，对园区企业开放预约。",
        description_en="Ten-colour flow cytometer for immunophenotyping, cell cycle and apoptosis.",
    )
    equipment.refresh_from_db()
    offer = equipment.listing
    assert (offer.kind, offer.status) == (Kind.EQUIPMENT, Listing.Status.PUBLISHED)

    startup = OrganisationFactory(name_zh="某初创企业")
    need = make_listing(
        organisation=startup,
        kind=Kind.SERVICE_NEED,
        title_zh="寻找流式细胞检测服务",
        summary_zh="我们的细胞治疗产品需要做流式细胞仪免疫分型检测，希望使用园区共享仪器。",
        service_type="testing",
    )
    matching.run_matching_for_listing(listing_id=need.pk)

    match = Match.objects.get(listing=need, counterpart_listing=offer, is_current=True)
    assert match.rank == 1
    assert match.reasons  # explained, like every match

    member = make_member(startup)
    client = Client()
    client.force_login(member)
    page = client.get(f"/market/{offer.pk}/").content.decode()
    assert f"/lab/equipment/{equipment.pk}/" in page  # the offer leads to the booking page


def test_an_instrument_taken_out_of_service_closes_its_offer(operator):
    from qiao.lab import services
    from qiao.lab.models import Equipment

    equipment = make_equipment(by=operator)
    services.change_equipment_status(
        equipment=equipment,
        changed_by=UserFactory(is_operator=True),
        status=Equipment.Status.RETIRED,
    )
    equipment.refresh_from_db()
    assert equipment.listing.status == Listing.Status.CLOSED

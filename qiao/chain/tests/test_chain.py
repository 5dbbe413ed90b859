import pytest
from django.http import Http404
from django.urls import reverse

from qiao.chain import selectors, services
from qiao.chain.models import ChainNode
from qiao.chain.placement import placements
from qiao.chain.tests.factories import certify, need_matched_to, node
from qiao.directory.tests.factories import OrganisationFactory, term

pytestmark = pytest.mark.django_db


def test_tree_has_segments_and_the_nmpa_leaves():
    node("services")
    midstream = ChainNode.objects.get(code="midstream")
    assert midstream.children.count() == 23
    assert ChainNode.objects.get(code="nmpa_12").name_zh == "有源植入器械"
    assert ChainNode.objects.filter(parent__isnull=True).count() == 4


def test_placement_from_credentials_and_kind_with_override(operator, organisation):
    implant = node("nmpa_12")
    certify(organisation)
    cro = OrganisationFactory(kind=term("organisation_kind", "cro"))
    assert placements()[organisation.pk] == {implant.pk}
    assert node("cro").pk in placements()[cro.pk]
    services.place_organisation(by=operator, node=implant, organisation=organisation, excluded=True)
    assert implant.pk not in placements().get(organisation.pk, set())


def test_gap_counts_needs_matched_only_outside(operator, organisation, member):
    outsider = OrganisationFactory(name_zh="苏州外地起搏器有限公司")
    need = need_matched_to(outsider)
    state = selectors.chain_state(viewer=operator)[node("nmpa_12").pk]
    assert state.gap_needs == [need.pk]
    assert state.strength == "missing"
    assert [o.pk for o in selectors.gap_candidates(state)] == [outsider.pk]
    certify(organisation)  # organisation has a member: now a local firm on the node
    need_matched_to(organisation)
    state = selectors.chain_state(viewer=operator)[node("nmpa_12").pk]
    assert (state.strength, state.gap_needs, state.local) == ("weak", [need.pk], {organisation.pk})


def test_chain_is_for_operators(client, member):
    with pytest.raises(Http404):
        selectors.chain_state(viewer=member)
    client.force_login(member)
    assert client.get(reverse("chain:chain_map")).status_code == 404
    assert client.get(reverse("chain:node_detail", args=[node("cro").pk])).status_code == 404


def test_map_page_carries_the_tree_as_json(client, operator):
    node("cro")
    client.force_login(operator)
    response = client.get(reverse("chain:chain_map"))
    assert response.status_code == 200
    assert 'id="chain-tree" type="application/json"' in response.content.decode()


def test_operator_places_and_renames_on_the_node_page(client, operator, organisation):
    implant = node("nmpa_12")
    client.force_login(operator)
    url = reverse("chain:node_detail", args=[implant.pk])
    response = client.post(url, {"action": "place", "organisation": "不存在的公司"})
    assert "名录中没有这个名称的机构" in response.content.decode()
    client.post(url, {"action": "place", "organisation": organisation.name_zh})
    assert implant.pk in placements()[organisation.pk]
    response = client.post(
        url,
        {"action": "edit", "name_zh": "有源植入器械（起搏器等）", "name_en": "Active implants",
         "position": 5, "keywords": "起搏器", "version": implant.version},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    implant.refresh_from_db()
    assert implant.name_zh == "有源植入器械（起搏器等）"

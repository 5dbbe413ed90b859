"""The ecosystem network: the best-connected organisations, and what ties them."""

import datetime

import pytest

from qiao.directory.models import OrganisationRelation
from qiao.directory.tests.factories import OrganisationFactory, make_member, term
from qiao.insights.selectors import NetworkFilter, get_network
from qiao.pipeline import services as pipeline
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(operator):
    park = OrganisationFactory(name_zh="上海械谷", kind=term(Vocabulary.ORGANISATION_KIND, "park"))
    hospital = OrganisationFactory(
        name_zh="奉贤区中心医院", kind=term(Vocabulary.ORGANISATION_KIND, "hospital")
    )
    firms = [OrganisationFactory(name_zh=f"企业{i}") for i in range(4)]
    for firm in firms:
        OrganisationRelation.objects.create(source=firm, target=park, kind="located_in")
    pipeline.create_agreement(
        created_by=operator,
        parties=[(hospital, "host"), (firms[0], "party")],
        categories=[term(Vocabulary.DEVICE_CATEGORY, "ivd")],
        kind="clinical_base",
        title_zh="临床研究基地",
        signed_on=datetime.date(2024, 3, 17),
    )
    pipeline.create_agreement(
        created_by=operator,
        parties=[(hospital, "party"), (firms[1], "party")],
        kind="joint_rd",
        title_zh="保密的联合研发",
        signed_on=datetime.date(2024, 5, 1),
        is_confidential=True,
    )
    return park, hospital, firms


def _ties(network):
    names = {n.id: n.name for n in network.nodes}
    return {(names[e.source], names[e.target], e.type) for e in network.edges}


def test_the_operator_sees_agreements_and_relations_and_the_hub_first(operator, cluster):
    park, hospital, firms = cluster
    network = get_network(viewer=operator, filters=NetworkFilter())

    assert network.nodes[0].name == park.name  # four relations
    assert {n.kind for n in network.nodes} == {"park", "hospital", "company"}
    assert network.nodes[0].url == f"/directory/organisations/{park.pk}/"
    ties = _ties(network)
    assert ("企业0", "上海械谷", "located_in") in ties
    assert len([t for t in ties if t[2] == "agreement"]) == 2
    assert network.connected == 6


def test_a_confidential_agreement_is_no_edge_for_outsiders(operator, cluster):
    park, hospital, firms = cluster
    outsider = make_member(OrganisationFactory())
    ties = _ties(get_network(viewer=outsider, filters=NetworkFilter(relation_kind="none")))
    assert ties == {(hospital.name, "企业0", "agreement")} or ties == {
        ("企业0", hospital.name, "agreement")
    }
    party = make_member(firms[1])
    ties = _ties(get_network(viewer=party, filters=NetworkFilter(relation_kind="none")))
    assert len(ties) == 2


def test_filters_by_kind_category_and_limit(operator, cluster):
    park, hospital, firms = cluster
    only_bases = get_network(
        viewer=operator, filters=NetworkFilter(agreement_kind="clinical_base", relation_kind="none")
    )
    assert {n.name for n in only_bases.nodes} == {hospital.name, "企业0"}
    ivd = get_network(viewer=operator, filters=NetworkFilter(category="ivd", relation_kind="none"))
    assert len(ivd.edges) == 1
    no_agreements = get_network(viewer=operator, filters=NetworkFilter(agreement_kind="none"))
    assert {e.type for e in no_agreements.edges} == {"located_in"}
    top_two = get_network(viewer=operator, filters=NetworkFilter(limit=2))
    assert top_two.shown == 2
    assert top_two.nodes[0].name == park.name
    assert all({e.source, e.target} <= {n.id for n in top_two.nodes} for e in top_two.edges)

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from qiao.directory.models import KeyFigure, OrganisationRelation, RelationKind
from qiao.directory.tests.factories import OrganisationFactory, term
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.browser


@pytest.fixture
def bojie():
    return OrganisationFactory(
        name_zh="上海伯杰医疗科技股份有限公司",
        name_en="Shanghai Bojie Medical Technology Co., Ltd.",
        short_name_zh="伯杰医疗",
        terms=[term(Vocabulary.TECHNOLOGY_AREA, "ivd")],
    )


@pytest.fixture
def hospital():
    return OrganisationFactory(
        name_zh="上海市奉贤区中心医院", kind=term(Vocabulary.ORGANISATION_KIND, "hospital")
    )


def test_profile_shows_name_key_figures_and_relations_graph(page, bojie, hospital):
    KeyFigure.objects.create(
        organisation=bojie, label_zh="申请专利", value=Decimal("78"), unit_zh="项"
    )
    OrganisationRelation.objects.create(source=hospital, target=bojie, kind=RelationKind.PARTNER_OF)

    page.goto(f"/directory/organisations/{bojie.pk}/")

    expect(page.locator("main h1")).to_have_text("上海伯杰医疗科技股份有限公司")
    # A key figure: the value with its unit, its label, and marked as the organisation's own word.
    figure = page.get_by_test_id("key-figure")
    expect(figure).to_have_count(1)
    expect(figure.locator("strong")).to_have_text("78项")
    expect(figure).to_have_text(re.compile(r"^\s*78项\s*申请专利\s*自述\s*$"))
    graph = page.locator("main figure.graph svg")
    expect(graph).to_be_visible()
    expect(graph.locator(".node.centre text")).to_have_text("伯杰医疗")
    expect(graph.locator("a .node")).to_have_count(1)
    expect(graph.locator("a .node text")).to_have_text("上海市奉贤区中心医院")


def test_relation_table_link_opens_the_related_organisation(page, bojie, hospital):
    OrganisationRelation.objects.create(source=hospital, target=bojie, kind=RelationKind.PARTNER_OF)
    page.goto(f"/directory/organisations/{bojie.pk}/")

    page.locator("main table.data a", has_text="上海市奉贤区中心医院").click()

    expect(page).to_have_url(re.compile(rf"/directory/organisations/{hospital.pk}/$"))
    expect(page.locator("main h1")).to_have_text("上海市奉贤区中心医院")
    expect(
        page.locator("main table.data a", has_text="上海伯杰医疗科技股份有限公司")
    ).to_be_visible()


def test_graph_node_opens_the_related_organisation(page, bojie, hospital):
    OrganisationRelation.objects.create(source=bojie, target=hospital, kind=RelationKind.PARTNER_OF)
    page.goto(f"/directory/organisations/{bojie.pk}/")

    page.locator("main figure.graph svg a").click()

    expect(page).to_have_url(re.compile(rf"/directory/organisations/{hospital.pk}/$"))
    expect(page.locator("main h1")).to_have_text("上海市奉贤区中心医院")


def test_profile_without_relations_says_so_and_draws_no_graph(page, bojie):
    page.goto(f"/directory/organisations/{bojie.pk}/")

    expect(page.locator("main h1")).to_have_text("上海伯杰医疗科技股份有限公司")
    expect(page.locator("main svg")).to_have_count(0)
    expect(page.locator("main table.data")).to_have_count(0)

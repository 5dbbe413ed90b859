"""The cluster's numbers on the insights pages in the browser, in Chinese, on a phone: each
chart is drawn and no page is wider than the screen (tables scroll inside themselves)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from qiao.attraction import services as attraction
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.reporting.tests.factories import add_figure

pytestmark = pytest.mark.browser


def test_cluster_insights_draw_their_charts_and_fit_a_phone(page, sign_in):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="统计专员")
    for index, district in enumerate(("嘉定区", "浦东新区", "闵行区")):
        firm = OrganisationFactory(
            name_zh=f"上海某某医疗器械科技股份有限公司{index}", district=district
        )
        make_member(firm, role=Membership.Role.ADMIN)
        for period, value in (("2025Q3", 1000), ("2026Q2", 1800), ("2026Q3", 2400)):
            add_figure(firm, "revenue", period, value + index)
    lead = attraction.create_lead(
        by=operator,
        data={"name": "杭州新落户医疗科技有限公司", "source": "news",
              "planned_investment": Decimal(12000)},
    )  # fmt: skip
    attraction.move_lead(by=operator, lead=lead, stage="signed")

    sign_in(operator)
    page.set_viewport_size({"width": 390, "height": 844})
    for url, chart in (
        ("/insights/statistics/", "statistics-trend"),
        ("/insights/regions/?province=上海市&city=上海市", "regions-firms"),
        ("/insights/chain/", "chain-strength"),
        ("/insights/attraction/", "attraction-funnel"),
    ):
        page.goto(url)
        expect(page.get_by_test_id(f"chart-{chart}")).to_have_attribute("data-drawn", "true")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    expect(page.get_by_test_id("insights-table").first).to_contain_text("1.2 亿元")

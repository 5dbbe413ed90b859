"""The insights in the browser: charts drawn from the loop's own rows, in both languages,
a network node that opens a profile, and a page that prints without its controls."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from qiao.pipeline import services as pipeline
from qiao.taxonomy.models import Term, Vocabulary
from qiao.tests.browser.test_market import (  # noqa: F401  (fixtures)
    bojie,
    doctor,
    hospital,
    operator,
    zh,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def signed(operator, hospital, bojie):
    return pipeline.create_agreement(
        created_by=operator,
        parties=[(hospital, "host"), (bojie, "party")],
        categories=[Term.objects.get(vocabulary=Vocabulary.DEVICE_CATEGORY, code="ivd")],
        kind="clinical_base",
        title_zh="IVD临床研究基地合作",
        signed_on=datetime.date(2024, 3, 17),
        amount=1_000_000,
    )


def _node_position(page, organisation_id: int) -> tuple[float, float]:
    """Where ECharts drew the organisation's network node, in page coordinates."""
    return page.evaluate(
        """(id) => {
            const element = document.querySelector('[data-testid="chart-network"]');
            const chart = echarts.getInstanceByDom(element);
            const series = chart.getModel().getSeriesByIndex(0);
            const data = series.getData();
            let index = -1;
            for (let i = 0; i < data.count(); i++) {
                if (data.getRawDataItem(i).id === String(id)) { index = i; }
            }
            const point = series.coordinateSystem.dataToPoint(data.getItemLayout(index));
            const box = element.getBoundingClientRect();
            return [box.left + point[0], box.top + point[1]];
        }""",
        organisation_id,
    )


def test_the_operator_reads_the_agreement_in_charts_and_opens_a_partner_from_the_network(
    page, sign_in, operator, signed, hospital, bojie
):
    sign_in(operator)
    page.goto("/insights/agreements/")
    chart = page.get_by_test_id("chart-agreements-over-time")
    expect(chart).to_have_attribute("data-drawn", "true")
    expect(chart.locator("svg")).to_have_count(1)
    expect(chart).to_contain_text(zh("Clinical research base"))  # the legend, in Chinese
    expect(page.get_by_role("cell", name="100 万元").first).to_be_visible()  # 1,000,000 yuan

    # English: the same figures, English labels.
    page.get_by_test_id("switch-language").click()
    expect(page.get_by_role("heading", name="Agreements and amounts")).to_be_visible()
    expect(page.get_by_test_id("chart-agreements-over-time")).to_contain_text(
        "Clinical research base"
    )
    expect(page.get_by_test_id("chart-agreements-by-region")).to_have_attribute(
        "data-drawn", "true"
    )
    expect(page.get_by_role("cell", name="¥1,000,000").first).to_be_visible()

    page.get_by_role("link", name="Ecosystem network").click()
    network = page.get_by_test_id("chart-network")
    expect(network).to_have_attribute("data-drawn", "true")
    x, y = _node_position(page, bojie.pk)
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(rf"/directory/organisations/{bojie.pk}/$"))


def test_a_dashboard_prints_without_its_controls(page, sign_in, operator, signed):
    sign_in(operator)
    page.goto("/insights/")
    expect(page.get_by_test_id("chart-projects-by-stage")).to_have_attribute("data-drawn", "true")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_test_id("filters")).to_have_count(0)  # the overview has none
    expect(page.get_by_role("button", name=zh("Print"))).to_be_hidden()
    expect(page.get_by_test_id("export")).to_be_hidden()
    expect(page.get_by_test_id("chart-projects-by-stage")).to_be_visible()
    expect(page.get_by_test_id("insights-table").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000


def test_a_member_sees_their_reduced_view(page, sign_in, doctor, signed):
    sign_in(doctor)
    page.goto("/insights/")
    expect(page.get_by_text(zh("Figures for your own organisations."))).to_be_visible()
    expect(page.get_by_role("link", name=zh("Brokers"))).to_have_count(0)
    page.goto("/insights/agreements/?since=2025-01-01&until=2024-01-01")
    expect(page.get_by_role("alert")).to_contain_text(zh("The start date is after the end date."))

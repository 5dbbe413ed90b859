"""The chain map in the browser, in Chinese: the operator opens the map, drills into the
active-implant node and reads its gap list with the outside firm that could fill it."""

import pytest
from playwright.sync_api import expect

from qiao.chain.tests.factories import need_matched_to, node
from qiao.directory.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

OUTSIDER = "苏州外地起搏器有限公司"


def test_from_a_node_to_its_gap_list(page, sign_in):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="园区运营")
    node("nmpa_12")
    outsider = OrganisationFactory(name_zh=OUTSIDER)
    need_matched_to(outsider, title_zh="寻找植入式心脏起搏器合作伙伴")

    sign_in(operator)
    page.goto("/chain/")
    expect(page.locator("[data-chain-chart] canvas")).to_have_count(1)
    row = page.locator("tr[data-node=nmpa_12]")
    expect(row).to_contain_text("缺失")
    row.get_by_role("link", name="有源植入器械").click()
    expect(page.get_by_test_id("strength")).to_have_text("缺失")
    expect(page.get_by_test_id("gap-needs")).to_contain_text("寻找植入式心脏起搏器合作伙伴")
    expect(page.get_by_test_id("candidates")).to_contain_text(OUTSIDER)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

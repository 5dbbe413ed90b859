"""A 招商 lead in the browser, in Chinese: financing news of a non-member firm becomes a lead,
the operator moves it to signed and lands it, and the firm is in the directory."""

import pytest
from playwright.sync_api import expect

from qiao.attraction.tests.factories import accepted_agreement
from qiao.directory.models import Organisation
from qiao.directory.tests.factories import UserFactory

pytestmark = pytest.mark.browser

FIRM = "杭州新落户医疗科技有限公司"


def test_lead_from_the_news_to_a_landed_firm(page, sign_in):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="招商专员")
    accepted_agreement(["嘉定区人民政府", FIRM], kind="park_settlement", title="新项目落户嘉定")

    sign_in(operator)
    page.goto("/attraction/")
    page.get_by_test_id("from-news").click()
    page.get_by_test_id("leads").get_by_role("link", name=FIRM).click()
    expect(page.get_by_test_id("stage")).to_have_text("线索")
    page.locator("select[name=stage]").select_option("signed")
    page.get_by_role("button", name="更新阶段").click()
    expect(page.get_by_test_id("stage")).to_have_text("已签约")
    page.get_by_role("button", name="已落地：加入名录").click()
    expect(page.get_by_test_id("stage")).to_have_text("已注册/落地")
    page.get_by_test_id("organisation").get_by_role("link", name=FIRM).click()
    expect(page.locator("h1")).to_contain_text(FIRM)
    assert Organisation.objects.filter(name_zh=FIRM).count() == 1
    page.goto("/attraction/weekly/")
    expect(page.get_by_test_id("moved")).to_contain_text(FIRM)


def test_lead_pages_fit_a_phone(page, sign_in):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="招商专员")
    sign_in(operator)
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/attraction/", "/attraction/weekly/", "/chain/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url

"""A quarterly statistics campaign in the browser, in Chinese: the park opens it, the firm's
admin fills in the pre-filled form, explains a jump and signs off, the park accepts it and
takes the district's report as a PDF.

People, the firm and last quarter's figure are made directly; every step a person takes is
done in the browser.
"""

import re

import pytest
from playwright.sync_api import expect

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.reporting.models import Figure
from qiao.reporting.tests.factories import add_figure, indicator
from qiao.tests.browser.conftest import ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS

pytestmark = pytest.mark.browser

FIRM = "上海联影智融医疗科技有限公司"


def _page_for(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  viewport={"width": 390, "height": 844})  # fmt: skip
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill("Qiao-test-2026")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".who")).to_have_text(user.get_short_name())
    return page


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide"


def test_quarterly_campaign_to_the_district_report(browser, live_server, page, sign_in):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="园区运营")
    firm = OrganisationFactory(name_zh=FIRM, name_en="United Imaging Zhirong")
    admin = make_member(firm, role=Membership.Role.ADMIN, full_name="企业管理员")
    add_figure(firm, "employees", "2026Q2", "100")
    indicator("revenue")

    sign_in(operator)
    page.goto("/statistics/")
    form = page.get_by_test_id("open-campaign")
    form.locator("input[name=title]").fill("2026年第三季度集群季报")
    form.locator("input[name=period]").fill("2026Q3")
    form.locator("input[name=due_on]").fill("2026-10-15")
    form.get_by_label("从业人员").check()
    form.get_by_role("button", name="发起").click()
    expect(page.get_by_test_id("completion")).to_contain_text("待填报: 1")
    campaign_url = page.url

    firm_page = _page_for(browser, live_server, admin)
    firm_page.goto("/statistics/")
    firm_page.get_by_test_id("my-forms").get_by_role("link").click()
    _fits(firm_page)
    row = firm_page.locator("tr[data-indicator=employees]")
    expect(row.get_by_label("从业人员")).to_have_value("100.00")  # last quarter, pre-filled
    row.get_by_label("从业人员").fill("180")
    firm_page.get_by_role("button", name="签报并提交").click()
    expect(firm_page.locator(".errorlist")).to_contain_text("请填写说明")
    firm_page.locator("tr[data-indicator=employees]").get_by_label("说明").fill("新产线投产，扩招")
    firm_page.get_by_role("button", name="签报并提交").click()
    expect(firm_page.get_by_test_id("status")).to_have_text("已签报")

    page.goto(campaign_url)
    page.get_by_test_id("forms").get_by_role("link", name=FIRM).click()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_test_id("status")).to_have_text("已审核通过")
    assert Figure.objects.get(organisation=firm, period="2026Q3").value == 180

    page.goto(campaign_url)
    page.get_by_role("link", name="统计报告").click()
    totals = page.get_by_test_id("totals")
    expect(totals).to_contain_text("从业人员")
    expect(totals).to_contain_text("80.0")  # growth on last quarter, %
    pdf = page.request.get(re.sub(r"/$", "/report.pdf", campaign_url))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (campaign_url, "/statistics/", re.sub(r"/$", "/report/", campaign_url)):
        page.goto(url)
        _fits(page)
    firm_page.context.close()

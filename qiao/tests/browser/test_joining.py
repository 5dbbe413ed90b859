import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from qiao.directory.models import Membership
from qiao.directory.tests.factories import UserFactory
from qiao.onboarding.tests.factories import credit_code

pytestmark = pytest.mark.browser

PASSWORD = "Qiao-join-2026"


def test_apply_then_approval_then_the_new_admin_signs_in_to_the_home_page(page, sign_in):
    operator = UserFactory(is_operator=True, full_name="运营 王")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_test_id("home-apply-link").click()  # the home's call to action
    expect(page.locator("h1")).to_have_text("申请入驻桥平台")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the application form scrolls sideways on a phone ({width} px)"
    form = page.get_by_test_id("apply-form")
    form.locator("input[name=name_zh]").fill("苏州新桥医疗科技有限公司")
    form.locator("select[name=kind]").select_option(label="企业")
    form.locator("input[name=province]").fill("江苏省")
    form.locator("input[name=city]").fill("苏州市")
    form.locator("input[name=credit_code]").fill(credit_code(42))
    form.locator("input[name=contact_name]").fill("陈静")
    form.locator("input[name=contact_email]").fill("chen.jing@xinqiao.example.cn")
    form.locator("input[name=contact_phone]").fill("139 1234 5678")
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("applied")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(operator)
    page.locator("#site-nav summary", has_text="管理").click()  # the menu groups start closed
    page.get_by_test_id("applications-link").click()
    page.get_by_test_id("applications").get_by_role("link", name="苏州新桥医疗科技有限公司").click()
    page.get_by_test_id("approve").click()
    expect(page.locator(".messages")).to_contain_text("苏州新桥医疗科技有限公司 已入驻桥平台")
    page.locator("form[action='/accounts/logout/'] button").click()

    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("139 1234 5678")  # the phone number
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator(".who")).to_have_text("陈静")
    home = reverse(settings.LOGIN_REDIRECT_URL)
    expect(page).to_have_url(re.compile(re.escape(home) + "$"))
    assert Membership.objects.get(user__email="chen.jing@xinqiao.example.cn").role == "admin"

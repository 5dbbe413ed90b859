import re

import pytest
from playwright.sync_api import expect

from qiao.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


def test_header_button_switches_to_english_and_back(page):
    OrganisationFactory(name_zh="上海伯杰医疗科技股份有限公司", name_en="Shanghai Bojie Medical")
    page.goto("/directory/?q=bojie")
    switch = page.get_by_test_id("switch-language")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(switch).to_have_text("English")

    switch.click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switch).to_have_text("中文")
    expect(page.locator("nav .nav a").first).to_have_text("Organisations")
    expect(page.locator("#results .result h3 a")).to_have_text("Shanghai Bojie Medical")
    expect(page).to_have_url(re.compile(r"/directory/\?q=bojie$"))

    switch.click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(switch).to_have_text("English")
    expect(page.locator("#results .result h3 a")).to_have_text("上海伯杰医疗科技股份有限公司")
    expect(page).to_have_url(re.compile(r"/directory/\?q=bojie$"))


def test_english_choice_is_kept_on_the_next_page(page):
    page.goto("/directory/")
    page.get_by_test_id("switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto("/directory/people/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("switch-language")).to_have_text("中文")

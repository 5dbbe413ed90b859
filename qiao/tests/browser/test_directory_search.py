import re

import pytest
from playwright.sync_api import expect

from qiao.directory.tests.factories import OrganisationFactory, term
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.browser

BOJIE = "上海伯杰医疗科技股份有限公司"
HOSPITAL = "上海市奉贤区中心医院"


@pytest.fixture
def organisations():
    OrganisationFactory(
        name_zh=BOJIE,
        name_en="Shanghai Bojie Medical Technology Co., Ltd.",
        short_name_zh="伯杰医疗",
        terms=[term(Vocabulary.TECHNOLOGY_AREA, "ivd")],
    )
    OrganisationFactory(
        name_zh=HOSPITAL,
        name_en="Shanghai Fengxian District Central Hospital",
        kind=term(Vocabulary.ORGANISATION_KIND, "hospital"),
    )


def result_link(page, name):
    return page.locator("#results .result h3 a", has_text=name)


def open_directory(page):
    page.goto("/directory/")
    expect(result_link(page, BOJIE)).to_be_visible()
    expect(result_link(page, HOSPITAL)).to_be_visible()
    # Survives an htmx swap but not a page load, so it tells the two apart.
    page.evaluate("window.notReloaded = true")


@pytest.mark.parametrize(
    "query",
    ["体外诊断", "IVD", "伯傑", "bojie"],
    ids=["technology-area", "abbreviation", "traditional", "pinyin"],
)
def test_typing_lists_only_the_matching_organisation(page, organisations, query):
    open_directory(page)

    page.locator("#q").press_sequentially(query)

    expect(result_link(page, HOSPITAL)).to_have_count(0)
    expect(result_link(page, BOJIE)).to_be_visible()
    expect(page.locator("#results .result")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    assert page.evaluate("window.notReloaded") is True


def test_pressing_enter_searches(page, organisations):
    open_directory(page)

    page.locator("#q").fill("伯杰医疗")
    page.locator("#q").press("Enter")

    expect(result_link(page, HOSPITAL)).to_have_count(0)
    expect(page.locator("#results .result")).to_have_count(1)
    expect(result_link(page, BOJIE)).to_be_visible()
    expect(page.locator("#q")).to_have_value("伯杰医疗")
    assert page.evaluate("window.notReloaded") is True


def test_search_without_a_match_says_so(page, organisations):
    open_directory(page)

    page.locator("#q").fill("心脏起搏器")

    expect(page.locator("#results .result")).to_have_count(0)
    expect(page.locator("[data-testid=result-count]")).to_contain_text("0")


def test_kind_facet_filters_the_results(page, organisations):
    open_directory(page)

    page.locator("select#f-kind").select_option("hospital")

    expect(result_link(page, BOJIE)).to_have_count(0)
    expect(result_link(page, HOSPITAL)).to_be_visible()
    expect(page.locator("#results .result")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]kind=hospital"))
    assert page.evaluate("window.notReloaded") is True


def test_search_from_the_address_bar_keeps_the_query(page, organisations):
    page.goto("/directory/?q=bojie")

    expect(page.locator("#q")).to_have_value("bojie")
    expect(page.locator("#results .result")).to_have_count(1)
    expect(result_link(page, BOJIE)).to_be_visible()


def test_a_district_operator_narrows_province_city_district(page, organisations):
    OrganisationFactory(name_zh="上海嘉定甲医疗器械有限公司", district="嘉定区")
    OrganisationFactory(name_zh="上海奉贤乙医疗器械有限公司", district="奉贤区")
    open_directory(page)

    page.locator("select#f-province").select_option("上海市")
    page.locator("select#f-city").select_option("上海市")  # appears once a province is chosen
    page.locator("select#f-district").select_option("奉贤区")

    expect(page.locator("#results .result")).to_have_count(1)
    expect(result_link(page, "上海奉贤乙医疗器械有限公司")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]district="))
    assert page.evaluate("window.notReloaded") is True


def test_sort_control_reorders_the_results(page, organisations):
    OrganisationFactory(name_zh="一号合作医院", description_zh="与伯杰合作。")
    page.goto("/directory/?q=伯杰")
    first = page.locator("#results .result h3 a").first
    expect(first).to_have_text(BOJIE)  # 名称命中排在简介命中之前

    page.locator("select#f-sort").select_option("name")

    expect(first).to_have_text("一号合作医院")
    expect(page).to_have_url(re.compile(r"[?&]sort=name"))
    page.locator("select#f-sort").select_option("relevance")  # a swapped select still works
    expect(first).to_have_text(BOJIE)

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

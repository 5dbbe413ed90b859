import pytest
from playwright.sync_api import expect

from qiao.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

# A control is labelled by aria-label, aria-labelledby, a <label for=…> or a wrapping <label>.
UNLABELLED_CONTROLS_JS = """
() => Array.from(document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"
)).filter(el => {
    if (el.getAttribute("aria-label")?.trim()) return false;
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    if (ids.some(id => document.getElementById(id)?.textContent.trim())) return false;
    if (Array.from(el.labels || []).some(label => label.textContent.trim())) return false;
    return true;
}).map(el => el.outerHTML.slice(0, 120))
"""


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/directory/")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_class("skip-link")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()


def test_skip_link_stays_off_screen_until_focused(page):
    page.goto("/directory/")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).not_to_be_in_viewport(timeout=1_000)

    page.keyboard.press("Tab")

    expect(skip_link).to_be_in_viewport()


def test_every_control_on_the_directory_page_has_a_label(page):
    OrganisationFactory()
    page.goto("/directory/")
    expect(page.locator("#q")).to_be_visible()
    assert page.locator("main input, main select, main textarea").count() >= 6

    assert page.evaluate(UNLABELLED_CONTROLS_JS) == []


def test_search_box_and_facets_are_named_for_assistive_technology(page):
    page.goto("/directory/")

    expect(page.get_by_role("search")).to_have_count(1)
    expect(page.get_by_role("searchbox")).to_have_attribute("id", "q")
    expect(page.locator("#results")).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("searchbox")).not_to_have_accessible_name("")

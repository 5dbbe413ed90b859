"""Injection in the browser: a hostile organisation name stays text in the network graph's
tooltip, and the main pages run under the Content-Security-Policy without a violation."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from qiao.directory.tests.factories import OrganisationFactory
from qiao.events.tests.factories import make_event
from qiao.intel import services as intel
from qiao.lab.tests.factories import make_equipment
from qiao.market.tests.factories import make_listing
from qiao.pipeline import services as pipeline
from qiao.tests.browser.test_insights import _node_position
from qiao.tests.browser.test_market import hospital, operator  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=window.__xss=1>"

# Recorded before any page script runs: Playwright's init scripts are not subject to CSP.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def hostile(operator, hospital):
    evil = OrganisationFactory(name_zh="恶意公司", short_name_zh=PAYLOAD)
    pipeline.create_agreement(
        created_by=operator,
        parties=[(hospital, "host"), (evil, "party")],
        kind="clinical_base",
        title_zh="临床研究基地合作",
        signed_on=datetime.date(2024, 3, 17),
    )
    return evil


def test_a_hostile_short_name_shows_as_text_in_the_network_tooltip(
    page,
    sign_in,
    operator,
    hostile,
):
    sign_in(operator)
    page.goto("/insights/network/")
    network = page.get_by_test_id("chart-network")
    expect(network).to_have_attribute("data-drawn", "true")

    x, y = _node_position(page, hostile.pk)
    page.mouse.move(x, y)

    tooltip = network.locator(".chart-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(PAYLOAD)
    assert network.locator("img").count() == 0
    assert page.evaluate("window.__xss") is None


def _main_pages(operator, hospital):
    listing = make_listing(organisation=hospital, title_zh="脓毒症床旁检测需求")
    instrument = make_equipment(organisation=hospital, by=operator)
    event = make_event(organiser_user=operator, organiser=hospital)
    article, _created = intel.ingest_article(
        raw="5月18日，上海市奉贤区中心医院与伯杰医疗签署合作协议。", ingested_by=operator
    )
    return [
        "/directory/",
        "/directory/people/",
        f"/directory/organisations/{hospital.pk}/",
        "/market/",
        f"/market/{listing.pk}/",
        "/insights/",
        "/insights/agreements/",
        "/insights/brokers/",
        "/insights/network/",
        "/events/",
        f"/events/{event.pk}/",
        f"/events/{event.pk}/board/",
        "/lab/",
        f"/lab/equipment/{instrument.pk}/",
        "/news/",
        f"/news/{article.pk}/",
        "/pipeline/agreements/",
        "/inbox/",
        "/api/docs",
        "/admin/",
    ]


def test_the_main_pages_run_under_the_policy_without_a_violation(
    page,
    sign_in,
    operator,
    hostile,
    hospital,
):
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(WATCH_VIOLATIONS)
    sign_in(operator)
    for path in _main_pages(operator, hospital):
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        for chart in page.locator("[data-chart]").all():
            expect(chart).to_have_attribute("data-drawn", "true")
        if path == "/api/docs":
            # Swagger UI fetches and renders the whole schema first: slow on a busy machine.
            expect(page.locator(".swagger-ui .info .title")).to_be_visible(timeout=30_000)
        assert page.evaluate("window.__violations") == [], path
    assert refused == []


def test_htmx_search_works_under_the_policy(page, hostile):
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto("/directory/")
    page.locator("#q").fill("恶意")
    expect(page).to_have_url(re.compile(r"q=%E6%81%B6%E6%84%8F"))
    expect(page.get_by_role("link", name="恶意公司")).to_be_visible()
    assert page.evaluate("window.__violations") == []

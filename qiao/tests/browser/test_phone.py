"""Every main page fits a 390 px phone, in Chinese and in English, for every role.

The pages are filled with the demo cluster (long Chinese names, bilingual regions, tables of
agreements and statements), so the widths measured are those of real content. A page fits
when ``document.documentElement.scrollWidth`` is at most the viewport's width; on failure
the message names the elements that stick out (a table may scroll inside its own box).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from playwright.sync_api import expect

from qiao.devtools.demo_cluster import DEMO_PASSWORD, build_demo_cluster
from qiao.devtools.management.commands.seed_demo_data import (
    load_demo_cluster,
    match_all_listings,
)
from qiao.directory.models import Organisation, Person
from qiao.events import services as event_services
from qiao.events.models import Event, Registration
from qiao.lab.models import Equipment
from qiao.market.models import Listing
from qiao.matching.models import Match
from qiao.pipeline import services as pipeline_services
from qiao.pipeline.models import Agreement, Project

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
OPERATOR = "operator@qiao-demo.example"
MEMBER = "member@bojie.qiao-demo.example"

# Elements wider than the viewport that are not inside a box scrolling on its own.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = element.parentElement, scrolls = false;
    while (parent) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(parent).overflowX)) { scrolls = true; break; }
      parent = parent.parentElement;
    }
    if (!scrolls) culprits.push(element.tagName.toLowerCase() + "." + String(element.className).trim().replace(/\\s+/g, ".") + " → " + Math.round(box.right));
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5)};
}"""


@pytest.fixture
def demo():
    """A small demo cluster, matched, with one introduction between two members."""
    load_demo_cluster(cluster=build_demo_cluster(synthetic_count=12))
    match_all_listings()
    operator = get_user_model().objects.get(email=OPERATOR)
    member = get_user_model().objects.get(email=MEMBER)
    bojie = member.memberships.first().organisation
    match = (
        Match.objects.filter(Q(listing__organisation=bojie) | Q(counterpart_organisation=bojie))
        .order_by("pk")
        .first()
    )
    introduction = pipeline_services.propose_introduction_from_match(
        match=match, broker=operator, note="请双方在本周内约一次视频会议，讨论样机测试安排。"
    )
    event = Event.objects.order_by("pk").first()
    registration = event_services.register(
        event=event,
        user=member,
        organisation=bojie,
        participant_type=event.participant_types.order_by("pk").first(),
    )
    if registration.status == Registration.Status.PENDING:
        event_services.approve_registration(registration=registration, approved_by=operator)
    return {
        "organisation": bojie.pk,
        "other_organisation": Organisation.objects.exclude(pk=bojie.pk).order_by("pk").first().pk,
        "person": Person.objects.order_by("pk").first().pk,
        "public_listing": Listing.objects.filter(visibility="public").order_by("pk").first().pk,
        "confidential_listing": Listing.objects.filter(visibility="confidential").first().pk,
        "introduction": introduction.pk,
        "agreement": Agreement.objects.order_by("pk").first().pk,
        "project": Project.objects.order_by("pk").first().pk,
        "own_listing": Listing.objects.filter(organisation=bojie).order_by("pk").first().pk,
        "event": event.pk,
        "registration": registration.pk,
        "instrument": Equipment.objects.order_by("pk").first().pk,
    }


def public_pages(ids) -> list[str]:
    return [
        "/directory/",
        f"/directory/organisations/{ids['organisation']}/",
        f"/directory/organisations/{ids['other_organisation']}/",
        "/directory/people/",
        f"/directory/people/{ids['person']}/",
        "/market/",
        f"/market/{ids['public_listing']}/",
        f"/market/{ids['confidential_listing']}/",
        "/events/",
        f"/events/{ids['event']}/",
        "/lab/",
        f"/lab/equipment/{ids['instrument']}/",
        "/accounts/password/reset/",
        "/",
        "/join/apply/",
    ]


def signed_in_pages(ids) -> list[str]:
    return [
        *public_pages(ids),
        "/market/new/clinical/",
        "/market/new/technology/",
        "/market/new/investment/",
        f"/matching/listings/{ids['own_listing']}/",
        "/pipeline/introductions/",
        f"/pipeline/introductions/{ids['introduction']}/",
        "/pipeline/agreements/",
        f"/pipeline/agreements/{ids['agreement']}/",
        "/pipeline/projects/",
        f"/pipeline/projects/{ids['project']}/",
        "/events/profile/",
        "/lab/bookings/",
        "/lab/statements/",
        "/insights/",
        "/insights/agreements/",
        "/insights/network/",
        "/news/",
        "/inbox/",
        "/accounts/password/",
    ]


def member_pages(ids) -> list[str]:
    return [
        *signed_in_pages(ids),
        f"/events/{ids['event']}/agenda/",
        f"/events/{ids['event']}/meetings/",
        "/policies/",
        "/servicedesk/",
        "/alliances/",
        "/insights/statistics/",
    ]


def operator_pages(ids) -> list[str]:
    return [
        *signed_in_pages(ids),
        "/pipeline/queue/",
        "/pipeline/agreements/new/",
        "/pipeline/projects/new/",
        f"/pipeline/projects/{ids['project']}/edit/",
        f"/market/{ids['public_listing']}/edit/",
        f"/directory/organisations/{ids['organisation']}/edit/",
        "/directory/organisations/new/",
        "/directory/import/",
        "/events/new/",
        f"/events/{ids['event']}/manage/",
        f"/events/{ids['event']}/board/",
        f"/events/{ids['event']}/agenda/{ids['registration']}/",
        f"/lab/equipment/{ids['instrument']}/edit/",
        "/insights/brokers/",
        "/insights/statistics/",
        "/insights/regions/",
        "/insights/chain/",
        "/insights/attraction/",
        "/policies/",
        "/policies/new/",
        "/policies/insights/",
        "/servicedesk/",
        "/servicedesk/insights/",
        "/statistics/",
        "/statistics/indicators/",
        "/chain/",
        "/attraction/",
        "/attraction/weekly/",
        "/experts/",
        "/calls/",
        "/calls/new/",
        "/alliances/",
        "/join/applications/",
        "/lab/training-requests/",
    ]


def measure(page, paths: list[str]) -> list[str]:
    wide = []
    for path in paths:
        response = page.goto(path)
        if response.status != 200:
            wide.append(f"{path}: answered {response.status}")
            continue
        found = page.evaluate(OVERFLOW_JS)
        if found["scrollWidth"] > PHONE["width"]:
            wide.append(f"{path}: {found['scrollWidth']} px, {found['culprits']}")
    return wide


def sign_in_as(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_test_id("inbox-link")).to_be_visible()


def switch_to_english(page) -> None:
    page.get_by_test_id("switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize(
    ("role", "pages"),
    [("anonymous", public_pages), ("member", member_pages), ("operator", operator_pages)],
)
def test_every_main_page_fits_a_phone_in_both_languages(page, demo, role, pages):
    page.set_viewport_size(PHONE)
    if role != "anonymous":
        sign_in_as(page, MEMBER if role == "member" else OPERATOR)

    wide = measure(page, pages(demo))
    switch_to_english(page)
    wide += [f"[en] {line}" for line in measure(page, pages(demo))]

    assert wide == [], "Pages not shown or wider than a 390 px phone:\n" + "\n".join(wide)


def test_phone_menu_folds_behind_its_button(page, demo):
    page.set_viewport_size(PHONE)
    sign_in_as(page, OPERATOR)
    page.goto("/directory/")
    menu = page.get_by_role("button", name="菜单")
    organisations = page.locator("#site-nav").get_by_role("link", name="机构")

    expect(page.locator("#site-nav")).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.locator("#site-nav summary", has_text="发现").click()
    organisations.click()

    expect(page).to_have_url(f"{page.url.split('/directory')[0]}/directory/")
    # The search filters are folded too, with their summary in the page's language.
    filters = page.locator("details.facets-fold")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.locator("#f-kind")).to_be_hidden()
    filters.locator("summary").click()
    expect(page.locator("#f-kind")).to_be_visible()


@pytest.mark.parametrize("email", [OPERATOR, MEMBER])
def test_laptop_menu_fits_on_one_line_in_both_languages(page, demo, email):
    page.set_viewport_size(LAPTOP)
    sign_in_as(page, email)
    for _language in ("zh-hans", "en"):
        page.goto("/directory/")
        row = page.locator(".header-row").bounding_box()
        brand = page.locator(".brand").bounding_box()
        assert row["height"] < 2 * brand["height"] + 24, "the header wraps onto a second line"
        tops = page.locator("#site-nav summary").evaluate_all(
            "nodes => nodes.map(node => Math.round(node.getBoundingClientRect().top))"
        )
        assert len(set(tops)) == 1, f"menu groups on several lines: {tops}"
        # A group opens below its summary and the others close.
        summaries = page.locator("#site-nav summary")
        summaries.nth(0).click()
        summaries.nth(1).click()
        expect(page.locator("#site-nav details[open]")).to_have_count(1)
        page.keyboard.press("Escape")
        expect(page.locator("#site-nav details[open]")).to_have_count(0)
        if _language == "zh-hans":
            switch_to_english(page)

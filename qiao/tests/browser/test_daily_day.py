"""A doctor's and an operator's day in Chinese, on a 390 px phone and a 1366 px laptop.

One walk through the real pages, each step done by the person whose work it is and reached
from where they would start: their home page, their inbox, a link on the page they are on.

1. the doctor posts a clinical need through the form, in clinical order, and submits it;
2. the operator sees it among the counts waiting on them, opens it and publishes it;
3. the doctor finds "published" and the new match in the inbox and marks the match
   "interested";
4. the operator reads the interest in the inbox, goes to the company's offer and introduces
   the company to the hospital;
5. the doctor finds the introduction waiting for their answer on the home page and accepts.

At 390 px every page the walk visits must fit the phone (``scrollWidth`` ≤ 390).
Interface strings are looked up with ``zh()``, the Chinese catalogue's own translation.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member, term
from qiao.market.models import Listing
from qiao.matching import services as matching
from qiao.matching.models import MatchFeedback
from qiao.pipeline.models import Introduction
from qiao.taxonomy.models import Vocabulary
from qiao.tests.browser.test_market import (
    BOJIE,
    HOSPITAL,
    IMMEDIATE_TASKS,
    NEED_TITLE,
    OFFER_TITLE,
    sepsis_offer,
    zh,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def cast(settings):
    """The hospital and its doctor, a company with a published offer, and the operator."""
    settings.TASKS = IMMEDIATE_TASKS  # publishing matches at once, as the worker would
    matching.reset_index()  # the engine's index lives in the process: start from this test's
    operator = UserFactory(is_operator=True, is_staff=True, full_name="运营人员")
    hospital = OrganisationFactory(
        name_zh=HOSPITAL,
        name_en="Shanghai Fengxian District Central Hospital",
        kind=term(Vocabulary.ORGANISATION_KIND, "hospital"),
    )
    company = OrganisationFactory(
        name_zh=BOJIE,
        name_en="Shanghai Bojie Medical Technology Co., Ltd.",
        terms=[term(Vocabulary.TECHNOLOGY_AREA, "ivd")],
    )
    doctor = make_member(hospital, role=Membership.Role.MEMBER, full_name="李医生")
    sepsis_offer(company, operator)
    yield {"operator": operator, "hospital": hospital, "doctor": doctor}
    matching.reset_index()


def fits(page, viewport) -> None:
    """On the phone, the page the user is looking at does not scroll sideways."""
    if viewport != PHONE:
        return
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 390 px phone"


def open_notice(page, viewport, *, containing: str) -> None:
    """Go to the inbox through the header and open the newest notice that says ``containing``."""
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Inbox"))
    fits(page, viewport)
    notice = page.get_by_test_id("notifications").get_by_role("button", name=containing)
    expect(notice.first).to_be_visible()
    notice.first.click()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone-390", "laptop-1366"])
def test_a_doctor_and_an_operator_take_a_need_from_posting_to_an_introduction(
    page, sign_in, cast, viewport
):
    doctor, hospital, operator = cast["doctor"], cast["hospital"], cast["operator"]
    page.set_viewport_size(viewport)

    # 1. The doctor posts the need from the market page, in the form's clinical order.
    sign_in(doctor)
    expect(page.get_by_test_id("home-member")).to_be_visible()
    fits(page, viewport)
    page.locator("main").get_by_role("link", name=zh("Needs and offers")).click()
    fits(page, viewport)
    page.get_by_text(zh("Post a need or an offer")).click()
    page.get_by_role("link", name=zh("Clinical need"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/market/new/clinical/$"))
    fits(page, viewport)
    legends = page.locator("main form fieldset > legend").all_inner_texts()
    assert legends.index(zh("The clinical need")) < legends.index(zh("Owner and contact"))
    page.locator("#id_title_zh").fill(NEED_TITLE)
    page.locator("#id_clinical_problem").fill(
        "脓毒症患者的血培养需要两到三天，延误了针对性的抗感染治疗。"
    )
    page.locator("#id_desired_outcome").fill("一小时内给出病原体核酸检测结果，指导抗生素使用。")
    page.locator("#id_summary_zh").fill("急诊科需要在一小时内识别脓毒症病原体的快速检测方法。")
    page.locator("#id_technology_areas").get_by_label("体外诊断", exact=True).check()
    page.get_by_label(zh("I confirm this listing contains no patient data")).check()
    page.get_by_role("button", name=zh("Save")).click()
    expect(page).to_have_url(re.compile(r"/market/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NEED_TITLE)
    fits(page, viewport)
    need = Listing.objects.get(title_zh=NEED_TITLE)
    # The doctor is the contact: on first posting the account is linked to a directory person.
    assert need.contact is not None and need.contact.user == doctor
    page.get_by_role("button", name=zh("Mark “%(label)s”") % {"label": zh("Under review")}).click()
    expect(page.locator(".messages")).to_contain_text(zh("Under review"))

    # 2. The operator sees one listing waiting for review on the home page and publishes it.
    page.context.clear_cookies()
    sign_in(operator)
    waiting = page.get_by_test_id("waiting-listings")
    expect(waiting).to_contain_text(zh("Listings to review"))
    expect(waiting.locator("strong")).to_have_text("1")
    fits(page, viewport)
    waiting.click()
    fits(page, viewport)
    page.locator("main").get_by_role("link", name=NEED_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEED_TITLE)
    fits(page, viewport)
    page.get_by_role("button", name=zh("Mark “%(label)s”") % {"label": zh("Published")}).click()
    expect(page.locator(".messages")).to_contain_text(zh("Published"))
    page.goto("/")
    expect(page.get_by_test_id("waiting-listings").locator("strong")).to_have_text("0")

    # 3. The doctor reads "published" and the new match in the inbox and is interested.
    page.context.clear_cookies()
    sign_in(doctor)
    expect(page.get_by_test_id("inbox-link").get_by_label(zh("unread"))).to_be_visible()
    page.get_by_test_id("inbox-link").click()
    notices = page.get_by_test_id("notifications")
    expect(notices).to_contain_text(
        zh("“%(listing)s” was reviewed and published") % {"listing": NEED_TITLE}
    )
    fits(page, viewport)
    with translation.override("zh-hans"):
        new_match = translation.ngettext(
            "%(count)d new match for “%(listing)s”", "%(count)d new matches for “%(listing)s”", 1
        ) % {"count": 1, "listing": NEED_TITLE}
    open_notice(page, viewport, containing=new_match)
    expect(page).to_have_url(re.compile(rf"/market/{need.pk}/#matches$"))
    match = (
        page.get_by_test_id("matches")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=OFFER_TITLE))
    )
    expect(match).to_have_count(1)
    fits(page, viewport)
    match.get_by_role("button", name=zh("Interested")).click()
    expect(page.locator("#matches")).to_contain_text(
        zh("Your feedback: %(verdict)s") % {"verdict": zh("Interested")}
    )
    assert MatchFeedback.objects.get().verdict == MatchFeedback.Verdict.INTERESTED

    # 4. The operator reads who is interested, goes to the company's offer and introduces
    #    the company to the hospital.
    page.context.clear_cookies()
    sign_in(operator)
    open_notice(page, viewport, containing=HOSPITAL)
    expect(page).to_have_url(re.compile(rf"/market/{need.pk}/#matches$"))
    fits(page, viewport)
    page.get_by_test_id("matches").get_by_role("link", name=OFFER_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER_TITLE)
    fits(page, viewport)
    back = (
        page.get_by_test_id("matches")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=NEED_TITLE))
    )
    back.get_by_role("button", name=zh("Make an introduction")).click()
    expect(page).to_have_url(re.compile(r"/pipeline/introductions/\d+/$"))
    expect(page.locator(".messages")).to_contain_text(zh("Introduction proposed."))
    expect(page.get_by_test_id("introduction-status")).to_have_text(zh("Proposed"))
    fits(page, viewport)
    introduction = Introduction.objects.get()
    assert introduction.receiving_organisation == hospital
    assert introduction.broker == operator

    # 5. The doctor finds it waiting for their answer on the home page, and accepts.
    page.context.clear_cookies()
    sign_in(doctor)
    waiting = page.get_by_test_id("my-introductions")
    expect(waiting.get_by_role("link", name=re.compile(HOSPITAL))).to_be_visible()
    fits(page, viewport)
    page.get_by_test_id("to-answer-link").click()
    expect(page.get_by_test_id("introduction-filter")).to_contain_text(
        zh("Introductions waiting for your answer")
    )
    fits(page, viewport)
    page.get_by_test_id("introductions").locator("tbody tr a").first.click()
    expect(page.get_by_test_id("introduction-status")).to_have_text(zh("Proposed"))
    fits(page, viewport)
    page.get_by_role("button", name=re.compile(zh("Accepted"))).click()
    expect(page.get_by_test_id("introduction-status")).to_have_text(zh("Accepted"))
    fits(page, viewport)
    page.goto("/")
    expect(page.get_by_test_id("my-introductions")).to_contain_text(zh("None waiting."))
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.ACCEPTED

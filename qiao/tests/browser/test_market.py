"""Needs and offers in the browser: posting, NDA disclosure, matches, search and the inbox.

Listings are built through the market services and published by an operator, as in
production. Matching runs through the real after-commit effect: the task backend is the
dummy one (nothing runs) unless a test switches to the immediate one, and a test that wants
matches runs the matching service itself, on a fresh in-process index.

Interface strings are looked up with ``zh()``, the Chinese catalogue's own translation, so
the tests check that the page shows what the catalogue says without breaking on a reworded
translation; the words users rely on most (草稿, 不相关) are checked literally. The tests
at the end pin bugs these tests found (and that are fixed).
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member, term
from qiao.inbox.models import Notification
from qiao.market import services
from qiao.market.models import NEED_KINDS, Disclosure, Kind, Listing, NdaSignatory, Side
from qiao.matching import services as matching
from qiao.matching.models import Match, MatchFeedback
from qiao.taxonomy.models import Vocabulary
from qiao.tests.browser.test_accessibility import UNLABELLED_CONTROLS_JS

pytestmark = pytest.mark.browser

HOSPITAL = "上海市奉贤区中心医院"
BOJIE = "上海伯杰医疗科技股份有限公司"
NEED_TITLE = "脓毒症早期快速诊断需求"
OFFER_TITLE = "脓毒症病原体快速核酸检测技术"
NDA_TERMS = "接收方仅为评估合作之目的使用所披露信息，不得向第三方披露。"
# Occurs only in the confidential listing's details, never in its public face.
SECRET = "微流控芯片封装工艺"

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def zh(message: str) -> str:
    """The Chinese catalogue's translation of ``message`` (the English text if it has none)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def _tasks(settings):
    # Deterministic whatever QIAO_TASKS_BACKEND says: queued work is recorded, not run.
    settings.TASKS = DUMMY_TASKS
    # The engine index lives in the process; earlier tests' rows were flushed since.
    matching.reset_index()
    yield
    matching.reset_index()


@pytest.fixture
def operator():
    return UserFactory(is_operator=True, is_staff=True, full_name="运营人员")


@pytest.fixture
def hospital():
    return OrganisationFactory(
        name_zh=HOSPITAL,
        name_en="Shanghai Fengxian District Central Hospital",
        kind=term(Vocabulary.ORGANISATION_KIND, "hospital"),
    )


@pytest.fixture
def bojie():
    return OrganisationFactory(
        name_zh=BOJIE,
        name_en="Shanghai Bojie Medical Technology Co., Ltd.",
        short_name_zh="伯杰医疗",
        terms=[term(Vocabulary.TECHNOLOGY_AREA, "ivd")],
    )


@pytest.fixture
def doctor(hospital):
    return make_member(hospital, role=Membership.Role.MEMBER, full_name="李医生")


@pytest.fixture
def engineer(bojie):
    return make_member(bojie, role=Membership.Role.MEMBER, full_name="赵工程师")


def post_listing(*, organisation, operator, kind, status=Listing.Status.PUBLISHED, **fields):
    """Create a listing through the service and, by default, publish it as the operator."""
    if kind == Kind.CLINICAL:
        fields.setdefault("confirms_no_patient_data", True)
    if fields.get("visibility") == Listing.Visibility.CONFIDENTIAL:
        fields.setdefault("nda_terms", NDA_TERMS)
    listing = services.create_listing(
        created_by=operator,
        organisation=organisation,
        side=Side.NEED if kind in NEED_KINDS else Side.OFFER,
        kind=kind,
        **fields,
    )
    if status == Listing.Status.PUBLISHED:
        services.change_listing_status(listing=listing, status=status, changed_by=operator)
    listing.refresh_from_db()
    return listing


def sepsis_need(hospital, operator, **fields):
    return post_listing(
        organisation=hospital,
        operator=operator,
        kind=Kind.CLINICAL,
        title_zh=NEED_TITLE,
        summary_zh="急诊科需要在一小时内识别脓毒症病原体的快速检测方法。",
        clinical_problem="脓毒症患者的血培养需要两到三天，延误了针对性的抗感染治疗。",
        desired_outcome="一小时内给出病原体核酸检测结果，指导抗生素使用。",
        province="上海市",
        terms=[
            term(Vocabulary.TECHNOLOGY_AREA, "ivd"),
            term(Vocabulary.TECHNOLOGY_AREA, "fluorescence_pcr"),
            term(Vocabulary.THERAPEUTIC_AREA, "infectious_disease"),
        ],
        **fields,
    )


def sepsis_offer(bojie, operator, **fields):
    return post_listing(
        organisation=bojie,
        operator=operator,
        kind=Kind.TECHNOLOGY,
        title_zh=OFFER_TITLE,
        summary_zh="基于荧光PCR的脓毒症病原体快速核酸检测，一小时出结果，适用于急诊。",
        province="上海市",
        terms=[
            term(Vocabulary.TECHNOLOGY_AREA, "ivd"),
            term(Vocabulary.TECHNOLOGY_AREA, "fluorescence_pcr"),
            term(Vocabulary.THERAPEUTIC_AREA, "infectious_disease"),
        ],
        **fields,
    )


def completeness_meter(page):
    return page.locator("#completeness-panel").get_by_role("meter")


# --- 1. Posting a clinical need --------------------------------------------------------------


def test_doctor_posts_a_clinical_need_with_live_hints_and_submits_it(page, sign_in, doctor):
    sign_in(doctor)
    page.goto("/market/")
    page.get_by_text(zh("Post a need or an offer")).click()
    page.get_by_role("link", name=zh("Clinical need"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/market/new/clinical/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(zh("Clinical need"))
    panel = page.locator("#completeness-panel")
    expect(panel).to_have_text(zh("Hints on what to add appear as you type."))

    page.locator("#id_title_zh").press_sequentially(NEED_TITLE)

    meter = completeness_meter(page)
    expect(meter).to_be_visible()
    expect(
        panel.get_by_text(
            zh("Give a short, specific title of at least {count} characters.").format(count=10)
        )
    ).to_have_count(0)
    expect(
        panel.get_by_text(
            zh("State the clinical problem in at least {count} characters.").format(count=10)
        )
    ).to_be_visible()
    before = int(meter.get_attribute("value"))
    assert before > 0

    page.locator("#id_clinical_problem").fill(
        "脓毒症患者的血培养需要两到三天，延误了针对性的抗感染治疗。"
    )

    expect(
        panel.get_by_text(
            zh("State the clinical problem in at least {count} characters.").format(count=10)
        )
    ).to_have_count(0)
    page.locator("#id_desired_outcome").fill("一小时内给出病原体核酸检测结果，指导抗生素使用。")
    hint = zh(
        "Say in at least {count} characters what outcome would count as success (the benefit)."
    ).format(count=10)
    expect(panel.get_by_text(hint)).to_have_count(0)
    after = int(meter.get_attribute("value"))
    assert after > before
    expect(panel.get_by_label(re.compile(rf"\b{after}%"))).to_have_count(1)

    confirm = page.get_by_label(zh("I confirm this listing contains no patient data"))
    confirm.focus()
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    page.locator("#id_title_zh").press("Enter")

    expect(page).to_have_url(re.compile(r"/market/\d+/$"))
    listing = Listing.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEED_TITLE)
    expect(page.locator(".messages")).to_have_text(
        zh("Saved as a draft. Submit it for review when ready.")
    )
    status_card = page.get_by_role("complementary").locator(
        "section", has=page.get_by_role("heading", name=zh("Status"), exact=True)
    )
    expect(status_card.get_by_text("草稿", exact=True)).to_be_visible()
    assert listing.status == Listing.Status.DRAFT
    assert listing.confirms_no_patient_data is True
    assert listing.organisation.name_zh == HOSPITAL

    submit = status_card.get_by_role(
        "button", name=zh("Mark “%(label)s”") % {"label": zh("Under review")}
    )
    submit.focus()
    page.keyboard.press("Enter")

    under_review = zh("Under review")
    expect(page.locator(".messages")).to_contain_text(under_review)
    expect(status_card.get_by_text(under_review, exact=True)).to_be_visible()
    expect(status_card.get_by_text("草稿", exact=True)).to_have_count(0)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.UNDER_REVIEW


def test_clinical_need_without_the_patient_data_confirmation_is_not_saved(page, sign_in, doctor):
    sign_in(doctor)
    page.goto("/market/new/clinical/")

    page.locator("#id_title_zh").fill(NEED_TITLE)
    page.get_by_role("button", name=zh("Save")).click()

    expect(page).to_have_url(re.compile(r"/market/new/clinical/$"))
    error = page.locator(".field.has-error", has=page.locator("#id_confirms_no_patient_data"))
    expect(error.get_by_role("alert")).to_have_text(
        zh("Confirm that the clinical need contains no patient data.")
    )
    expect(page.locator("#id_title_zh")).to_have_value(NEED_TITLE)
    assert Listing.objects.count() == 0


# --- 2. Confidential listing and NDA ----------------------------------------------------------


@pytest.fixture
def confidential_offer(bojie, operator):
    return sepsis_offer(
        bojie,
        operator,
        visibility=Listing.Visibility.CONFIDENTIAL,
        description=f"核心工艺：{SECRET}，良率百分之九十五，已完成小批量试产，可技术许可。",
    )


def test_member_of_another_organisation_accepts_the_nda_and_then_sees_the_details(
    page, sign_in, doctor, hospital, confidential_offer
):
    # Accepting binds the hospital: the doctor may because its admin allowed them.
    NdaSignatory.objects.create(organisation=hospital, user=doctor)
    sign_in(doctor)
    page.goto(f"/market/{confidential_offer.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER_TITLE)
    expect(page.get_by_text(confidential_offer.summary_zh)).to_be_visible()
    nda = page.get_by_test_id("nda")
    expect(nda.get_by_role("heading")).to_have_text(zh("Details under NDA"))
    expect(nda).to_contain_text(NDA_TERMS)
    expect(page.get_by_test_id("details")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(SECRET)

    accept = nda.get_by_role("button", name=zh("Accept and request the details"))
    tick = nda.get_by_label(
        zh("On behalf of my organisation (%(organisation)s), I accept these terms.")
        % {"organisation": hospital.name_zh}
    )
    accept.click()  # Without the tick: the browser refuses to send the form.
    assert tick.evaluate("box => !box.validity.valid") is True
    expect(page.get_by_test_id("nda")).to_be_visible()
    assert Disclosure.objects.count() == 0

    tick.check()
    accept.click()

    expect(page.locator(".messages")).to_have_text(
        zh("Terms accepted. The details are now open to you.")
    )
    expect(page.get_by_test_id("nda")).to_have_count(0)
    details = page.get_by_test_id("details")
    expect(details.get_by_role("heading")).to_have_text(zh("Details"))
    expect(details).to_contain_text(SECRET)
    disclosure = Disclosure.objects.get()
    assert disclosure.organisation == hospital
    assert disclosure.status == Disclosure.Status.GRANTED
    assert disclosure.terms_accepted == NDA_TERMS


def test_owner_sees_the_acceptance_in_the_disclosures_table(
    page, sign_in, doctor, hospital, engineer, confidential_offer
):
    NdaSignatory.objects.create(organisation=hospital, user=doctor)
    services.accept_nda(listing=confidential_offer, organisation=hospital, accepted_by=doctor)
    sign_in(engineer)

    page.goto(f"/market/{confidential_offer.pk}/")

    expect(page.get_by_test_id("details")).to_contain_text(SECRET)
    rows = page.get_by_test_id("disclosures").get_by_role("row")
    expect(rows).to_have_count(2)
    expect(rows.nth(1).get_by_role("cell").nth(0)).to_have_text(HOSPITAL)
    expect(rows.nth(1).get_by_role("cell").nth(3)).to_have_text(zh("Granted"))


# --- 3. Matches panel and feedback -----------------------------------------------------------


def test_owner_sees_the_match_with_reasons_and_marks_it_not_relevant(
    page, sign_in, doctor, hospital, bojie, operator
):
    need = sepsis_need(hospital, operator)
    offer = sepsis_offer(bojie, operator)
    assert matching.run_matching_for_listing(listing_id=need.pk) >= 1
    assert Match.objects.filter(listing=need, counterpart_listing=offer).exists()
    sign_in(doctor)

    page.goto(f"/market/{need.pk}/")

    panel = page.locator("#matches")
    expect(panel.get_by_role("heading", name=zh("Matches"))).to_be_visible()
    expect(panel.get_by_text(zh("Loading matches…"))).to_have_count(0)
    match = (
        panel.get_by_test_id("matches")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=OFFER_TITLE))
    )
    expect(match).to_have_count(1)
    reasons = match.get_by_role("list").get_by_role("listitem")
    assert reasons.count() >= 1
    expect(reasons.filter(has_text="体外诊断").first).to_be_visible()

    match.get_by_label(zh("Reason")).select_option(label=zh("Wrong stage"))
    match.get_by_role("button", name="不相关").click()

    # The panel refreshes in place (htmx): the page stays the listing's, and the match is
    # gone from it, for good (issue 15).
    expect(page).to_have_url(re.compile(rf"/market/{need.pk}/$"))
    removed = zh("Marked not relevant: removed from this listing's matches.")
    expect(page.locator("#matches").get_by_role("status")).to_have_text(removed)
    expect(match).to_have_count(0)
    recorded = MatchFeedback.objects.get()
    assert recorded.match.counterpart_listing == offer
    assert recorded.given_by == doctor
    assert recorded.verdict == MatchFeedback.Verdict.NOT_RELEVANT
    assert recorded.reason == MatchFeedback.Reason.WRONG_STAGE

    matching.run_matching_for_listing(listing_id=need.pk)
    page.goto(f"/market/{need.pk}/")
    expect(page.locator("#matches").get_by_text(zh("Loading matches…"))).to_have_count(0)
    expect(page.get_by_role("link", name=OFFER_TITLE)).to_have_count(0)


def test_not_relevant_without_a_reason_is_refused(page, sign_in, doctor, hospital, bojie, operator):
    need = sepsis_need(hospital, operator)
    sepsis_offer(bojie, operator)
    matching.run_matching_for_listing(listing_id=need.pk)
    sign_in(doctor)
    page.goto(f"/market/{need.pk}/")
    match = (
        page.get_by_test_id("matches")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=OFFER_TITLE))
    )

    match.get_by_role("button", name="不相关").click()

    expect(page.locator("#matches [role=alert]")).to_have_text(
        zh("Say why the match is not relevant.")
    )
    assert MatchFeedback.objects.count() == 0


# --- 4. Search and language --------------------------------------------------------------


@pytest.fixture
def listings(hospital, bojie, operator):
    need = sepsis_need(hospital, operator)
    implant = post_listing(
        organisation=bojie,
        operator=operator,
        kind=Kind.PRODUCT,
        title_zh="可降解骨科植入螺钉",
        title_en="Biodegradable orthopaedic screw",
        summary_zh="镁合金材料的可降解骨科内固定螺钉，免二次手术取出。",
        terms=[term(Vocabulary.TECHNOLOGY_AREA, "orthopaedic_implants")],
    )
    return need, implant


def result_links(page):
    return page.locator("#results").get_by_role("heading", level=3).get_by_role("link")


@pytest.mark.parametrize("query", ["脓毒症", "体外诊断"], ids=["words", "technology-area"])
def test_search_narrows_the_results_without_reloading(page, listings, query):
    page.goto("/market/")
    expect(result_links(page)).to_have_count(2)
    page.evaluate("window.notReloaded = true")

    page.get_by_role("searchbox").press_sequentially(query)

    expect(result_links(page)).to_have_text([NEED_TITLE])
    expect(page).to_have_url(re.compile(r"[?&]q="))
    assert page.evaluate("window.notReloaded") is True


def test_enter_searches_and_kind_filter_narrows(page, listings):
    page.goto("/market/")
    page.evaluate("window.notReloaded = true")

    page.get_by_role("searchbox").fill("螺钉")
    page.get_by_role("searchbox").press("Enter")

    expect(result_links(page)).to_have_text(["可降解骨科植入螺钉"])
    page.get_by_role("searchbox").fill("")
    page.get_by_role("searchbox").press("Enter")
    expect(result_links(page)).to_have_count(2)

    page.get_by_label(zh("Kind"), exact=True).select_option("clinical")

    expect(result_links(page)).to_have_text([NEED_TITLE])
    expect(page).to_have_url(re.compile(r"[?&]kind=clinical"))
    assert page.evaluate("window.notReloaded") is True


def test_market_page_switches_to_english(page, listings):
    page.goto("/market/?q=螺钉")
    expect(result_links(page)).to_have_count(1)

    page.get_by_test_id("switch-language").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Needs and offers")
    expect(page.get_by_role("searchbox")).to_have_accessible_name("Search needs and offers")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()
    expect(page.get_by_label("Kind", exact=True).locator("option").first).to_have_text("All kinds")
    expect(page.get_by_test_id("result-count")).to_have_text("1 listing")
    expect(page.get_by_role("searchbox")).to_have_value("螺钉")
    expect(page.get_by_test_id("switch-language")).to_have_text("中文")


# --- 5. Inbox ---------------------------------------------------------------------------------


def test_new_match_shows_in_the_inbox_and_opening_it_clears_the_badge(
    page, sign_in, settings, doctor, hospital, bojie, operator
):
    need = sepsis_need(hospital, operator)
    settings.TASKS = IMMEDIATE_TASKS  # Publishing the offer matches it at once.
    sepsis_offer(bojie, operator)
    notification = Notification.objects.get(recipient=doctor)
    sign_in(doctor)

    inbox_link = page.get_by_test_id("inbox-link")
    badge = inbox_link.get_by_label(zh("unread"))
    expect(badge).to_have_text("1")

    inbox_link.click()

    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Inbox"))
    item = page.get_by_test_id("notifications").get_by_role("listitem")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(zh("New"))
    open_button = item.get_by_role("button", name=notification.title_zh)
    expect(open_button).to_contain_text(NEED_TITLE)

    open_button.click()

    expect(page).to_have_url(re.compile(rf"/market/{need.pk}/#matches$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NEED_TITLE)
    expect(page.get_by_test_id("inbox-link")).to_have_text(zh("Inbox"))
    expect(page.get_by_test_id("inbox-link").get_by_label(zh("unread"))).to_have_count(0)
    notification.refresh_from_db()
    assert notification.read_at is not None


# --- Accessibility ----------------------------------------------------------------------------


def test_every_control_on_the_market_pages_has_a_label(
    page, sign_in, doctor, hospital, bojie, operator
):
    need = sepsis_need(hospital, operator)
    sepsis_offer(bojie, operator, visibility=Listing.Visibility.CONFIDENTIAL)
    matching.run_matching_for_listing(listing_id=need.pk)
    offer = Listing.objects.get(title_zh=OFFER_TITLE)
    sign_in(doctor)

    page.goto("/market/")
    expect(page.get_by_role("search")).to_have_count(1)
    expect(page.locator("#results")).to_have_attribute("aria-live", "polite")
    assert page.evaluate(UNLABELLED_CONTROLS_JS) == []

    page.goto("/market/new/clinical/")
    page.locator("#id_title_zh").fill(NEED_TITLE)
    expect(completeness_meter(page)).to_be_visible()
    assert page.evaluate(UNLABELLED_CONTROLS_JS) == []

    page.goto(f"/market/{need.pk}/")
    expect(page.get_by_test_id("matches")).to_be_visible()
    assert page.evaluate(UNLABELLED_CONTROLS_JS) == []

    page.goto(f"/market/{offer.pk}/")
    expect(page.get_by_test_id("nda")).to_be_visible()
    assert page.evaluate(UNLABELLED_CONTROLS_JS) == []


# --- Regressions: bugs found by these tests, now fixed -----------------------------------


def test_language_switch_after_an_htmx_search_keeps_the_query(page, listings):
    page.goto("/market/")
    page.get_by_role("searchbox").press_sequentially("螺钉")
    expect(result_links(page)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]q="))

    page.get_by_test_id("switch-language").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("searchbox")).to_have_value("螺钉", timeout=1_000)


def test_export_link_follows_an_htmx_search(page, sign_in, doctor, listings):
    sign_in(doctor)
    page.goto("/market/")
    page.get_by_role("searchbox").press_sequentially("螺钉")
    expect(result_links(page)).to_have_count(1)

    export = page.get_by_role("link", name=zh("Export to Excel"))

    expect(export).to_have_attribute("href", re.compile(r"[?&]q=%E8%9E%BA%E9%92%89"), timeout=1_000)


def test_match_reasons_name_the_kinds_in_chinese(page, sign_in, doctor, hospital, bojie, operator):
    need = sepsis_need(hospital, operator)
    sepsis_offer(bojie, operator)
    matching.run_matching_for_listing(listing_id=need.pk)
    sign_in(doctor)

    page.goto(f"/market/{need.pk}/")

    reasons = page.get_by_test_id("matches").get_by_role("list")
    expect(reasons.first).to_be_visible()
    expect(page.get_by_test_id("matches")).not_to_contain_text("clinical need", timeout=1_000)


def test_listing_form_does_not_call_the_title_a_job_title(page, sign_in, doctor):
    sign_in(doctor)

    page.goto("/market/new/clinical/")

    expect(page.locator("#id_title_zh")).to_be_visible()
    expect(page.get_by_label("中文职务")).to_have_count(0, timeout=1_000)

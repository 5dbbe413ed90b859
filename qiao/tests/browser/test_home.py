"""The home at ``/`` in the browser, on a 390 px phone in Chinese: the anonymous visitor's
page (and in English), a doctor's work, and the operator's counts one click from their lists.

Interface strings are looked up with ``zh()``, the Chinese catalogue's own translation.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member, term
from qiao.home import services as home
from qiao.home.tests.factories import introduce
from qiao.market.models import Listing
from qiao.market.tests.factories import make_listing
from qiao.taxonomy.models import Vocabulary
from qiao.tests.browser.test_market import _tasks, zh  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HOSPITAL = "上海市奉贤区中心医院"
COMPANY = "上海伯杰医疗科技股份有限公司"
CLUSTER = "嘉定区医疗器械创新集群"
NEED = "脓毒症早期快速诊断需求"
OFFER = "脓毒症病原体快速核酸检测技术"
SECRET_NEED = "仅会员可见的介入器械需求"


@pytest.fixture
def cluster():
    operator = UserFactory(is_operator=True, is_staff=True, full_name="运营人员")
    hospital = OrganisationFactory(
        name_zh=HOSPITAL, kind=term(Vocabulary.ORGANISATION_KIND, "hospital")
    )
    company = OrganisationFactory(name_zh=COMPANY, name_en="Shanghai Bojie Medical")
    home.update_site_profile(
        by=operator,
        data={
            "operator_name_zh": CLUSTER,
            "operator_name_en": "Jiading Medical Device Innovation Cluster",
            "description_zh": "汇聚医院、企业、高校与投资机构，促成医工对接。",
            "description_en": "Hospitals, companies, universities and investors, connected.",
        },
    )
    need = make_listing(organisation=hospital, kind="clinical", title_zh=NEED, by=operator)
    offer = make_listing(organisation=company, title_zh=OFFER, by=operator)
    make_listing(
        organisation=hospital,
        kind="clinical",
        title_zh=SECRET_NEED,
        by=operator,
        visibility=Listing.Visibility.MEMBERS,
    )
    make_listing(
        organisation=hospital,
        kind="clinical",
        title_zh="待审核的耗材需求",
        by=operator,
        status=Listing.Status.UNDER_REVIEW,
    )
    return {
        "operator": operator,
        "hospital": hospital,
        "company": company,
        "need": need,
        "offer": offer,
    }


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"


def test_a_visitor_sees_what_the_cluster_is_and_public_work_only(page, cluster):
    page.set_viewport_size(PHONE)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CLUSTER)
    expect(page.get_by_test_id("figure-needs")).to_contain_text("1")
    expect(page.get_by_test_id("figure-needs")).to_contain_text(zh("open needs"))
    expect(page.get_by_test_id("featured-needs")).to_contain_text(NEED)
    expect(page.get_by_test_id("featured-offers")).to_contain_text(OFFER)
    expect(page.locator("main")).not_to_contain_text(SECRET_NEED)
    # The onboarding app serves the application form: the home invites the visitor to apply.
    apply = page.get_by_test_id("home-apply-link")
    expect(apply).to_have_text(zh("Apply to join"))
    expect(apply).to_have_attribute("href", reverse("onboarding:apply"))
    fits_the_phone(page)

    page.get_by_test_id("switch-language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jiading Medical Device Innovation Cluster"
    )
    expect(page.get_by_test_id("figure-offers")).to_contain_text("open offers")
    fits_the_phone(page)


def test_a_doctor_signs_in_to_their_work(page, sign_in, cluster):
    doctor = make_member(cluster["hospital"], full_name="李 医生")
    proposed = introduce(
        need=make_listing(
            organisation=cluster["company"], kind="technology_need", by=cluster["operator"]
        ),
        offer=make_listing(
            organisation=cluster["hospital"], title_zh="临床验证服务", by=cluster["operator"]
        ),
        broker=cluster["operator"],
    )
    page.set_viewport_size(PHONE)
    sign_in(doctor)  # sign-in lands on the home
    expect(page.get_by_test_id("home-member")).to_be_visible()
    expect(page.get_by_test_id("my-listings")).to_contain_text(NEED)
    expect(page.get_by_test_id("my-listings")).to_contain_text(SECRET_NEED)
    expect(page.get_by_test_id("since-last-visit")).to_contain_text(zh("In the last two weeks"))
    fits_the_phone(page)

    page.get_by_test_id("to-answer-link").click()
    expect(page.get_by_test_id("introduction-filter")).to_contain_text(
        zh("Introductions waiting for your answer")
    )
    rows = page.get_by_test_id("introductions").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(str(proposed.receiving_organisation.name))


def test_an_operator_goes_from_a_count_to_the_items_and_edits_the_description(
    page, sign_in, cluster
):
    page.set_viewport_size(PHONE)
    sign_in(cluster["operator"])
    waiting = page.get_by_test_id("waiting-listings")
    expect(waiting).to_contain_text("1")
    expect(waiting).to_contain_text(zh("Listings to review"))
    expect(page.get_by_test_id("waiting-registrations")).to_contain_text("0")
    fits_the_phone(page)

    waiting.click()
    expect(page.locator("main")).to_contain_text("待审核的耗材需求")
    expect(page.locator("main")).not_to_contain_text(NEED)

    page.goto("/")
    page.get_by_test_id("edit-site-profile").click()
    fits_the_phone(page)
    page.get_by_label(zh("operator's name (Chinese)")).fill("嘉定医工创新港")
    page.get_by_role("button", name=zh("Save")).click()
    expect(page.get_by_test_id("home-site-profile")).to_contain_text("嘉定医工创新港")
    page.context.clear_cookies()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("嘉定医工创新港")

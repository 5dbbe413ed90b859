"""News intelligence in the browser: an operator pastes an article, reviews and accepts.

The review happens in Chinese; the same review page is then read in English.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, term
from qiao.intel.models import Article
from qiao.pipeline.models import Agreement
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.browser

HOSPITAL = "上海市奉贤区中心医院"
ARTICLE = (
    "發布日期:2025-05-20 來源:醫械網\n"
    "5月18日,上海市奉賢區中心醫院與上海澜途醫療科技有限公司簽署合作協議,共建臨床研究基地,總投資3000萬元。\n"
    "澜途醫療董事長陳思齊出席。\n"
)


def say(message: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def test_operator_pastes_reviews_and_accepts_into_the_directory(page, sign_in, live_server):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="运营人员")
    OrganisationFactory(
        name_zh=HOSPITAL,
        short_name_zh="奉贤区中心医院",
        kind=term(Vocabulary.ORGANISATION_KIND, "hospital"),
    )
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    sign_in(operator)
    page.goto("/news/")
    page.get_by_test_id("ingest-link").click()
    page.get_by_label(say("Pasted text", "zh-hans")).fill(ARTICLE)
    page.get_by_role("button", name=say("Read the article", "zh-hans")).click()

    # The review page: the original text with the organisation highlighted, as received.
    expect(page.get_by_test_id("source").locator("mark").first).to_have_text("上海市奉賢區中心醫院")
    company = page.locator('[data-kind="organisation"]', has_text="上海澜途医疗科技有限公司")
    hospital = page.locator('[data-kind="organisation"]', has_text=HOSPITAL)
    agreement = page.locator('[data-kind="agreement"]')

    # Accepting the agreement before its parties says what to do, and writes nothing.
    agreement.get_by_role("button", name=say("Accept", "zh-hans"), exact=True).click()
    expect(agreement.get_by_role("alert")).to_contain_text("上海澜途医疗科技有限公司")
    assert not Agreement.objects.exists()

    company.get_by_role("button", name=say("Accept", "zh-hans"), exact=True).click()
    expect(company).to_have_attribute("data-status", "accepted")
    hospital.get_by_role("button", name=say("Accept", "zh-hans"), exact=True).click()
    expect(hospital).to_have_attribute("data-status", "accepted")
    agreement.get_by_role("button", name=say("Accept", "zh-hans"), exact=True).click()
    expect(agreement).to_have_attribute("data-status", "accepted")

    new = Organisation.objects.get(name_zh="上海澜途医疗科技有限公司")
    signed = Agreement.objects.get()
    assert signed.kind == "clinical_base" and signed.amount == 30_000_000
    assert {p.organisation for p in signed.parties.all()} == {
        new,
        Organisation.objects.get(name_zh=HOSPITAL),
    }

    # The new organisation's profile lists the article.
    page.goto(f"/directory/organisations/{new.pk}/")
    article = Article.objects.get()
    expect(page.get_by_test_id("in-the-news")).to_contain_text(article.title[:10])

    # The same review page in English.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"/news/{article.pk}/")
    expect(page.get_by_role("heading", name="Proposals")).to_be_visible()
    expect(page.get_by_role("heading", name="Original text")).to_be_visible()
    expect(page.locator('[data-kind="agreement"]')).to_contain_text("Accepted")

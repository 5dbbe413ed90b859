"""A reviewer's article from paste to the profile, in Chinese: a missed organisation added
from the selected text, a two-party agreement, a person, an event and a figure accepted."""

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect

from qiao.directory.models import KeyFigure, Organisation, Person
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, term
from qiao.intel.models import NewsEvent
from qiao.pipeline.models import Agreement
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.browser

HOSPITAL = "上海市奉贤区中心医院"
MISSED = "星衡医疗"
ARTICLE = (
    "发布日期:2025-06-12 来源:医械网\n"
    "奉贤签约共建临床研究基地\n"
    "6月10日,上海市奉贤区中心医院与星衡医疗签署合作协议,共建临床研究基地。"
    "签约仪式在奉贤区中心医院举行。\n"
    "星衡医疗总经理林晓雯表示,基地将聚焦微创介入器械。\n"
    "上海市奉贤区中心医院已申请专利78项。\n"
)

SELECT_FIRST = """([source, name]) => {
  const root = document.querySelector(source);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(name);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + name.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


def say(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def accept(proposal) -> None:
    proposal.get_by_role("button", name=say("Accept"), exact=True).click()
    expect(proposal).to_have_attribute("data-status", "accepted")


def test_reviewer_takes_an_article_from_paste_to_the_profile(page, sign_in, live_server):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="运营人员")
    hospital = OrganisationFactory(
        name_zh=HOSPITAL,
        short_name_zh="奉贤区中心医院",
        kind=term(Vocabulary.ORGANISATION_KIND, "hospital"),
    )
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    sign_in(operator)
    page.goto("/news/ingest/")
    page.get_by_label(say("Pasted text")).fill(ARTICLE)
    page.get_by_role("button", name=say("Read the article")).click()

    # Every proposal's form fits a phone, in both languages.
    review_url = page.url
    page.set_viewport_size({"width": 390, "height": 844})
    for language in ("en", "zh-hans"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(review_url)
        expect(page.locator(".proposal-form")).to_have_count(
            5
        )  # org, person, event, agreement, figure
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{language}: the review page is {width}px wide"
    page.set_viewport_size({"width": 1280, "height": 900})

    # Kinds are shown by name: no codes, no JSON.
    event = page.locator('[data-kind="event"]')
    expect(event).to_contain_text("签约仪式 · 2025-06-10")
    expect(page.locator("main")).not_to_contain_text("signing")

    # 星衡医疗 was missed: select it in the text and add it in one step.
    assert page.evaluate(SELECT_FIRST, ["[data-testid=source]", MISSED])
    add = page.get_by_test_id("add-organisation")
    expect(add.get_by_label(say("Organisation named in the text"))).to_have_value(MISSED)
    add.get_by_label(say("Type")).select_option(label=say("Company"))
    add.get_by_role("button", name=say("Add as organisation")).click()
    missed = page.locator('[data-kind="organisation"]', has_text=MISSED)
    expect(missed).to_have_attribute("data-status", "accepted")
    accept(page.locator('[data-kind="organisation"]', has_text=HOSPITAL))

    # The agreement names one party: look the other up in the directory and accept.
    agreement = page.locator('[data-kind="agreement"]')
    parties = agreement.get_by_test_id("name-input")
    expect(parties.nth(0)).to_have_value(HOSPITAL)
    parties.nth(1).press_sequentially("星衡", delay=30)
    expect(agreement.locator(f'datalist option[value="{MISSED}"]')).to_have_count(1)
    parties.nth(1).fill(MISSED)
    accept(agreement)

    # The person's organisation is chosen from the article's organisations.
    person = page.locator('[data-kind="person"]')
    person.get_by_label(say("Organisation")).select_option(label=MISSED)
    accept(person)

    # The event with both participants; the figure for the hospital.
    event.get_by_test_id("name-input").last.fill(MISSED)
    accept(event)
    figure = page.locator('[data-kind="figure"]')
    figure.get_by_label(say("Organisation")).select_option(label=HOSPITAL)
    figure.get_by_label(say("What is counted")).fill("专利申请")
    accept(figure)

    company = Organisation.objects.get(name_zh=MISSED)
    signed = Agreement.objects.get()
    assert {p.organisation for p in signed.parties.all()} == {hospital, company}
    assert signed.kind == "clinical_base" and signed.signed_on == datetime.date(2025, 6, 10)
    assert Person.objects.get(name_zh="林晓雯").affiliations.get().organisation == company
    assert NewsEvent.objects.get().organisations.count() == 2
    assert KeyFigure.objects.get().as_of == datetime.date(2025, 6, 12)

    # The profile: the figure with its source, the event, the article.
    page.goto(f"/directory/organisations/{hospital.pk}/")
    figure_row = page.get_by_test_id("key-figure")
    expect(figure_row).to_contain_text("78项")
    expect(figure_row).to_contain_text("专利申请")
    expect(figure_row).to_contain_text("2025-06-12")
    expect(figure_row.get_by_role("link")).to_have_text("奉贤签约共建临床研究基地")
    expect(page.get_by_test_id("news-events")).to_contain_text("签约仪式 2025-06-10")
    page.goto(f"/directory/organisations/{company.pk}/")
    expect(page.get_by_test_id("news-events")).to_contain_text("签约仪式")
    expect(page.get_by_test_id("in-the-news")).to_contain_text("奉贤签约共建临床研究基地")

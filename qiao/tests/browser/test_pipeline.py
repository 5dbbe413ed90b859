"""From match to signed agreement in the browser: request, broker, accept, talk, sign."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from qiao.matching import services as matching
from qiao.pipeline.models import Introduction, IntroductionEvent, IntroductionMessage
from qiao.tests.browser.test_market import (  # noqa: F401  (fixtures)
    OFFER_TITLE,
    _tasks,
    bojie,
    doctor,
    engineer,
    hospital,
    operator,
    sepsis_need,
    sepsis_offer,
    zh,
)

pytestmark = pytest.mark.browser


def test_a_match_becomes_a_signed_agreement(
    page, sign_in, doctor, engineer, hospital, bojie, operator
):
    need = sepsis_need(hospital, operator)
    sepsis_offer(bojie, operator)
    matching.run_matching_for_listing(listing_id=need.pk)

    # The doctor asks for an introduction from the matches panel.
    sign_in(doctor)
    page.goto(f"/market/{need.pk}/")
    match = (
        page.get_by_test_id("matches")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=OFFER_TITLE))
    )
    match.get_by_role("button", name=zh("Ask for an introduction")).click()
    expect(page).to_have_url(re.compile(r"/pipeline/introductions/\d+/$"))
    expect(page.get_by_text(zh("Waiting for an operator"))).to_be_visible()
    introduction = Introduction.objects.get()

    # The operator finds it in the work queue and takes it.
    page.context.clear_cookies()
    sign_in(operator)
    page.goto("/pipeline/queue/")
    page.get_by_test_id("requested").get_by_role("link").click()
    page.get_by_role("button", name=zh("Take this introduction")).click()
    expect(page.get_by_text(operator.full_name).first).to_be_visible()

    # The company accepts and writes to the hospital.
    page.context.clear_cookies()
    sign_in(engineer)
    page.goto(f"/pipeline/introductions/{introduction.pk}/")
    page.get_by_role("button", name=re.compile(zh("Accepted"))).click()
    expect(page.get_by_test_id("introduction-status")).to_have_text(zh("Accepted"))
    page.get_by_label(zh("Message")).fill("下周三来我们实验室看样机？")
    page.get_by_role("button", name=zh("Send")).click()
    expect(page.get_by_test_id("messages")).to_contain_text("下周三来我们实验室看样机？")

    # The doctor moves it along to a signed agreement.
    page.context.clear_cookies()
    sign_in(doctor)
    page.goto(f"/pipeline/introductions/{introduction.pk}/")
    for status in ("Meeting held", "Negotiating", "Agreement signed"):
        page.get_by_role("button", name=re.compile(zh(status))).click()
        expect(page.get_by_test_id("introduction-status")).to_have_text(zh(status))

    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.AGREEMENT_SIGNED
    assert introduction.broker == operator
    assert IntroductionMessage.objects.get().author == engineer
    assert list(
        IntroductionEvent.objects.filter(field="status").values_list("new_value", flat=True)
    ) == ["proposed", "accepted", "meeting_held", "negotiating", "agreement_signed"]


def _in(language: str):
    """The label as the page shows it in ``language``."""
    return zh if language == "zh-hans" else (lambda message: message)


def _switch_to(page, language: str) -> None:
    if language == "en":
        page.get_by_test_id("switch-language").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_signed_introduction_is_recorded_as_an_agreement_and_a_milestone(
    page, sign_in, doctor, engineer, hospital, bojie, operator, language
):
    from qiao.pipeline import services as pipeline
    from qiao.pipeline.models import Agreement, Milestone
    from qiao.taxonomy.models import Term, Vocabulary

    introduction = Introduction.objects.create(
        requesting_organisation=hospital,
        receiving_organisation=bojie,
        broker=operator,
        status=Introduction.Status.NEGOTIATING,
    )
    project = pipeline.create_project(
        created_by=operator,
        organisation=bojie,
        stage=Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code="prototype"),
        entered_on=datetime.date(2025, 1, 1),
        name_zh="脓毒症快速检测试剂盒",
    )

    t = _in(language)
    # The doctor records the agreement from the introduction; the parties are filled in.
    sign_in(doctor)
    _switch_to(page, language)
    page.goto(f"/pipeline/introductions/{introduction.pk}/")
    page.get_by_role("link", name=t("Record the agreement")).click()
    expect(page.get_by_label(t("First party (Chinese name)"))).to_have_value(hospital.name_zh)
    page.get_by_label(t("kind")).select_option("clinical_base")
    page.get_by_label(t("Chinese title") if language == "en" else "中文标题").fill(
        "IVD临床研究基地合作"
    )
    page.get_by_label(t("signed on")).fill("2026-03-17")
    page.get_by_role("button", name=t("Save")).click()
    expect(page.get_by_role("heading", name="IVD临床研究基地合作")).to_be_visible()

    # The company records that the trial started at the hospital.
    page.context.clear_cookies()
    sign_in(engineer)
    _switch_to(page, language)
    page.goto(f"/pipeline/projects/{project.pk}/")
    form = page.locator("form", has=page.get_by_label(t("certificate or patent number")))
    form.get_by_label(t("kind")).select_option("trial_started")
    form.get_by_label(t("date")).fill("2026-04-01")
    form.get_by_label(t("Site, e.g. the trial hospital (Chinese name)")).fill(hospital.name_zh)
    form.get_by_role("button", name=t("Save")).click()
    shown = hospital.name_en if language == "en" else hospital.name_zh
    expect(page.get_by_test_id("journey")).to_contain_text(shown)

    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.AGREEMENT_SIGNED
    assert Agreement.objects.get().parties.count() == 2
    assert Milestone.objects.get().site == hospital

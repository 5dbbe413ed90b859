"""A proof-of-concept call in the browser, in Chinese: opened, applied to, reviewers
proposed with a conflict excluded and explained, reviewed, funded into a project."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qiao.calls.models import Application, Call
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.experts.tests.factories import make_expert
from qiao.pipeline.models import Agreement, AgreementParty
from qiao.tests.browser.test_market import zh
from qiao.tests.browser.test_phone import OVERFLOW_JS, PHONE

pytestmark = pytest.mark.browser


def _phase(page, call_id, phase_label):
    page.goto(f"/calls/{call_id}/")
    page.get_by_test_id("next-phase").click()
    expect(page.get_by_test_id("phase")).to_have_text(zh(phase_label))


def test_a_proof_of_concept_call_from_opening_to_a_funded_project(page, sign_in):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="运营人员")
    company = OrganisationFactory(name_zh="博杰医疗科技", name_en="Bojie Medical")
    applicant = make_member(company, role=Membership.Role.ADMIN, full_name="李工")
    hospital = OrganisationFactory(name_zh="瑞金医院", name_en="Ruijin Hospital")
    conflicted = make_expert(organisation=hospital, fields="心血管 介入 支架 导管")
    reviewer = make_expert(organisation=OrganisationFactory(), fields="心血管 支架 材料")
    agreement = Agreement.objects.create(
        kind=Agreement.Kind.JOINT_RD, title_zh="支架联合研发协议",
        signed_on=timezone.localdate() - datetime.timedelta(days=200),
    )  # fmt: skip
    for org in (hospital, company):
        AgreementParty.objects.create(agreement=agreement, organisation=org)
    today = timezone.localdate()

    # The operator opens the call with two weighted criteria.
    sign_in(operator)
    page.goto("/calls/new/")
    page.locator("[name=kind]").select_option("poc_fund")
    page.locator("[name=title_zh]").fill("心血管概念验证基金")
    page.locator("[name=opens_on]").fill(today.isoformat())
    page.locator("[name=closes_on]").fill((today + datetime.timedelta(days=30)).isoformat())
    page.locator("[name=reviewers_per_application]").fill("1")
    page.locator("[name=criteria]").fill("创新性 3\n可行性 1")
    page.get_by_role("button", name=zh("Create the call")).click()
    expect(page).to_have_url(re.compile(r"/calls/\d+/$"))
    call = Call.objects.get()
    _phase(page, call.pk, "Open for applications")

    # The company applies.
    page.context.clear_cookies()
    sign_in(applicant)
    page.goto(f"/calls/{call.pk}/")
    page.get_by_test_id("apply").click()
    page.locator("[name=title]").fill("可降解心血管支架")
    page.locator("[name=summary]").fill("用于心血管介入的可降解支架，已完成动物实验。")
    page.get_by_role("button", name=zh("Submit"), exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text(zh("Submitted"))

    # The operator starts review; the hospital's expert is excluded, with the reason.
    page.context.clear_cookies()
    sign_in(operator)
    _phase(page, call.pk, "In review")
    page.get_by_test_id("propose").click()
    exclusions = page.get_by_test_id("exclusions")
    expect(exclusions).to_contain_text(conflicted.person.name_zh)
    expect(exclusions).to_contain_text("专家所在机构「瑞金医院」与申请机构「博杰医疗科技」")
    expect(exclusions).to_contain_text("签订协议「支架联合研发协议」")
    expect(page.get_by_test_id("assignments")).to_contain_text(reviewer.person.name_zh)

    # The reviewer declares no conflict before reading, then scores.
    page.context.clear_cookies()
    sign_in(reviewer.person.user)
    page.goto("/calls/reviews/")
    page.get_by_test_id("my-reviews").get_by_role("link").click()
    expect(page.get_by_text("已完成动物实验")).to_have_count(0)
    page.get_by_test_id("no-conflict").click()
    expect(page.get_by_text("已完成动物实验")).to_be_visible()
    first, second = call.criteria.all()
    page.locator(f"[name=score_{first.pk}]").fill("9")
    page.locator(f"[name=comment_{first.pk}]").fill("思路新颖")
    page.locator(f"[name=score_{second.pk}]").fill("7")
    page.get_by_role("button", name=zh("Submit the review")).click()
    expect(page.get_by_text(zh("Your review is submitted."))).to_be_visible()

    # The operator sees the ranking, moves to decision and funds it.
    page.context.clear_cookies()
    sign_in(operator)
    page.goto(f"/calls/{call.pk}/")
    expect(page.get_by_test_id("ranking")).to_contain_text("85.0")
    _phase(page, call.pk, "Deciding")
    application = Application.objects.get()
    page.goto(f"/calls/applications/{application.pk}/")
    expect(page.get_by_test_id("exclusions")).to_contain_text("支架联合研发协议")
    decide = page.get_by_test_id("decide")
    decide.locator("[name=funded]").select_option("1")
    decide.locator("[name=amount]").fill("500000")
    decide.locator("[name=letter]").fill("经专家评审，同意资助50万元。")
    decide.get_by_role("button", name=zh("Record the decision")).click()
    expect(page.get_by_test_id("status")).to_have_text(zh("Funded"))
    page.get_by_test_id("project").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("可降解心血管支架")
    expect(page.get_by_text("心血管概念验证基金：获资助 ¥500,000")).to_be_visible()

    # Every page of the call fits a 390 px phone, in Chinese and in English.
    page.set_viewport_size(PHONE)
    paths = [f"/calls/{call.pk}/", f"/calls/applications/{application.pk}/", "/calls/", "/experts/",
             f"/experts/{reviewer.pk}/", f"/experts/{reviewer.pk}/letter/"]  # fmt: skip
    for language in ("zh", "en"):
        if language == "en":
            page.goto("/calls/")
            page.get_by_test_id("switch-language").click()
        for path in paths:
            page.goto(path)
            result = page.evaluate(OVERFLOW_JS)
            assert result["scrollWidth"] <= PHONE["width"], (language, path, result)

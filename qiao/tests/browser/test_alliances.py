"""An alliance year in the browser, in Chinese: apply, approve, record the fee, and the
renewal notice 60 days before expiry in the member's inbox."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qiao.alliances import services
from qiao.alliances.models import AllianceMembership
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.tests.browser.test_market import zh

pytestmark = pytest.mark.browser


def test_an_alliance_year_from_application_to_renewal_notice(page, sign_in):
    alliance = OrganisationFactory(name_zh="嘉定生物医药产业创新联盟")
    secretary = make_member(alliance, role=Membership.Role.ADMIN, full_name="秘书处")
    company = OrganisationFactory(name_zh="博杰医疗")
    boss = make_member(company, role=Membership.Role.ADMIN, full_name="王总")
    services.create_tier(alliance=alliance, by=secretary, name_zh="理事单位",
                         annual_fee=Decimal("50000"))  # fmt: skip

    sign_in(boss)
    page.goto("/alliances/")
    form = page.get_by_test_id("apply-alliance")
    expect(form.locator("[name=tier]")).to_contain_text("理事单位")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("membership-status")).to_have_text(zh("Application received"))

    page.context.clear_cookies()
    sign_in(secretary)
    membership = AllianceMembership.objects.get()
    page.goto(f"/alliances/{membership.pk}/")
    page.get_by_role("button", name=zh("Approve")).click()
    expect(page.get_by_test_id("membership-status")).to_have_text(zh("Approved, awaiting payment"))
    payment = page.get_by_test_id("payment")
    payment.locator("[name=invoice_no]").fill("FP-2026-001")
    payment.get_by_role("button", name=zh("Record the payment")).click()
    expect(page.get_by_test_id("membership-status")).to_have_text(zh("Active"))
    expect(page.get_by_test_id("payments")).to_contain_text("FP-2026-001")
    membership.refresh_from_db()
    assert membership.ends_on == services.one_year_after(timezone.localdate())

    # Ten months on, the daily job tells the member 60 days ahead: no silent renewal.
    services.send_renewal_notices(today=membership.ends_on - datetime.timedelta(days=60))
    page.context.clear_cookies()
    sign_in(boss)
    page.goto("/inbox/")
    expect(page.get_by_text(re.compile("会员资格将于.*到期（还有 60 天）"))).to_be_visible()
    expect(page.get_by_text(re.compile("系统不会自动续费"))).to_be_visible()
    page.goto(f"/alliances/{membership.pk}/certificate/")
    expect(page.get_by_test_id("certificate")).to_contain_text("博杰医疗")

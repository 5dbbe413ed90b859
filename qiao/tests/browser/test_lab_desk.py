"""A lab manager's month in the browser, in Chinese: from a holiday-aware calendar to the
issued statement with an innovation voucher.

The lab's clock (``qiao.lab.clock``) is set to the last week of September 2026 and moved on
as the month passes; the live server runs in this process, so it reads the same clock.
National Day 2026 closes the lab from 1 to 7 October; Saturday 10 October is a 调休 working
day, so the microscope (open Monday to Friday) is bookable that Saturday.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.lab import services
from qiao.lab.models import Booking, Statement
from qiao.lab.tests.factories import at, make_equipment

pytestmark = pytest.mark.browser

LAB = "上海嘉定区生物医药共享实验室平台"
UNIVERSITY = "上海理工大学医疗器械与食品学院"
NINE_TO_FIVE = (datetime.time(9), datetime.time(17))


@pytest.fixture
def clock(monkeypatch):
    """Set the lab's clock: ``clock("2026-09-28", 9)``."""

    def set_to(day: str, hour: int) -> None:
        moment = at(day, hour)
        monkeypatch.setattr("qiao.lab.clock.now", lambda: moment)

    return set_to


@pytest.fixture
def desk(db):
    lab = OrganisationFactory(name_zh=LAB, name_en="Jiading Shared Lab Platform")
    university = OrganisationFactory(name_zh=UNIVERSITY, name_en="USST Medical Devices")
    manager = make_member(lab, role=Membership.Role.ADMIN, full_name="实验室管理员")
    make_member(university, full_name="研究生")  # the university's people use Qiao
    microscope = make_equipment(organisation=lab, by=manager, name_zh="激光共聚焦显微镜")
    services.set_opening_hours(
        equipment=microscope,
        hours={**dict.fromkeys(range(5), NINE_TO_FIVE), 5: None, 6: None},
        observes_holidays=True,
        changed_by=manager,
    )
    return manager, microscope, university


def test_a_lab_managers_month_from_the_holiday_calendar_to_the_statement(
    page, sign_in, clock, desk
):
    manager, microscope, university = desk
    clock("2026-09-28", 9)
    sign_in(manager)

    # The week of National Day: 1 October is closed, Saturday 10 October is a working day.
    page.goto(f"/lab/equipment/{microscope.pk}/?week=2026-09-28")
    expect(page.get_by_test_id("day-2026-10-01")).to_contain_text("国庆节")
    expect(page.get_by_test_id("day-2026-09-30")).not_to_contain_text("国庆节")
    page.get_by_test_id("next-week").click()
    expect(page.get_by_test_id("week-label")).to_contain_text("2026-10-05")
    expect(page.get_by_test_id("day-2026-10-10")).to_contain_text("调休上班")
    expect(page.get_by_test_id("day-2026-10-11")).to_contain_text("已关闭")
    saturday_nine = page.locator("td[data-start^='2026-10-10T09:00']")
    expect(saturday_nine).to_have_class(re.compile("cell-free"))
    expect(page.locator("td[data-start^='2026-10-05T09:00']")).to_have_class(
        re.compile("cell-closed")
    )

    # The university telephones: first it asks for 1 October, which the lab refuses.
    form = page.get_by_test_id("booking-form")
    form.get_by_label("日期").fill("2026-10-01")
    form.get_by_label("开始时间").fill("09:00")
    form.get_by_label("单位数").fill("2")
    form.get_by_label("客户：按任一名称或拼音在名录中搜索").fill("shanghai ligong")
    form.get_by_label(UNIVERSITY).check()
    form.get_by_role("button", name="预约", exact=True).click()
    expect(page.get_by_test_id("booking-form")).to_contain_text("2026-10-01不开放（国庆节）")
    assert Booking.objects.count() == 0

    # Then the 调休 Saturday, which is bookable; the university pays.
    form = page.get_by_test_id("booking-form")
    form.get_by_label("日期").fill("2026-10-10")
    form.get_by_label("开始时间").fill("09:00")
    form.get_by_label("单位数").fill("2")
    form.get_by_role("button", name="预约", exact=True).click()
    expect(page).to_have_url(re.compile(r"/lab/bookings/\d+/$"))
    expect(page.get_by_test_id("booking-status")).to_have_text("已确认")
    booking = Booking.objects.get()
    assert (booking.organisation, booking.customer_type) == (university, "member")

    # Saturday evening: the manager records two hours of use.
    clock("2026-10-10", 18)
    page.reload()
    page.get_by_label("实际使用分钟数").fill("120")
    page.get_by_role("button", name="记录使用").click()
    expect(page.get_by_test_id("fee")).to_contain_text("400 元")

    # The university has an innovation voucher; the manager records it.
    page.goto("/lab/statements/")
    voucher = page.locator("form").filter(has=page.get_by_label("客户机构"))
    voucher.get_by_label("客户机构").select_option(label=UNIVERSITY)
    voucher.get_by_label("发放单位").fill("嘉定区科学技术委员会")
    voucher.get_by_label("创新券编号").fill("JD-CXQ-2026-018")
    voucher.get_by_label("抵扣比例（%）").fill("50")
    voucher.get_by_label("额度（元）").fill("3000")
    voucher.get_by_label("生效日期").fill("2026-01-01")
    voucher.get_by_label("有效期至").fill("2026-12-31")
    voucher.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("vouchers")).to_contain_text("JD-CXQ-2026-018")

    # November: the manager issues October's statement of the lab's instruments.
    clock("2026-11-02", 9)
    page.goto("/lab/statements/")
    page.get_by_test_id("lab-statements").get_by_role("link", name="2026-10").click()
    expect(page.get_by_test_id("statement-lab")).to_contain_text(LAB)
    expect(page.get_by_test_id("statement-status")).to_have_text("预览，尚未出账")
    page.get_by_role("button", name="出账并扣减创新券余额").click()
    expect(page.get_by_test_id("statement-status")).to_have_text("已出账")
    expect(page.get_by_test_id("subtotal")).to_have_text("400 元")
    expect(page.get_by_test_id("voucher-amount")).to_have_text("−200 元")
    expect(page.get_by_test_id("total")).to_have_text("200 元")

    statement = Statement.objects.get()
    assert (statement.lab, statement.organisation, statement.total) == (
        microscope.organisation,
        university,
        Decimal("200.00"),
    )
    assert statement.issued_by == manager

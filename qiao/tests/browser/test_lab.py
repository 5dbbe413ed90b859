"""The shared lab in the browser: a start-up finds an instrument at another institution,
books it, the lab manager approves it and records the use, and the month's statement shows
the innovation voucher applied; in Chinese and in English.

Instruments, people and the voucher are made through the services; every step a person
takes is done in the browser. Between the approval and the use, time passes: the booking
is moved into the past month (as the clock would), since a booking can only be made for
the future and use can only be recorded once it has started.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.lab import services
from qiao.lab.models import Booking, Slot
from qiao.lab.tests.factories import make_equipment, next_monday

pytestmark = pytest.mark.browser

LAB = "上海嘉定区生物医药共享实验室平台"
STARTUP = "上海微创初芯医疗科技有限公司"


# Amounts as the money filter writes them for each reader: "300 元" in Chinese, "¥300" in English.
YUAN = {
    "zh-hans": {300: "300 元", 150: "150 元"},
    "en": {300: "¥300", 150: "¥150"},
}


def say(message: str, language: str) -> str:
    """The interface text of ``message`` in ``language``, as the catalogue has it."""
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def lab_world(db):
    operator = UserFactory(is_operator=True, is_staff=True, full_name="运营")
    lab = OrganisationFactory(name_zh=LAB, name_en="Jiading Shared Lab Platform")
    startup = OrganisationFactory(name_zh=STARTUP, name_en="Chuxin Medical")
    manager = make_member(lab, role=Membership.Role.ADMIN, full_name="实验室管理员")
    founder = make_member(startup, full_name="创业者")
    equipment = make_equipment(
        organisation=lab, by=operator, requires_approval=True, name_zh="激光共聚焦显微镜",
        name_en="Confocal laser scanning microscope",
    )  # fmt: skip
    services.grant_voucher(
        organisation=startup, granted_by=operator, issuer="嘉定区科学技术委员会",
        number="JD-CXQ-0001", share_percent=50, amount=Decimal("5000.00"),
        valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2040, 12, 31),
    )  # fmt: skip
    return operator, manager, founder, equipment, startup


def _move_into_last_month(booking: Booking) -> datetime.date:
    """Let time pass: the booking took place on the 10th of last month, same hours."""
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    start = timezone.localtime(booking.starts_at)
    moved = start.replace(year=last_month.year, month=last_month.month, day=10)
    shift = moved - start
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=booking.starts_at + shift, ends_at=booking.ends_at + shift
    )
    Slot.objects.filter(booking=booking).update(
        starts_at=booking.starts_at + shift, ends_at=booking.ends_at + shift
    )
    return last_month


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_startup_books_an_instrument_and_sees_the_bill_with_the_voucher(
    page, sign_in, live_server, lab_world, language
):
    operator, manager, founder, equipment, startup = lab_world
    monday = next_monday()

    def start_as(user):
        # A fresh session in the test's language (the language cookie survives sign-in).
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        sign_in(user)

    # The founder finds the microscope at another institution and books two hours.
    start_as(founder)
    page.goto("/lab/")
    page.get_by_role("searchbox").fill("共聚焦" if language == "zh-hans" else "confocal")
    results = page.locator("#results")
    expect(results.get_by_test_id("result-count")).to_contain_text("1")
    expect(results).to_contain_text(LAB if language == "zh-hans" else "Jiading Shared Lab Platform")
    results.get_by_role(
        "link", name=equipment.name_zh if language == "zh-hans" else equipment.name_en
    ).click()
    form = page.get_by_test_id("booking-form")
    form.get_by_label(say("Day", language)).fill(monday.isoformat())
    form.get_by_label(say("Start", language)).fill("10:00")
    form.get_by_label(say("Number of units", language)).fill("2")
    form.get_by_role("button", name=say("Book", language), exact=True).click()
    expect(page).to_have_url(re.compile(r"/lab/bookings/\d+/$"))
    expect(page.get_by_test_id("booking-status")).to_have_text(
        say("Waiting for approval", language)
    )
    booking = Booking.objects.get()

    # The lab manager approves it.
    start_as(manager)
    page.goto(f"/lab/bookings/{booking.pk}/")
    page.get_by_role("button", name=say("Approve", language)).click()
    expect(page.get_by_test_id("booking-status")).to_have_text(say("Confirmed", language))

    # The day comes and goes; the manager records 90 minutes of use.
    month = _move_into_last_month(booking)
    page.goto(f"/lab/bookings/{booking.pk}/")
    page.get_by_label(say("Minutes used", language)).fill("90")
    page.get_by_role("button", name=say("Record use", language)).click()
    expect(page.get_by_test_id("booking-status")).to_have_text(say("Used", language))
    expect(page.get_by_test_id("fee")).to_contain_text(YUAN[language][300])

    # The operator issues the month's statement; the voucher pays half.
    start_as(operator)
    page.goto(f"/lab/statements/{startup.pk}/{month.year}-{month.month}/")
    page.get_by_role(
        "button", name=say("Issue the statement and debit the vouchers", language)
    ).click()
    expect(page.get_by_test_id("statement-status")).to_have_text(say("Issued", language))

    # The founder sees the bill with the voucher applied.
    start_as(founder)
    page.goto("/lab/statements/")
    page.get_by_role("link", name=month.strftime("%Y-%m")).first.click()
    expect(page.get_by_test_id("statement-lines")).to_contain_text(say("Use", language))
    expect(page.get_by_test_id("subtotal")).to_have_text(YUAN[language][300])
    expect(page.get_by_test_id("voucher-amount")).to_have_text("−" + YUAN[language][150])
    expect(page.get_by_test_id("total")).to_have_text(YUAN[language][150])
    booking.refresh_from_db()
    assert (booking.status, booking.used_minutes, booking.fee) == (
        "completed",
        90,
        Decimal("300.00"),
    )

"""A partnering event in the browser, in Chinese: the organiser creates and opens it, two
members register and are approved, one asks the other for a meeting, the other accepts,
the organiser plans the meetings, and a participant prints the agenda and downloads the
ICS file; then the agenda in English."""

import re

import pytest
from playwright.sync_api import expect

from qiao.directory.tests.factories import OrganisationFactory
from qiao.events.models import Event, Meeting, MeetingRequest, Registration
from qiao.tests.browser.test_market import (  # noqa: F401  (fixtures)
    _tasks,
    bojie,
    doctor,
    engineer,
    hospital,
    operator,
    zh,
)

pytestmark = pytest.mark.browser

TITLE = "嘉定生物医药产业医工对接会"


def test_organiser_runs_an_event_to_printed_agendas(
    page, sign_in, operator, doctor, engineer, hospital, bojie, tmp_path
):
    xiegu = OrganisationFactory(name_zh="上海械谷创新医疗器械产业园", name_en="Shanghai Xiegu")

    # The organiser creates the event, generates the slots and publishes it.
    sign_in(operator)
    page.goto("/events/")
    page.get_by_test_id("new-event").click()
    page.get_by_label(zh("Organising organisation")).select_option(str(xiegu.pk))
    page.get_by_label(zh("kind")).select_option("matchmaking")
    page.get_by_label(zh("title (Chinese)")).fill(TITLE)
    page.get_by_label(zh("title (English)")).fill("Jiading biomedical partnering session")
    page.get_by_label(zh("first day")).fill("2026-12-03")
    page.get_by_label(zh("last day")).fill("2026-12-03")
    page.get_by_label(zh("venue (Chinese)")).fill("上海械谷")
    page.get_by_test_id("save-event").click()
    expect(page).to_have_url(re.compile(r"/events/\d+/manage/$"))
    event = Event.objects.get(title_zh=TITLE)
    page.get_by_test_id("generate-slots").click()
    expect(page.get_by_text(zh("%(count)d meeting slots.") % {"count": 7})).to_be_visible()
    page.get_by_test_id("status-published").click()
    expect(page.get_by_test_id("event-status")).to_have_text(zh("Published"))

    # Two members register, each for their own organisation.
    for person, organisation in ((doctor, hospital), (engineer, bojie)):
        page.context.clear_cookies()
        sign_in(person)
        page.goto("/events/")
        page.get_by_role("link", name=TITLE).click()
        page.get_by_label(zh("On behalf of")).select_option(str(organisation.pk))
        page.get_by_test_id("register").click()
        expect(page.get_by_test_id("registration-status")).to_have_text(zh("Awaiting approval"))

    # The organiser approves both.
    page.context.clear_cookies()
    sign_in(operator)
    page.goto(f"/events/{event.pk}/manage/")
    for person in (doctor, engineer):
        page.get_by_test_id(f"approve-{person.email}").click()
    expect(page.get_by_test_id("registrations").get_by_text(zh("Approved"))).to_have_count(2)
    assert Registration.objects.filter(event=event, status="approved").count() == 2

    # The doctor asks the engineer for a meeting, with a message.
    page.context.clear_cookies()
    sign_in(doctor)
    page.goto(f"/events/{event.pk}/")
    page.get_by_test_id("meetings-link").click()
    page.get_by_test_id(f"message-{engineer.email}").fill("想了解贵司的床旁快速检测平台")
    page.get_by_test_id(f"request-{engineer.email}").click()
    expect(page.get_by_text(zh("Your request was sent."))).to_be_visible()
    request = MeetingRequest.objects.get()

    # The engineer accepts.
    page.context.clear_cookies()
    sign_in(engineer)
    page.goto(f"/events/{event.pk}/meetings/")
    expect(page.get_by_test_id("received")).to_contain_text("想了解贵司的床旁快速检测平台")
    page.get_by_test_id(f"accept-{request.pk}").click()
    expect(page.get_by_test_id("received")).to_contain_text(zh("Accepted"))

    # The organiser plans the meetings and sees the board.
    page.context.clear_cookies()
    sign_in(operator)
    page.goto(f"/events/{event.pk}/board/")
    page.get_by_test_id("plan-meetings").click()
    meeting = Meeting.objects.get(event=event)
    expect(page.get_by_test_id(f"meeting-{meeting.pk}")).to_contain_text(hospital.name_zh)

    # The doctor opens the printable agenda and downloads the calendar file.
    page.context.clear_cookies()
    sign_in(doctor)
    page.goto(f"/events/{event.pk}/")
    page.get_by_test_id("agenda-link").click()
    agenda = page.get_by_test_id("agenda")
    expect(agenda).to_contain_text(engineer.full_name)
    expect(agenda).to_contain_text(bojie.name_zh)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-agenda")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(agenda).to_be_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-ics").click()
    path = tmp_path / "agenda.ics"
    download_info.value.save_as(path)
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    unfolded = text.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert meeting.slot.starts_at.strftime("%Y%m%dT%H%M%SZ") in unfolded
    assert engineer.full_name in unfolded

    # The same agenda in English.
    page.get_by_test_id("switch-language").click()
    expect(page.get_by_role("heading", name="My meetings")).to_be_visible()
    expect(page.get_by_test_id("download-ics")).to_have_text("Add to my calendar (ICS)")
    expect(page.get_by_test_id("agenda")).to_contain_text(engineer.full_name)

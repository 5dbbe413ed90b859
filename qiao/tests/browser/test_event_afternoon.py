"""An alliance's partnering afternoon in the browser, in Chinese, from set-up to the event
report: the alliance's admin (an organiser, not an operator) sets up types, who may ask whom
and the programme (correcting a session), approves registrations in bulk; a hospital's
doctor asks a recommended company engineer with one click; the meeting is planned,
announced, held and turned into an introduction the organiser then follows; every agenda
prints a page each, and the report counts it all."""

import re

import pytest
from playwright.sync_api import expect

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member, term
from qiao.events import services
from qiao.events.models import Event, Meeting, MeetingRequest, Registration, Session
from qiao.inbox.models import Notification
from qiao.taxonomy.models import Vocabulary
from qiao.tests.browser.test_accessibility import UNLABELLED_CONTROLS_JS
from qiao.tests.browser.test_market import (  # noqa: F401  (fixtures)
    _tasks,
    bojie,
    doctor,
    engineer,
    hospital,
    zh,
)

pytestmark = pytest.mark.browser

TITLE = "长三角医疗器械联盟医企对接下午场"


def test_an_alliance_runs_a_partnering_afternoon_to_its_report(
    page, sign_in, doctor, engineer, hospital, bojie
):
    alliance = OrganisationFactory(
        name_zh="长三角医疗器械产业联盟",
        name_en="Yangtze Delta Medical Device Alliance",
        kind=term(Vocabulary.ORGANISATION_KIND, "alliance"),
    )
    admin = make_member(alliance, role=Membership.Role.ADMIN, full_name="联盟秘书处")

    # Set-up: the event, its slots, two types, who may ask whom, a session corrected.
    sign_in(admin)
    page.goto("/events/")
    page.get_by_test_id("new-event").click()
    page.get_by_label(zh("Organising organisation")).select_option(str(alliance.pk))
    page.get_by_label(zh("kind")).select_option("matchmaking")
    page.get_by_label(zh("title (Chinese)")).fill(TITLE)
    page.get_by_label(zh("first day")).fill("2026-12-03")
    page.get_by_label(zh("last day")).fill("2026-12-03")
    page.get_by_label(zh("venue (Chinese)")).fill("嘉定菊园")
    page.get_by_test_id("save-event").click()
    expect(page).to_have_url(re.compile(r"/events/\d+/manage/$"))
    event = Event.objects.get(title_zh=TITLE)
    page.get_by_test_id("generate-slots").click()
    for name in ("企业", "医院"):
        page.locator("#id_type-name_zh").fill(name)
        page.locator("form:has(#id_type-name_zh) button[type=submit]").click()
        expect(page.get_by_test_id("types")).to_contain_text(name)
    page.get_by_test_id("ask-医院-企业").check()
    page.get_by_test_id("ask-企业-医院").check()
    page.get_by_test_id("save-rule-table").click()
    expect(page.get_by_test_id("ask-医院-企业")).to_be_checked()
    expect(page.get_by_test_id("ask-企业-企业")).not_to_be_checked()
    expect(page.get_by_test_id("rules-meaning")).to_be_visible()

    page.locator("#id_session-title_zh").fill("开幕")
    page.locator("#id_session-starts_at").fill("2026-12-04T13:30")  # the day after: refused
    page.locator("#id_session-ends_at").fill("2026-12-04T13:50")
    page.locator("form:has(#id_session-title_zh) button[type=submit]").click()
    expect(page.locator(".messages, [role=alert]").first).to_contain_text("2026-12-03")
    assert not Session.objects.filter(event=event).exists()
    page.locator("#id_session-starts_at").fill("2026-12-03T13:30")
    page.locator("#id_session-ends_at").fill("2026-12-03T13:50")
    page.locator("form:has(#id_session-title_zh) button[type=submit]").click()
    session = Session.objects.get(event=event)
    page.get_by_test_id(f"edit-session-{session.pk}").locator("summary").click()
    page.locator(f"#id_session-{session.pk}-title_zh").fill("开幕致辞")
    page.get_by_test_id(f"save-session-{session.pk}").click()
    expect(page.get_by_test_id("sessions")).to_contain_text("开幕致辞")
    page.get_by_test_id("status-published").click()
    expect(page.get_by_test_id("event-status")).to_have_text(zh("Published"))

    # The doctor (a hospital) and the engineer (a company) register; profiles say what
    # each seeks and offers.
    for person, organisation, kind in ((doctor, hospital, "医院"), (engineer, bojie, "企业")):
        page.context.clear_cookies()
        sign_in(person)
        page.goto(f"/events/{event.pk}/")
        page.get_by_label(zh("On behalf of")).select_option(str(organisation.pk))
        page.get_by_label(zh("I take part as")).select_option(label=kind)
        page.get_by_test_id("register").click()
        expect(page.get_by_test_id("registration-status")).to_have_text(zh("Awaiting approval"))
    services.save_profile(user=doctor, seeking="寻找脓毒症病原体床旁快速检测技术")
    services.save_profile(user=engineer, offering="脓毒症病原体床旁快速检测，三十分钟出结果")
    assert (
        Notification.objects.filter(recipient=admin, notice="events.registration_received")
        .get()
        .count
        == 2
    )

    # The organiser approves both at once.
    page.context.clear_cookies()
    sign_in(admin)
    page.goto(f"/events/{event.pk}/manage/")
    page.get_by_test_id(f"tick-{doctor.email}").check()
    page.get_by_test_id(f"tick-{engineer.email}").check()
    page.get_by_test_id("bulk-approve").click()
    expect(page.get_by_test_id("registrations").get_by_text(zh("Approved"))).to_have_count(2)
    assert Registration.objects.filter(event=event, status="approved").count() == 2

    # The doctor asks the recommended engineer with one click; the engineer accepts.
    page.context.clear_cookies()
    sign_in(doctor)
    page.goto(f"/events/{event.pk}/meetings/")
    expect(page.get_by_test_id("recommendations")).to_contain_text(engineer.full_name)
    page.get_by_test_id(f"ask-recommended-{engineer.email}").click()
    expect(page.get_by_text(zh("Your request was sent."))).to_be_visible()
    request = MeetingRequest.objects.get(event=event)
    page.context.clear_cookies()
    sign_in(engineer)
    page.goto(f"/events/{event.pk}/meetings/")
    page.get_by_test_id(f"accept-{request.pk}").click()
    expect(page.get_by_test_id("received")).to_contain_text(zh("Accepted"))

    # The organiser plans, announces, marks it held and turns it into an introduction.
    page.context.clear_cookies()
    sign_in(admin)
    page.goto(f"/events/{event.pk}/board/")
    page.get_by_test_id("plan-meetings").click()
    meeting = Meeting.objects.get(event=event)
    expect(page.get_by_test_id(f"meeting-{meeting.pk}")).to_contain_text(hospital.name_zh)
    page.get_by_test_id("announce-meetings").click()
    page.get_by_test_id(f"status-{meeting.pk}").select_option("held")
    page.get_by_test_id(f"mark-{meeting.pk}").click()
    page.get_by_test_id("introduce-meetings").click()
    meeting.refresh_from_db()
    assert meeting.introduction_id is not None

    # Held: neither side can withdraw it any more.
    page.context.clear_cookies()
    sign_in(doctor)
    page.goto(f"/events/{event.pk}/meetings/")
    expect(page.get_by_test_id(f"final-{request.pk}")).to_be_visible()
    expect(page.get_by_test_id(f"withdraw-{request.pk}")).to_have_count(0)

    # The organiser follows the introduction, prints every agenda and reads the report.
    page.context.clear_cookies()
    sign_in(admin)
    page.goto("/pipeline/introductions/")
    expect(page.locator("main")).to_contain_text(bojie.name_zh)
    page.goto(f"/pipeline/introductions/{meeting.introduction_id}/")
    expect(page.locator("main")).to_contain_text(hospital.name_zh)
    page.goto(f"/events/{event.pk}/agendas/print/")
    expect(page.locator(".agenda-page")).to_have_count(2)
    page.emulate_media(media="print")
    breaks = page.locator(".agenda-page").first.evaluate("e => getComputedStyle(e).breakAfter")
    assert breaks == "page"
    page.emulate_media(media="screen")
    page.goto(f"/events/{event.pk}/report/")
    figures = page.get_by_test_id("report-figures")
    expect(figures.locator("tr", has_text=zh("Meetings held"))).to_contain_text("1")
    expect(figures.locator("tr", has_text=zh("Introductions from held meetings"))).to_contain_text(
        "1"
    )
    expect(page.get_by_test_id("report-introductions")).to_contain_text(bojie.name_zh)
    with page.expect_download() as download:
        page.get_by_test_id("report-xlsx").click()
    assert download.value.suggested_filename == f"event-{event.pk}-report.xlsx"
    # Nothing on the pages scrolls sideways on a phone.
    page.set_viewport_size({"width": 390, "height": 800})
    for url in (
        f"/events/{event.pk}/manage/",
        f"/events/{event.pk}/board/",
        f"/events/{event.pk}/report/",
        f"/events/{event.pk}/agendas/print/",
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
        assert page.evaluate(UNLABELLED_CONTROLS_JS) == [], url

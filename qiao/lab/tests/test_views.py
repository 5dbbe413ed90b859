"""The lab's pages: catalogue, calendar privacy, booking forms, permissions, files, feeds."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from qiao.lab import services
from qiao.lab.models import Booking, EquipmentPhoto
from qiao.lab.services import billing as billing_services
from qiao.lab.tests.factories import at, make_equipment, next_monday
from qiao.market.models import Kind, Listing

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def microscope(organisation, operator, org_admin):
    return make_equipment(organisation=organisation, by=operator)


@pytest.fixture
def monday():
    return next_monday()


def book(equipment, user, organisation, start, units=1):
    return services.book_equipment(
        equipment=equipment, booked_by=user, organisation=organisation, starts_at=start, units=units
    )


def test_catalogue_lists_bookable_instruments_across_institutions(
    client, microscope, other_organisation, operator
):
    make_equipment(organisation=other_organisation, by=operator, name_zh="流式细胞仪",
                   name_en="Flow cytometer", category="cell")  # fmt: skip
    make_equipment(by=operator, name_zh="未发布的质谱仪", status="draft")

    response = client.get("/lab/")

    names = [e.name_zh for e in response.context["page"].object_list]
    assert names == ["流式细胞仪", "激光共聚焦显微镜"]


@pytest.mark.parametrize("query", ["共聚焦", "confocal", "xianweijing", "显微镜"])
def test_catalogue_search_finds_chinese_english_and_pinyin(client, microscope, operator, query):
    make_equipment(by=operator, name_zh="流式细胞仪", name_en="Flow cytometer", category="cell")

    response = client.get("/lab/", {"q": query})

    assert [e.pk for e in response.context["page"].object_list] == [microscope.pk]


def test_catalogue_filters_by_rules_and_category(client, microscope, operator):
    trained = make_equipment(
        by=operator, name_zh="电镜", category="imaging", requires_training=True
    )

    assert [e.pk for e in client.get("/lab/", {"no_training": "on"}).context["page"]] == [
        microscope.pk
    ]
    assert client.get("/lab/", {"category": "cell"}).context["page"].paginator.count == 0
    assert trained.pk in [
        e.pk for e in client.get("/lab/", {"category": "imaging"}).context["page"]
    ]


def test_calendar_shows_taken_time_but_never_who_took_it(
    client_of, microscope, other_member, other_organisation, member, monday
):
    booking = book(microscope, other_member, other_organisation, at(monday, 9))

    page = client_of(member).get(f"/lab/equipment/{microscope.pk}/", {"week": monday.isoformat()})
    html = page.content.decode()

    assert page.status_code == 200
    cells = {c.starts_at: c for _label, row in page.context["week"].rows for c in row}
    assert cells[at(monday, 9)].state == "taken"
    assert cells[at(monday, 9)].booking_id is None
    assert cells[at(monday, 10)].state == "free"
    assert other_member.email not in html and other_member.get_short_name() not in html
    assert f"/lab/bookings/{booking.pk}/" not in html
    # The booker sees their own booking linked.
    mine = client_of(other_member).get(
        f"/lab/equipment/{microscope.pk}/", {"week": monday.isoformat()}
    )
    assert f"/lab/bookings/{booking.pk}/" in mine.content.decode()


def test_calendar_pages_through_weeks_with_htmx(client, microscope, monday):
    response = client.get(
        f"/lab/equipment/{microscope.pk}/",
        {"week": (monday + datetime.timedelta(days=9)).isoformat()},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="calendar",
    )

    assert [t.name for t in response.templates] == ["lab/partials/week.html"]
    assert response.context["week"].monday == monday + datetime.timedelta(days=7)
    assert len(response.context["week"].rows) == 12  # 08:00 to 20:00 by the hour


def test_member_books_through_the_form(
    client_of, microscope, other_member, other_organisation, monday
):
    response = client_of(other_member).post(
        f"/lab/equipment/{microscope.pk}/book/",
        {"day": monday.isoformat(), "start": "10:00", "units": "2", "weeks": "1",
         "organisation": other_organisation.pk, "purpose": "细胞成像"},
    )  # fmt: skip

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lab/bookings/{booking.pk}/"
    assert (booking.starts_at, booking.ends_at) == (at(monday, 10), at(monday, 12))
    assert booking.status == "confirmed"


def test_refused_booking_explains_in_chinese_and_saves_nothing(
    client_of, organisation, operator, other_member, other_organisation, monday
):
    equipment = make_equipment(organisation=organisation, by=operator, requires_training=True)

    response = client_of(other_member).post(
        f"/lab/equipment/{equipment.pk}/book/",
        {"day": monday.isoformat(), "start": "10:00", "units": "1", "weeks": "1",
         "organisation": other_organisation.pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip

    assert response.status_code == 200
    errors = response.context["booking_form"].non_field_errors()
    assert len(errors) == 1 and "培训" in errors[0]
    assert Booking.objects.count() == 0


def test_refused_booking_explains_in_english(
    client_of, organisation, operator, other_member, other_organisation, monday
):
    equipment = make_equipment(organisation=organisation, by=operator, requires_training=True)
    client = client_of(other_member)
    client.cookies["django_language"] = "en"

    response = client.post(
        f"/lab/equipment/{equipment.pk}/book/",
        {"day": monday.isoformat(), "start": "10:00", "units": "1", "weeks": "1",
         "organisation": other_organisation.pk},
    )  # fmt: skip

    assert "may only be booked by trained users" in response.content.decode()


def test_weekly_series_from_the_form(
    client_of, microscope, other_member, other_organisation, monday
):
    client_of(other_member).post(
        f"/lab/equipment/{microscope.pk}/book/",
        {"day": monday.isoformat(), "start": "09:00", "units": "1", "weeks": "4",
         "organisation": other_organisation.pk},
    )  # fmt: skip

    starts = list(Booking.objects.values_list("starts_at", flat=True))
    assert starts == [at(monday + datetime.timedelta(weeks=w), 9) for w in range(4)]


@pytest.mark.parametrize(
    ("who", "status"),
    [("booker", 200), ("manager", 200), ("operator", 200), ("own_member", 404),
     ("stranger", 404), ("anonymous", 302)],
)  # fmt: skip
def test_booking_page_permission_matrix(
    client_of, microscope, other_member, other_organisation, org_admin, operator, member,
    outsider, monday, who, status,
):  # fmt: skip
    booking = book(microscope, other_member, other_organisation, at(monday, 9))
    users = {"booker": other_member, "manager": org_admin, "operator": operator,
             "own_member": member, "stranger": outsider, "anonymous": None}  # fmt: skip

    response = client_of(users[who]).get(f"/lab/bookings/{booking.pk}/")

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("manager", 200), ("operator", 200),
                                             ("own_member", 404), ("other_admin", 404)])  # fmt: skip
def test_only_lab_managers_edit_an_instrument(
    client_of, microscope, org_admin, operator, member, other_admin, who, status
):
    users = {"manager": org_admin, "operator": operator, "own_member": member,
             "other_admin": other_admin}  # fmt: skip

    assert client_of(users[who]).get(f"/lab/equipment/{microscope.pk}/edit/").status_code == status


def test_manager_creates_an_instrument_and_bad_input_saves_nothing(
    client_of, org_admin, organisation
):
    client = client_of(org_admin)
    fields = {"organisation": organisation.pk, "name_zh": "荧光定量PCR仪", "kind": "instrument",
              "category": "molecular", "location": "A栋2楼", "unit_minutes": "60", "min_units": "1",
              "max_units": "4", "opens_at": "08:00", "closes_at": "18:00", "rate_own": "50",
              "rate_member": "80", "rate_external": "150", "cancel_deadline_hours": "24",
              "cancel_fee_percent": "50", "no_show_fee_percent": "100"}  # fmt: skip

    bad = client.post("/lab/equipment/new/", {**fields, "min_units": "5"})
    assert bad.status_code == 200
    assert "最长预约短于最短预约。" in bad.content.decode()
    assert organisation.equipment.count() == 0
    response = client.post("/lab/equipment/new/", fields)

    equipment = organisation.equipment.get()
    assert response["Location"] == f"/lab/equipment/{equipment.pk}/"
    assert (equipment.status, equipment.rate_member) == ("draft", Decimal("80.00"))


def test_manager_approves_a_request(
    client_of, organisation, operator, org_admin, other_member, other_organisation, monday
):
    equipment = make_equipment(organisation=organisation, by=operator, requires_approval=True)
    booking = book(equipment, other_member, other_organisation, at(monday, 9))

    client_of(other_member).post(f"/lab/bookings/{booking.pk}/approve/")
    booking.refresh_from_db()
    assert booking.status == "pending"  # the booker may not approve their own request
    client_of(org_admin).post(f"/lab/bookings/{booking.pk}/approve/")
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_photo_is_checked_stored_under_a_random_name_and_served(
    client_of, microscope, org_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_of(org_admin)

    client.post(
        f"/lab/equipment/{microscope.pk}/photos/",
        {"file": SimpleUploadedFile("显微镜.png", PNG, content_type="image/png")},
    )
    client.post(
        f"/lab/equipment/{microscope.pk}/photos/",
        {"file": SimpleUploadedFile("fake.png", b"MZ\x90\x00 not an image")},
    )

    photo = EquipmentPhoto.objects.get()
    assert photo.original_name == "显微镜.png"
    assert "显微镜" not in photo.file.name and photo.file.name.endswith(".png")
    served = client_of(None).get(f"/lab/equipment/{microscope.pk}/photos/{photo.pk}/")
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG


def test_equipment_feed_is_public_safe_and_personal_feed_needs_the_token(
    client_of, microscope, other_member, other_organisation, monday
):
    from icalendar import Calendar

    book(microscope, other_member, other_organisation, at(monday, 9))
    feed = client_of(None).get(f"/lab/equipment/{microscope.pk}/calendar.ics")

    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [(e.decoded("dtstart"), str(e["summary"])) for e in events] == [
        (at(monday, 9), "已预约")
    ]
    assert other_member.email.encode() not in feed.content

    client = client_of(other_member)
    client.get("/lab/bookings/", {"feed": "new"})
    url = client.get("/lab/bookings/").context["feed_url"]
    personal = client_of(None).get(url.removeprefix("http://testserver"))
    events = Calendar.from_ical(personal.content).walk("VEVENT")
    assert len(events) == 1 and "激光共聚焦显微镜" in str(events[0]["summary"])
    assert client_of(None).get("/lab/feeds/not-a-token.ics").status_code == 404


def test_statement_page_and_excel_for_the_billed_organisation_only(
    client_of, microscope, org_admin, operator, other_member, other_organisation, member,
    monkeypatch,
):  # fmt: skip
    monkeypatch.setattr(billing_services, "current_time", lambda: at("2031-04-02", 9))
    day = datetime.date(2031, 3, 10)
    booking = services.book_equipment(
        equipment=microscope, booked_by=other_member, organisation=other_organisation,
        starts_at=at(day, 9), units=2, now=at(day, 8),
    )  # fmt: skip
    services.record_usage(booking=booking, minutes=120, recorded_by=org_admin, now=at(day, 12))
    services.grant_voucher(
        organisation=other_organisation, granted_by=operator, issuer="嘉定区科委", number="V1",
        share_percent=50, amount=Decimal("1000"), valid_from=datetime.date(2031, 1, 1),
        valid_until=datetime.date(2031, 12, 31),
    )  # fmt: skip
    url = f"/lab/statements/{other_organisation.pk}/2031-3/"

    page = client_of(other_member).get(url)
    assert (page.context["draft"].subtotal, page.context["draft"].total) == (
        Decimal("400.00"),
        Decimal("200.00"),
    )
    assert client_of(member).get(url).status_code == 404
    client_of(operator).post(url)
    export = client_of(other_member).get(f"/lab/statements/{other_organisation.pk}/2031-3.xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[2][1] == "已出账"
    assert rows[-1][:2] == ("应付金额（元）", 200)
    assert ("创新券 V1（嘉定区科委）", -200) in [row[:2] for row in rows]


def test_equipment_offer_is_listed_in_the_market_and_links_back(client, microscope):
    listing = microscope.listing

    assert (listing.kind, listing.side, listing.status) == (Kind.EQUIPMENT, "offer", "published")
    assert listing.organisation == microscope.organisation
    page = client.get(f"/market/{listing.pk}/").content.decode()
    assert f'href="/lab/equipment/{microscope.pk}/"' in page


def test_manager_published_instrument_waits_for_the_operators_review(
    organisation, org_admin, operator
):
    equipment = make_equipment(organisation=organisation, by=org_admin)

    assert equipment.listing.status == Listing.Status.UNDER_REVIEW
    services.change_equipment_status(equipment=equipment, status="retired", changed_by=org_admin)
    equipment.listing.refresh_from_db()
    assert equipment.listing.status == Listing.Status.CLOSED


def test_catalogue_and_detail_query_counts(
    client_of, microscope, operator, other_member, other_organisation, monday,
    django_assert_max_num_queries,
):  # fmt: skip
    for i in range(10):
        make_equipment(by=operator, name_zh=f"显微镜{i}")
    for hour in range(9, 15):
        book(microscope, other_member, other_organisation, at(monday, hour))
    client = client_of(other_member)
    client.get("/lab/")
    with django_assert_max_num_queries(8):
        assert client.get("/lab/", {"q": "显微镜"}).status_code == 200
    with django_assert_max_num_queries(16):
        assert (
            client.get(f"/lab/equipment/{microscope.pk}/", {"week": monday.isoformat()}).status_code
            == 200
        )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("qPCR", ["实时荧光定量PCR仪"]),
        ("荧光定量PCR", ["实时荧光定量PCR仪"]),
        ("real-time PCR", ["实时荧光定量PCR仪"]),
        ("流式细胞仪", ["流式细胞分析仪"]),
        ("flow cytometry", ["流式细胞分析仪"]),
    ],
)
def test_catalogue_search_uses_the_matching_glossary(client, microscope, operator, query, expected):
    # 仪器名各不相同：qPCR = 荧光定量 PCR = real-time PCR；流式细胞仪 ≈ 流式细胞分析仪。
    make_equipment(by=operator, name_zh="实时荧光定量PCR仪", name_en="Thermal cycler",
                   category="molecular")  # fmt: skip
    make_equipment(by=operator, name_zh="流式细胞分析仪", name_en="Cell analyser",
                   category="cell")  # fmt: skip

    response = client.get("/lab/", {"q": query})

    assert [e.name_zh for e in response.context["page"].object_list] == expected

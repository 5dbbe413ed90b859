"""The lab manager's desk: their lab's statements, vouchers for customers, usage and revenue."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from qiao.directory.tests.factories import OrganisationFactory
from qiao.lab import services
from qiao.lab.models import Statement, Voucher
from qiao.lab.reports import lab_report
from qiao.lab.tests.factories import at, make_equipment

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 3, 10)
MARCH = datetime.date(2031, 3, 1)


@pytest.fixture(autouse=True)
def _english_after_march(monkeypatch):
    monkeypatch.setattr("qiao.lab.clock.now", lambda: at("2031-04-02", 9))
    with translation.override("en"):
        yield


@pytest.fixture
def two_labs(organisation, operator, org_admin, other_member, other_organisation):
    """The start-up used the manager's microscope (3 h) and another lab's cytometer (2 h)."""
    elsewhere = OrganisationFactory(name_zh="张江共享平台")
    microscope = make_equipment(organisation=organisation, by=operator)
    cytometer = make_equipment(organisation=elsewhere, by=operator, name_zh="流式细胞仪")
    for equipment, units in ((microscope, 3), (cytometer, 2)):
        booking = services.book_equipment(
            equipment=equipment, booked_by=other_member, organisation=other_organisation,
            starts_at=at(DAY, 9), units=units, now=at("2031-03-01", 8),
        )  # fmt: skip
        services.record_usage(
            booking=booking, minutes=units * 60, recorded_by=operator, now=at(DAY, 20)
        )
    return microscope, cytometer, elsewhere


def test_manager_issues_the_statement_of_their_instruments_only(
    two_labs, organisation, org_admin, other_organisation
):
    services.grant_voucher(
        organisation=other_organisation, granted_by=org_admin, issuer="嘉定区科委",
        number="JD-1", share_percent=50, amount=Decimal("1000.00"),
        valid_from=datetime.date(2031, 1, 1), valid_until=datetime.date(2031, 12, 31),
    )  # fmt: skip

    statement = services.issue_statement(
        organisation=other_organisation, month=MARCH, issued_by=org_admin, lab=organisation
    )

    assert (statement.lab, statement.subtotal, statement.voucher_total, statement.total) == (
        organisation,
        Decimal("600.00"),
        Decimal("300.00"),
        Decimal("300.00"),
    )
    assert [line.booking.equipment for line in statement.lines.all()] == [two_labs[0]]
    assert Voucher.objects.get().balance == Decimal("700.00")


def test_manager_may_not_issue_another_labs_or_the_all_labs_statement(
    two_labs, org_admin, other_organisation
):
    _microscope, _cytometer, elsewhere = two_labs
    with pytest.raises(PermissionDenied):
        services.issue_statement(
            organisation=other_organisation, month=MARCH, issued_by=org_admin, lab=elsewhere
        )
    with pytest.raises(PermissionDenied):
        services.issue_statement(organisation=other_organisation, month=MARCH, issued_by=org_admin)
    assert Statement.objects.count() == 0


def test_the_operators_statement_bills_what_the_labs_left(
    two_labs, organisation, operator, org_admin, other_organisation
):
    services.issue_statement(
        organisation=other_organisation, month=MARCH, issued_by=org_admin, lab=organisation
    )

    rest = services.issue_statement(
        organisation=other_organisation, month=MARCH, issued_by=operator
    )

    assert rest.subtotal == Decimal("400.00")
    assert [line.booking.equipment for line in rest.lines.all()] == [two_labs[1]]


def test_manager_records_vouchers_only_for_their_customers(two_labs, org_admin, other_organisation):
    stranger = OrganisationFactory(name_zh="无关公司")

    with pytest.raises(PermissionDenied):
        services.grant_voucher(
            organisation=stranger, granted_by=org_admin, issuer="x", number="X-1",
            share_percent=10, amount=Decimal("1"), valid_from=DAY, valid_until=DAY,
        )  # fmt: skip
    assert Voucher.objects.count() == 0


def test_manager_sees_the_statement_page_of_a_customer(
    client_of, two_labs, organisation, org_admin, other_organisation
):
    url = f"/lab/statements/{other_organisation.pk}/2031-3/"

    own = client_of(org_admin).get(url, {"lab": organisation.pk})
    other_lab = client_of(org_admin).get(url, {"lab": two_labs[2].pk})
    all_labs = client_of(org_admin).get(url)

    assert own.status_code == 200
    assert own.context["draft"].subtotal == Decimal("600.00")
    assert own.context["may_issue"] is True
    assert "流式细胞仪" not in own.content.decode()
    assert (other_lab.status_code, all_labs.status_code) == (404, 404)


def test_manager_issues_from_the_page(
    client_of, two_labs, organisation, org_admin, other_organisation
):
    url = f"/lab/statements/{other_organisation.pk}/2031-3/"

    response = client_of(org_admin).post(url, {"lab": organisation.pk})

    assert response.status_code == 302
    assert response["Location"].endswith(f"?lab={organisation.pk}")
    assert Statement.objects.get().lab == organisation


def test_customer_member_sees_the_labs_statement_others_do_not(
    client_of, two_labs, organisation, other_member, other_admin, outsider
):
    url = f"/lab/statements/{other_member.memberships.get().organisation_id}/2031-3/"

    assert client_of(other_member).get(url, {"lab": organisation.pk}).status_code == 200
    assert client_of(outsider).get(url, {"lab": organisation.pk}).status_code == 404
    assert client_of(outsider).get(url, {"lab": "x"}).status_code == 404


def test_report_by_instrument_and_customer(two_labs, organisation, other_organisation):
    with translation.override("en"):
        report = lab_report(lab=organisation, year=2031)

    assert [(r.month, r.name, r.bookings, r.hours_booked, r.hours_used, r.revenue)
            for r in report.by_equipment] == [
        (MARCH, "Confocal laser scanning microscope", 1, Decimal("3.0"), Decimal("3.0"),
         Decimal("600.00")),
    ]  # fmt: skip
    assert [(r.name, r.revenue) for r in report.by_customer] == [
        (other_organisation.name, Decimal("600.00"))
    ]


def test_report_page_and_excel(client_of, two_labs, organisation, org_admin, other_member):
    page = client_of(org_admin).get("/lab/report/", {"lab": organisation.pk, "year": 2031})
    export = client_of(org_admin).get("/lab/report.xlsx", {"lab": organisation.pk, "year": 2031})
    foreign = client_of(org_admin).get("/lab/report/", {"lab": two_labs[2].pk, "year": 2031})
    member = client_of(other_member).get("/lab/report/")

    assert page.status_code == 200
    assert page.context["report"].revenue == Decimal("600.00")
    book = load_workbook(io.BytesIO(export.content))
    assert len(book.sheetnames) == 2
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[2][:2] == ("2031-03", "激光共聚焦显微镜")
    assert rows[2][5] == 600
    assert (foreign.status_code, member.status_code) == (404, 404)


def _booking_post(day: str, **extra) -> dict:
    return {"day": day, "start": "09:00", "units": "1", "weeks": "1", "purpose": "", **extra}


def test_manager_books_for_a_new_visitor_organisation(client_of, organisation, operator, org_admin):
    microscope = make_equipment(organisation=organisation, by=operator)

    response = client_of(org_admin).post(
        f"/lab/equipment/{microscope.pk}/book/",
        _booking_post("2031-04-14", new_customer="苏州某医疗器械有限公司"),
    )

    from qiao.directory.models import Organisation
    from qiao.lab.models import Booking

    visitor = Organisation.objects.get(name_zh="苏州某医疗器械有限公司")
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.organisation, booking.customer_type) == (visitor, "external")
    assert visitor.visibility == Organisation.Visibility.MEMBERS


def test_a_refused_booking_leaves_no_visitor_behind(client_of, organisation, operator, org_admin):
    microscope = make_equipment(organisation=organisation, by=operator)

    response = client_of(org_admin).post(
        f"/lab/equipment/{microscope.pk}/book/",
        _booking_post("2031-04-14", start="07:00", new_customer="苏州某医疗器械有限公司"),
    )

    from qiao.directory.models import Organisation

    assert response.status_code == 200
    assert not Organisation.objects.filter(name_zh="苏州某医疗器械有限公司").exists()


def test_customer_search_finds_by_pinyin_for_managers_only(
    client_of, two_labs, organisation, org_admin, other_member, other_organisation
):
    from qiao.directory.services import update_organisation

    update_organisation(organisation=other_organisation, by=None, data={"name_zh": "上海理工大学"})
    url = f"/lab/equipment/{two_labs[0].pk}/customers/"

    found = client_of(org_admin).get(url, {"customer_search": "shanghai ligong"})
    refused = client_of(other_member).get(url, {"customer_search": "shanghai ligong"})

    assert [o.pk for o in found.context["organisations"]] == [other_organisation.pk]
    assert refused.status_code == 404


def test_manager_booking_bills_their_own_lab_by_default(
    client_of, two_labs, organisation, org_admin
):
    page = client_of(org_admin).get(f"/lab/equipment/{two_labs[0].pk}/")

    assert page.context["booking_form"]["organisation"].value() == organisation.pk

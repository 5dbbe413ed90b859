"""Statements per organisation and month, and innovation vouchers paying a share of them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qiao.lab import services
from qiao.lab.models import Statement, Voucher
from qiao.lab.services import billing as billing_services
from qiao.lab.tests.factories import at, make_equipment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


DAY = datetime.date(2031, 3, 10)
MARCH = datetime.date(2031, 3, 1)
BEFORE = at("2031-03-01", 8)


@pytest.fixture(autouse=True)
def _after_march(monkeypatch):
    """Bookings are made in the future (2031); statements are issued as if March has ended."""
    monkeypatch.setattr(billing_services, "current_time", lambda: at("2031-04-02", 9))


@pytest.fixture
def microscope(organisation, operator, org_admin):
    return make_equipment(organisation=organisation, by=operator)


@pytest.fixture
def used(microscope, org_admin, other_member, other_organisation):
    """Three bookings of the start-up in March: used 3 h, a no-show of 1 h, a late cancellation."""

    def book(hour, units):
        return services.book_equipment(
            equipment=microscope,
            booked_by=other_member,
            organisation=other_organisation,
            starts_at=at(DAY, hour),
            units=units,
            now=BEFORE,
        )

    after = at(DAY, 20)
    use, absent, late = book(9, 3), book(13, 1), book(15, 2)
    services.record_usage(booking=use, minutes=180, recorded_by=org_admin, now=after)
    services.mark_no_show(booking=absent, marked_by=org_admin, now=after)
    services.cancel_booking(booking=late, cancelled_by=other_member, now=at(DAY, 10))
    return use, absent, late


def voucher(organisation, operator, *, share=50, amount="500.00", number="JD-2031-001"):
    return services.grant_voucher(
        organisation=organisation,
        granted_by=operator,
        issuer="嘉定区科学技术委员会",
        number=number,
        share_percent=share,
        amount=Decimal(amount),
        valid_from=datetime.date(2031, 1, 1),
        valid_until=datetime.date(2031, 12, 31),
    )


def test_preview_bills_use_no_show_and_late_cancellation(used, other_organisation):
    draft = services.compute_statement(organisation=other_organisation, month=MARCH)

    # 3 h × 200 + 1 h no-show at 100 % + 2 h cancelled late at 50 %.
    assert [(line.kind, line.amount) for line in draft.lines] == [
        ("usage", Decimal("600.00")),
        ("no_show", Decimal("200.00")),
        ("cancellation", Decimal("200.00")),
    ]
    assert draft.subtotal == Decimal("1000.00")
    assert draft.voucher_uses == []
    assert draft.issued is None


def test_voucher_covers_its_share_up_to_its_balance(used, other_organisation, operator):
    voucher(other_organisation, operator, share=50, amount="300.00")

    draft = services.compute_statement(organisation=other_organisation, month=MARCH)

    # 50 % of 1000 would be 500; the balance is 300.
    assert draft.voucher_total == Decimal("300.00")
    assert draft.total == Decimal("700.00")


def test_issuing_applies_vouchers_and_debits_their_balance(used, other_organisation, operator):
    first = voucher(other_organisation, operator, share=50, amount="2000.00")

    statement = services.issue_statement(
        organisation=other_organisation, month=MARCH, issued_by=operator
    )

    assert (statement.subtotal, statement.voucher_total, statement.total) == (
        Decimal("1000.00"),
        Decimal("500.00"),
        Decimal("500.00"),
    )
    assert statement.lines.count() == 3
    first.refresh_from_db()
    assert first.balance == Decimal("1500.00")
    # Issued means final: the same figures come back, and nothing is billed twice.
    again = services.compute_statement(organisation=other_organisation, month=MARCH)
    assert again.issued == statement
    assert again.total == Decimal("500.00")
    april = services.compute_statement(
        organisation=other_organisation, month=datetime.date(2031, 4, 1)
    )
    assert april.lines == []
    with pytest.raises(ValidationError, match="already been issued"):
        services.issue_statement(organisation=other_organisation, month=MARCH, issued_by=operator)


def test_second_voucher_pays_its_share_of_what_the_first_left(used, other_organisation, operator):
    voucher(other_organisation, operator, share=50, amount="100.00", number="A")
    second = voucher(other_organisation, operator, share=50, amount="1000.00", number="B")
    Voucher.objects.filter(pk=second.pk).update(valid_until=datetime.date(2032, 1, 1))

    statement = services.issue_statement(
        organisation=other_organisation, month=MARCH, issued_by=operator
    )

    # A pays 100 (its balance); B pays half of the remaining 900.
    assert [use.amount for use in statement.voucher_uses.order_by("voucher__number")] == [
        Decimal("100.00"),
        Decimal("450.00"),
    ]
    assert statement.total == Decimal("450.00")


def test_voucher_outside_its_validity_pays_nothing(used, other_organisation, operator):
    expired = voucher(other_organisation, operator)
    Voucher.objects.filter(pk=expired.pk).update(valid_until=datetime.date(2031, 2, 28))

    draft = services.compute_statement(organisation=other_organisation, month=MARCH)

    assert draft.voucher_total == Decimal("0.00")


def test_only_operators_issue_the_statement_of_every_lab(used, other_organisation, org_admin):
    with pytest.raises(PermissionDenied):
        services.issue_statement(organisation=other_organisation, month=MARCH, issued_by=org_admin)
    assert Statement.objects.count() == 0


def test_customers_own_admin_may_not_grant_vouchers(used, other_organisation, other_admin):
    with pytest.raises(PermissionDenied):
        voucher(other_organisation, other_admin)
    assert Voucher.objects.count() == 0


def test_voucher_cannot_be_spent_below_zero(other_organisation, operator):
    granted = voucher(other_organisation, operator, amount="100.00")

    with pytest.raises(ValidationError, match="no longer covers"):
        services.spend_voucher(voucher=granted, amount=Decimal("100.01"))
    services.spend_voucher(voucher=granted, amount=Decimal("100.00"))

    granted.refresh_from_db()
    assert granted.balance == Decimal("0.00")


def test_database_refuses_a_negative_balance(other_organisation, operator):
    from django.db import IntegrityError, transaction

    granted = voucher(other_organisation, operator, amount="100.00")

    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.filter(pk=granted.pk).update(balance=Decimal("-1"))


@pytest.mark.parametrize(
    ("unpaid", "share", "balance", "cover"),
    [
        ("1000.00", 50, "2000.00", "500.00"),
        ("1000.00", 50, "300.00", "300.00"),
        ("333.33", 30, "500.00", "100.00"),
        ("0.00", 50, "500.00", "0.00"),
        ("100.00", 100, "0.00", "0.00"),
    ],
)
def test_voucher_cover(unpaid, share, balance, cover):
    assert services.voucher_cover(
        unpaid=Decimal(unpaid), share_percent=share, balance=Decimal(balance)
    ) == Decimal(cover)


def test_statement_of_a_month_not_yet_ended_is_refused(used, other_organisation, operator):
    with pytest.raises(ValidationError, match="once its month has ended"):
        services.issue_statement(
            organisation=other_organisation, month=datetime.date(2031, 4, 1), issued_by=operator
        )

    assert Statement.objects.count() == 0

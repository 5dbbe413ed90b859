"""Monthly statements and innovation vouchers.

A statement for organisation O and month M bills every booking of O that starts before the
end of M, carries a fee (use, late cancellation, no-show) and is not on a statement yet, so
use recorded after a month was billed goes on the next statement instead of being lost.
Vouchers valid during M then pay, oldest expiry first, their share of what is still unpaid,
at most their balance: ``cover = min(share × unpaid, balance)``. The balance is debited
with a conditional UPDATE (``balance >= cover``) inside the transaction that holds the
voucher rows locked, and a CHECK constraint keeps it ≥ 0 whatever happens.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, policy, writes
from qiao.directory.models import Organisation
from qiao.lab import clock
from qiao.lab.models import Booking, Statement, StatementLine, Voucher, VoucherUse
from qiao.lab.policies import StatementScope
from qiao.lab.services.bookings import _write_transaction, money

__all__ = [
    "StatementDraft",
    "compute_statement",
    "grant_voucher",
    "issue_statement",
    "month_end",
    "voucher_cover",
]

# What an operator gives when recording a voucher (besides the organisation and amount).
VOUCHER_FIELDS = frozenset({"issuer", "number", "share_percent", "valid_from", "valid_until"})

LINE_KIND = {
    Booking.Status.COMPLETED: StatementLine.Kind.USAGE,
    Booking.Status.CANCELLED: StatementLine.Kind.CANCELLATION,
    Booking.Status.NO_SHOW: StatementLine.Kind.NO_SHOW,
}


@dataclass
class DraftLine:
    booking: Booking
    kind: str
    minutes: int
    unit_rate: Decimal
    amount: Decimal


@dataclass
class StatementDraft:
    """What a statement holds (before or after it is issued)."""

    organisation: Organisation
    month: datetime.date
    lines: list[DraftLine] = field(default_factory=list)
    voucher_uses: list[tuple[Voucher, Decimal]] = field(default_factory=list)
    issued: Statement | None = None
    lab: Organisation | None = None  # only this lab's instruments; None: every lab's

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def voucher_total(self) -> Decimal:
        return sum((amount for _voucher, amount in self.voucher_uses), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.voucher_total


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _month_end_moment(month: datetime.date) -> datetime.datetime:
    next_day = month_end(month) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time()))


def voucher_cover(*, unpaid: Decimal, share_percent: int, balance: Decimal) -> Decimal:
    """Return what a voucher pays of ``unpaid``: its share, at most its balance, never < 0."""
    return max(Decimal("0.00"), min(money(unpaid * share_percent / 100), balance))


def _billable(organisation: Organisation, month: datetime.date, lab: Organisation | None = None):
    fee_due = Q(status=Booking.Status.COMPLETED) | Q(
        status__in=[Booking.Status.CANCELLED, Booking.Status.NO_SHOW], fee__gt=0
    )
    bookings = Booking.objects.filter(fee_due, organisation=organisation)
    if lab is not None:
        bookings = bookings.filter(equipment__organisation=lab)
    return (
        bookings.filter(starts_at__lt=_month_end_moment(month), statement_line__isnull=True)
        .select_related("equipment", "equipment__organisation", "booked_by")
        .order_by("starts_at", "id")
    )


def _line(booking: Booking) -> DraftLine:
    minutes = booking.used_minutes or int(booking.duration.total_seconds() // 60)
    return DraftLine(booking, LINE_KIND[booking.status], minutes, booking.unit_rate, booking.fee)


def _valid_vouchers(organisation: Organisation, month: datetime.date):
    return Voucher.objects.filter(
        organisation=organisation,
        valid_from__lte=month_end(month),
        valid_until__gte=month,
        balance__gt=0,
    ).order_by("valid_until", "id")


def _apply_vouchers(draft: StatementDraft, vouchers) -> None:
    unpaid = draft.subtotal
    for voucher in vouchers:
        cover = voucher_cover(
            unpaid=unpaid, share_percent=voucher.share_percent, balance=voucher.balance
        )
        if cover > 0:
            draft.voucher_uses.append((voucher, cover))
            unpaid -= cover


def _from_issued(statement: Statement) -> StatementDraft:
    draft = StatementDraft(
        statement.organisation, statement.month, issued=statement, lab=statement.lab
    )
    for line in statement.lines.select_related(
        "booking", "booking__equipment", "booking__equipment__organisation", "booking__booked_by"
    ):
        draft.lines.append(
            DraftLine(line.booking, line.kind, line.minutes, line.unit_rate, line.amount)
        )
    draft.voucher_uses = [(use.voucher, use.amount) for use in statement.voucher_uses.all()]
    return draft


def _issued(organisation: Organisation, month: datetime.date, lab: Organisation | None):
    return Statement.objects.filter(organisation=organisation, month=month, lab=lab)


def compute_statement(
    *, organisation: Organisation, month: datetime.date, lab: Organisation | None = None
) -> StatementDraft:
    """Return the month's statement: the issued one, or a preview with vouchers as they stand.

    With ``lab``, only the bookings of that lab's instruments (its manager's statement).
    """
    month = month.replace(day=1)
    issued = _issued(organisation, month, lab).first()
    if issued is not None:
        return _from_issued(issued)
    lines = [_line(b) for b in _billable(organisation, month, lab)]
    draft = StatementDraft(organisation, month, lines, lab=lab)
    _apply_vouchers(draft, _valid_vouchers(organisation, month))
    return draft


def issue_statement(
    *,
    organisation: Organisation,
    month: datetime.date,
    issued_by,
    lab: Organisation | None = None,
) -> Statement:
    """Issue the month's statement and debit the vouchers that pay part of it.

    Operators issue any; a lab manager the statement of their own lab's instruments.
    """
    scope = StatementScope(organisation, lab)
    policy.authorize(issued_by, "lab.issue_statement", scope)
    month = month.replace(day=1)
    if _month_end_moment(month) > current_time():
        raise ValidationError(_("A statement can only be issued once its month has ended."))

    def work() -> Statement:
        # Issuing for one organisation is serialised on its row, so a second request
        # waits here and then finds the first one's statement instead of racing it.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if _issued(organisation, month, lab).exists():
            raise ValidationError(_("The statement of this month has already been issued."))
        # Lock the vouchers first: a concurrent statement of the same organisation waits
        # here and then sees the balances this one leaves.
        vouchers = list(_valid_vouchers(organisation, month).select_for_update())
        bookings = list(_billable(organisation, month, lab).select_for_update(of=("self",)))
        draft = StatementDraft(organisation, month, [_line(b) for b in bookings], lab=lab)
        _apply_vouchers(draft, vouchers)
        statement = Statement.objects.create(
            organisation=organisation,
            lab=lab,
            month=month,
            subtotal=draft.subtotal,
            voucher_total=draft.voucher_total,
            total=draft.total,
            issued_by=issued_by,
        )
        StatementLine.objects.bulk_create(
            StatementLine(
                statement=statement,
                booking=line.booking,
                kind=line.kind,
                minutes=line.minutes,
                unit_rate=line.unit_rate,
                amount=line.amount,
            )
            for line in draft.lines
        )
        for voucher, amount in draft.voucher_uses:
            spend_voucher(
                voucher=voucher, amount=amount, by=issued_by, statement=statement, scope=scope
            )
            VoucherUse.objects.create(statement=statement, voucher=voucher, amount=amount)
        audit.record_change(
            instance=statement, actor=issued_by, action=audit.AuditEntry.Action.CREATED
        )
        return statement

    try:
        return _write_transaction(work)
    except IntegrityError:
        # The unique (organisation, lab, month) constraint caught a race the lock did not (an
        # organisation row created meanwhile): the other request's statement stands.
        raise ValidationError(_("The statement of this month has already been issued.")) from None


def current_time() -> datetime.datetime:
    """The current time (a seam for tests that bill months still in the future)."""
    return clock.now()


def spend_voucher(
    *,
    voucher: Voucher,
    amount: Decimal,
    by=None,
    statement: Statement | None = None,
    scope: StatementScope | None = None,
) -> None:
    """Debit ``amount`` from the voucher (for ``statement``), or raise if its balance no
    longer covers it; the voucher's trail records the balance before and after."""
    scope = scope or StatementScope(voucher.organisation, None)
    if scope.organisation.pk != voucher.organisation_id:
        raise ValidationError(_("The voucher belongs to another organisation."))
    policy.authorize(by, "lab.spend_voucher", scope)
    debited = Voucher.objects.filter(pk=voucher.pk, balance__gte=amount).update(
        balance=F("balance") - amount, updated_at=timezone.now()
    )
    if debited != 1:
        raise ValidationError(_("The voucher's balance no longer covers this amount."))
    voucher.refresh_from_db(fields=["balance", "updated_at"])
    before = voucher.balance + amount
    audit.record_change(
        instance=voucher,
        actor=by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={"balance": (before, voucher.balance)},
        note=str(statement or ""),
    )


@transaction.atomic
def grant_voucher(*, organisation: Organisation, granted_by, amount: Decimal, **fields) -> Voucher:
    """Record an innovation voucher granted to an organisation (operators, or a lab manager
    for an organisation that booked the lab's instruments)."""
    policy.authorize(granted_by, "lab.grant_voucher", organisation)
    return writes.create(
        Voucher,
        actor=granted_by,
        data=fields,
        allowed=VOUCHER_FIELDS,
        fixed={
            "organisation": organisation,
            "granted_by": granted_by,
            "amount": amount,
            "balance": amount,
        },
    )

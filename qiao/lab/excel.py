"""Excel export of a monthly statement: its lines, the vouchers applied, the totals."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.lab.services import StatementDraft


def statement_workbook(draft: StatementDraft) -> Workbook:
    """Return a workbook with one sheet: the header, a row per line, vouchers, totals."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Statement")[:31])
    sheet.append([_("Organisation"), draft.organisation.name_zh])
    sheet.append([_("Month"), draft.month.strftime("%Y-%m")])
    sheet.append([_("Status"), _("Issued") if draft.issued else _("Preview, not issued")])
    sheet.append([])
    sheet.append(
        [
            _("Date"),
            _("Instrument"),
            _("Owner organisation"),
            _("Booked by"),
            _("Charge"),
            _("Minutes"),
            _("Rate per unit (yuan)"),
            _("Amount (yuan)"),
        ]
    )
    for line in draft.lines:
        booking = line.booking
        sheet.append(
            [
                timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M"),
                booking.equipment.name,
                booking.equipment.organisation.name,
                booking.booked_by.email,
                str(dict(_line_kinds())[line.kind]),
                line.minutes,
                line.unit_rate,
                line.amount,
            ]
        )
    sheet.append([])
    sheet.append([_("Fees (yuan)"), draft.subtotal])
    for voucher, amount in draft.voucher_uses:
        sheet.append(
            [
                _("Voucher %(number)s (%(issuer)s)")
                % {"number": voucher.number, "issuer": voucher.issuer},
                -amount,
            ]
        )
    sheet.append([_("To pay (yuan)"), draft.total])
    return workbook


def _line_kinds():
    from qiao.lab.models import StatementLine

    return StatementLine.Kind.choices

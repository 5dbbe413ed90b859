"""Excel export of a monthly statement: its lines, the vouchers applied, the totals."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.lab.services import StatementDraft


def statement_workbook(draft: StatementDraft) -> Workbook:
    """Return a workbook with one sheet: the header, a row per line, vouchers, totals."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Statement")[:31])
    append_row(sheet, [_("Organisation"), draft.organisation.name_zh])
    if draft.lab is not None:
        append_row(sheet, [_("Lab"), draft.lab.name_zh])
    append_row(sheet, [_("Month"), draft.month.strftime("%Y-%m")])
    append_row(sheet, [_("Status"), _("Issued") if draft.issued else _("Preview, not issued")])
    append_row(sheet, [])
    append_row(
        sheet,
        [
            _("Date"),
            _("Instrument"),
            _("Owner organisation"),
            _("Booked by"),
            _("Charge"),
            _("Minutes"),
            _("Rate per unit (yuan)"),
            _("Amount (yuan)"),
        ],
    )
    for line in draft.lines:
        booking = line.booking
        append_row(
            sheet,
            [
                timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M"),
                booking.equipment.name,
                booking.equipment.organisation.name,
                booking.booked_by.email,
                str(dict(_line_kinds())[line.kind]),
                line.minutes,
                line.unit_rate,
                line.amount,
            ],
        )
    append_row(sheet, [])
    append_row(sheet, [_("Fees (yuan)"), draft.subtotal])
    for voucher, amount in draft.voucher_uses:
        append_row(
            sheet,
            [
                _("Voucher %(number)s (%(issuer)s)")
                % {"number": voucher.number, "issuer": voucher.issuer},
                -amount,
            ],
        )
    append_row(sheet, [_("To pay (yuan)"), draft.total])
    return workbook


def report_workbook(report) -> Workbook:
    """Return a workbook with a sheet per instrument and per customer organisation, by month."""
    workbook = Workbook(write_only=True)
    header = [
        _("Month"),
        "",
        _("Bookings"),
        _("Hours booked"),
        _("Hours used"),
        _("Revenue (yuan)"),
    ]
    for title, rows, label in (
        (_("By instrument"), report.by_equipment, _("Instrument")),
        (_("By customer"), report.by_customer, _("Customer organisation")),
    ):
        sheet = workbook.create_sheet(str(title)[:31])
        append_row(sheet, [_("Lab"), report.lab.name_zh, _("Year"), report.year])
        append_row(sheet, [header[0], label, *header[2:]])
        for row in rows:
            append_row(
                sheet,
                [
                    row.month.strftime("%Y-%m"),
                    row.name,
                    row.bookings,
                    row.hours_booked,
                    row.hours_used,
                    row.revenue,
                ],
            )
    return workbook


def _line_kinds():
    from qiao.lab.models import StatementLine

    return StatementLine.Kind.choices

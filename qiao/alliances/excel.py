"""The secretariat's Excel: its members, and dues and churn (a sheet each)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.alliances.dues import ChurnRow, DuesRow
from qiao.core.xlsx import append_row


def members_workbook(memberships) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Members")[:31])
    append_row(sheet, [_("Member organisation"), _("Unified social credit code"), _("Tier"),
                       _("Annual fee (yuan)"), _("Status"), _("Member since"), _("Paid until"),
                       _("Last payment"), _("Last invoice number")])  # fmt: skip
    for m in memberships:
        last = m.payments.first()  # newest first
        append_row(sheet, [m.member.name_zh, m.member.credit_code, m.tier.name_zh,
                           m.tier.annual_fee, m.get_status_display(), m.starts_on, m.ends_on,
                           last.paid_on if last else None, last.invoice_no if last else ""])  # fmt: skip
    return workbook


def dues_workbook(dues: list[DuesRow], churn: list[ChurnRow]) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Dues")[:31])
    append_row(sheet, [_("Year"), _("Tier"), _("Expected (yuan)"), _("Paid (yuan)"),
                       _("Overdue (yuan)"), _("Not yet due (yuan)"), _("Payments")])  # fmt: skip
    for r in dues:
        append_row(sheet, [r.year, r.tier, r.expected, r.paid, r.overdue, r.open, r.payments])
    sheet = workbook.create_sheet(_("Renewals and churn")[:31])
    append_row(sheet, [_("Year"), _("Joined"), _("Membership years ending"), _("Renewed"),
                       _("Lapsed"), _("Not yet due"), _("Churn rate")])  # fmt: skip
    for r in churn:
        append_row(sheet, [r.year, r.joined, r.ending, r.renewed, r.lapsed, r.pending,
                           r.churn_rate])  # fmt: skip
    return workbook

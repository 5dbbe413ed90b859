"""The weekly 招商 report as Excel: a fixed header, the funnel, then the week's leads."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.core.xlsx import append_row


def weekly_workbook(report: dict, today) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Weekly report")[:31])
    append_row(sheet, [_("Investment attraction weekly report"), today.isoformat()])
    append_row(sheet, [_("Unit"), _("investment in 万元, floor area in m²")])
    append_row(sheet, [])
    for _value, label, count in report["funnel"]:
        append_row(sheet, [str(label), count])
    append_row(sheet, [_("Planned investment"), report["planned"]])
    append_row(sheet, [_("Investment arrived"), report["arrived"]])
    append_row(sheet, [])
    append_row(sheet, [_("Moved this week"), _("stage"), _("lead owner"), _("source"),
                       _("Planned investment"), _("Investment arrived"), _("floor area (m²)")])  # fmt: skip
    for lead in report["moved"]:
        append_row(
            sheet,
            [lead.name, lead.get_stage_display(), lead.owner.get_short_name() if lead.owner else "",
             lead.get_source_display(), lead.planned_investment, lead.arrived_investment,
             lead.floor_area],
        )  # fmt: skip
    append_row(sheet, [])
    append_row(
        sheet, [_("Behind their target dates"), _("stage"), _("target date"), _("lead owner")]
    )
    for lead, target in report["overdue"]:
        append_row(
            sheet,
            [lead.name, lead.get_stage_display(),
             f"{target.get_stage_display()} {target.due_on.isoformat()}",
             lead.owner.get_short_name() if lead.owner else ""],
        )  # fmt: skip
    return workbook

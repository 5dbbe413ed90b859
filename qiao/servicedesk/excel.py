"""Excel export of service requests (operators), with working-day figures per request."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.servicedesk import workdays


def requests_workbook(requests) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Service requests"))
    append_row(sheet, [
        _("Organisation"), _("Category"), _("Title"), _("Status"), _("Filed on"), _("Due on"),
        _("Working days to first answer"), _("Working days to resolution"), _("On time"),
        _("Satisfaction"), _("Closed automatically"),
    ])  # fmt: skip
    for r in requests:
        first = (
            workdays.working_days_between(r.filed_on, r.first_answered_on)
            if r.first_answered_on else None
        )  # fmt: skip
        resolved = (
            workdays.working_days_between(r.filed_on, r.resolved_on) if r.resolved_on else None
        )
        on_time = (r.resolved_on <= r.due_on) if (r.resolved_on and r.due_on) else None
        append_row(sheet, [
            r.organisation.name_zh, r.category.name, r.title, r.get_status_display(),
            r.filed_on, r.due_on, first, resolved,
            None if on_time is None else (_("Yes") if on_time else _("No")),
            r.rating, _("Yes") if r.auto_closed else _("No"),
        ])  # fmt: skip
    return workbook

"""The call's ranking and reviews as Excel (operators only): a sheet each."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.calls.models import Assignment, Call
from qiao.calls.selectors import ranking
from qiao.core.xlsx import append_row


def ranking_workbook(call: Call) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Ranking")[:31])
    append_row(sheet, ["#", _("Application"), _("Applicant"), _("Status"), _("Mean score"),
                       _("Spread"), _("Reviewer agreement"), _("Reviews")])  # fmt: skip
    for n, row in enumerate(ranking(call), start=1):
        a = row.application
        append_row(sheet, [n, a.title, a.organisation.name_zh, a.get_status_display(), row.mean,
                           row.spread, row.agreement, row.reviews])  # fmt: skip
    reviews = workbook.create_sheet(_("Reviews")[:31])
    criteria = list(call.criteria.all())
    append_row(reviews, [_("Application"), _("Reviewers"), *(c.name_zh for c in criteria)])
    assignments = (
        Assignment.objects.filter(application__call=call, submitted_at__isnull=False)
        .select_related("application", "expert__person")
        .prefetch_related("scores")
    )
    for assignment in assignments:
        by_criterion = {s.criterion_id: s.score for s in assignment.scores.all()}
        append_row(reviews, [assignment.application.title, assignment.expert.person.name_zh,
                             *(by_criterion.get(c.pk) for c in criteria)])  # fmt: skip
    return workbook

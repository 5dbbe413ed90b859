"""The lab manager's usage and revenue report, on the page and in Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from qiao.core import limits
from qiao.lab import clock, selectors
from qiao.lab.excel import report_workbook
from qiao.lab.reports import lab_report


def _report(request):
    labs = selectors.list_managed_labs(viewer=request.user)
    lab_id = request.GET.get("lab") or ""
    if lab_id:
        if not lab_id.isdigit():
            raise Http404
        lab = get_object_or_404(labs, pk=int(lab_id))
    else:
        lab = labs.first()
        if lab is None:
            raise Http404
    year_text = request.GET.get("year") or str(clock.today().year)
    if not year_text.isdigit() or limits.bounded_month(int(year_text), 1) is None:
        raise Http404
    return labs, lab_report(lab=lab, year=int(year_text))


@login_required
def report(request):
    labs, data = _report(request)
    return render(
        request,
        "lab/report.html",
        {
            "labs": labs[:20],
            "report": data,
            "previous_year": data.year - 1,
            "next_year": data.year + 1,
        },
    )


@login_required
def report_export(request):
    _labs, data = _report(request)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="qiao-lab-report-{data.lab.pk}-{data.year}.xlsx"'
    )
    report_workbook(data).save(response)
    return response

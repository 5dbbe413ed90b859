"""The insights page: the funnel as tables (charts follow), printable, exportable to Excel."""

from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.insights import selectors
from qiao.pipeline.models import Agreement, Introduction
from qiao.taxonomy.models import Term, Vocabulary


def _rows(funnel: selectors.Funnel, stages) -> dict[str, list[tuple[str, object]]]:
    labels = {t.code: t.label for t in Term.objects.filter(vocabulary=Vocabulary.LIFECYCLE_STAGE)}
    statuses = dict(Introduction.Status.choices)
    kinds = dict(Agreement.Kind.choices)
    return {
        _("Funnel"): [
            (_("Needs"), funnel.needs),
            (_("Offers"), funnel.offers),
            (_("Matches"), funnel.matches),
            (_("Introductions"), funnel.introductions),
            (_("Agreement signed"), funnel.agreements_signed),
            (_("Introductions per match"), funnel.introduction_rate),
            (_("Introductions signed"), funnel.signing_rate),
            (
                _("Median days from publishing to an introduction"),
                funnel.median_days_to_introduction,
            ),
            (_("Median days from introduction to signing"), funnel.median_days_to_signing),
        ],
        _("Introductions by status"): [
            (str(statuses.get(k, k)), v) for k, v in sorted(funnel.introductions_by_status.items())
        ],
        _("Agreements by kind"): [
            (str(kinds.get(k, k)), v) for k, v in sorted(funnel.agreements_by_kind.items())
        ],
        _("Amounts by currency"): sorted(funnel.amounts_by_currency.items()),
        _("Projects by stage (now)"): [(labels.get(r.stage, r.stage), r.projects) for r in stages],
        _("Median days spent per stage"): [
            (labels.get(r.stage, r.stage), r.median_days) for r in stages
        ],
    }


@login_required
def dashboard(request):
    funnel = selectors.get_funnel(viewer=request.user)
    stages = selectors.get_projects_by_stage(viewer=request.user)
    return render(
        request,
        "insights/dashboard.html",
        {"tables": _rows(funnel, stages), "funnel": asdict(funnel)},
    )


@login_required
def dashboard_export(request):
    """One sheet per table, for government reporting."""
    workbook = Workbook(write_only=True)
    funnel = selectors.get_funnel(viewer=request.user)
    stages = selectors.get_projects_by_stage(viewer=request.user)
    for title, rows in _rows(funnel, stages).items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append([title, ""])
        for label, value in rows:
            sheet.append([label, value])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="qiao-insights.xlsx"'
    workbook.save(response)
    return response

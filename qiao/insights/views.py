"""The insights dashboards: charts over tables, printable, each exportable to Excel."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.directory.roles import roles_of
from qiao.insights import dashboards
from qiao.insights.cache import cached
from qiao.insights.forms import AgreementFilterForm, BrokerFilterForm, NetworkFilterForm
from qiao.insights.selectors import NetworkFilter

EXPORTS = {
    "overview": "insights:dashboard_export",
    "agreements": "insights:agreements_export",
    "brokers": "insights:brokers_export",
    "network": "insights:network_export",
}


def _respond(request, dashboard: dashboards.Dashboard, *, export: bool, form=None, status=200):
    if export and status == 200:
        return _workbook(dashboard)
    return render(
        request,
        "insights/dashboard.html",
        {
            "dashboard": dashboard,
            "tabs": dashboards.tabs(roles_of(request.user).is_operator),
            "form": form,
            "export_url": reverse(EXPORTS[dashboard.slug]),
            "querystring": request.GET.urlencode(),
        },
        status=status,
    )


def _workbook(dashboard: dashboards.Dashboard) -> HttpResponse:
    """One sheet per table, for government reporting."""
    workbook = Workbook(write_only=True)
    used = set()
    for table in dashboard.tables:
        title = table.title[:31]
        for char in "[]:*?/\\":
            title = title.replace(char, " ")
        while title in used:  # sheet names must be unique
            title = f"{title[:28]} {len(used)}"
        used.add(title)
        sheet = workbook.create_sheet(title)
        append_row(sheet, table.columns)
        for row in table.rows:
            append_row(sheet, row)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="qiao-{dashboard.slug}.xlsx"'
    workbook.save(response)
    return response


def _invalid(request, form, slug):
    """The page with the filter's messages and no figures (an export gets the page too)."""
    title = {tab: label for tab, label, _url in dashboards.tabs(True)}[slug]
    empty = dashboards.Dashboard(slug=slug, title=title, tables=[])
    return _respond(request, empty, export=False, form=form, status=400)


@login_required
def dashboard(request, export=False):
    board = cached("overview", request.user, {}, lambda: dashboards.overview(request.user))
    return _respond(request, board, export=export)


@login_required
def agreements(request, export=False):
    form = AgreementFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form, "agreements")
    data = form.cleaned_data
    board = cached(
        "agreements",
        request.user,
        data,
        lambda: dashboards.agreements(
            request.user, period=data["period"], since=data["since"], until=data["until"]
        ),
    )
    return _respond(request, board, export=export, form=form)


@login_required
def brokers(request, export=False):
    if not roles_of(request.user).is_operator:
        raise Http404
    form = BrokerFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form, "brokers")
    since = form.cleaned_data["since"]
    board = cached(
        "brokers",
        request.user,
        {"since": since},
        lambda: dashboards.brokers(request.user, since=since),
    )
    return _respond(request, board, export=export, form=form)


@login_required
def network(request, export=False):
    form = NetworkFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form, "network")
    filters = NetworkFilter(**form.cleaned_data)
    board = cached(
        "network",
        request.user,
        form.cleaned_data,
        lambda: dashboards.network(request.user, filters=filters),
    )
    return _respond(request, board, export=export, form=form)

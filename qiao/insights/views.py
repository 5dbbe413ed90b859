"""The insights dashboards: charts over tables, printable, each exportable to Excel."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.directory.roles import require_operator, roles_of
from qiao.insights import blocks, cluster, dashboards
from qiao.insights.cache import cached
from qiao.insights.forms import (
    AgreementFilterForm,
    BrokerFilterForm,
    NetworkFilterForm,
    RegionFilterForm,
    StatisticsFilterForm,
)
from qiao.insights.selectors import NetworkFilter

EXPORTS = {
    "overview": "insights:dashboard_export",
    "agreements": "insights:agreements_export",
    "brokers": "insights:brokers_export",
    "network": "insights:network_export",
    "statistics": "insights:statistics_export",
    "regions": "insights:regions_export",
    "chain": "insights:chain_export",
    "attraction": "insights:attraction_export",
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
        money = {i for row in table.rows for i, v in enumerate(row) if isinstance(v, blocks.Money)}
        append_row(
            sheet,
            [f"{c} ({_('10,000 yuan')})" if i in money else c for i, c in enumerate(table.columns)],
        )
        for row in table.rows:
            append_row(sheet, [v.wan if isinstance(v, blocks.Money) else v for v in row])
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


@login_required
def statistics(request, export=False):
    """The statistics figures: the cluster's for operators, a member's own firms' otherwise."""
    form = StatisticsFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form, "statistics")
    indicator = form.cleaned_data["indicator"]
    board = cached(
        "statistics",
        request.user,
        {"indicator": indicator.pk if indicator else None},
        lambda: cluster.statistics_board(request.user, indicator=indicator),
    )
    return _respond(request, board, export=export, form=form)


@login_required
def regions(request, export=False):
    require_operator(request.user)
    form = RegionFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form, "regions")
    data = form.cleaned_data
    params = {**data, "indicator": data["indicator"].pk if data["indicator"] else None}
    board = cached(
        "regions",
        request.user,
        params,
        lambda: cluster.regions_board(
            request.user, indicator=data["indicator"], period=data["period"],
            province=data["province"], city=data["city"],
        ),
    )  # fmt: skip
    return _respond(request, board, export=export, form=form)


@login_required
def chain(request, export=False):
    require_operator(request.user)
    board = cached("chain", request.user, {}, lambda: cluster.chain_board(request.user))
    return _respond(request, board, export=export)


@login_required
def attraction(request, export=False):
    require_operator(request.user)
    today = timezone.localdate()
    board = cached(
        "attraction",
        request.user,
        {"today": today},
        lambda: cluster.attraction_board(request.user, today=today),
    )
    return _respond(request, board, export=export)

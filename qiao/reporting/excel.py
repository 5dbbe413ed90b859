"""Excel export of a campaign in a stable layout: four header rows (title, cluster, period,
unit), then one row per indicator with totals and growth; firm rows on a second sheet only
when the operator asks for them."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.reporting import selectors
from qiao.reporting.models import Campaign


def cluster_name() -> str:
    return getattr(settings, "QIAO_CLUSTER_NAME", "") or _("Qiao cluster platform")


def _header(sheet, campaign: Campaign) -> None:
    append_row(sheet, [_("Report title"), campaign.title])
    append_row(sheet, [_("Cluster"), cluster_name()])
    append_row(sheet, [_("Reporting period"), campaign.period])
    append_row(sheet, [_("Unit"), _("money in 万元 (10,000 yuan); counts as stated")])
    append_row(sheet, [])


def campaign_workbook(campaign: Campaign, *, with_firms: bool = False) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Totals")[:31])
    _header(sheet, campaign)
    append_row(
        sheet,
        [
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Total"),
            _("Firms reporting"),
            _("Last period"),
            _("Change on last period (%)"),
            _("A year before"),
            _("Change on a year before (%)"),
        ],
    )
    for row in selectors.campaign_totals(campaign):
        append_row(
            sheet,
            [
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit,
                row.total,
                row.firms,
                row.previous,
                row.growth,
                row.year_ago,
                row.growth_year,
            ],
        )
    if with_firms:
        firms = workbook.create_sheet(_("Firms")[:31])
        _header(firms, campaign)
        indicators = list(campaign.indicators.all())
        append_row(firms, [_("Organisation"), *[i.name for i in indicators]])
        for name, values in selectors.firm_rows(campaign):
            append_row(firms, [name, *values])
    return workbook

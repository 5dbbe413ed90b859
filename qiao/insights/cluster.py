"""The cluster's numbers as dashboards (issue 17): the statistics figures over quarters, the
region comparison, the chain's coverage and the 招商 funnel. Built like ``dashboards.py``:
tables (page, Excel, print) and chart specs that ``insights.js`` draws."""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qiao.attraction.models import Lead
from qiao.chain.models import ChainNode
from qiao.core.regions import region_name
from qiao.insights.blocks import Chart, Dashboard, Money, Table, funnel_spec, percent
from qiao.insights.selectors import attraction as attraction_selectors
from qiao.insights.selectors import chain as chain_selectors
from qiao.insights.selectors import statistics
from qiao.reporting.catalogue import MONEY_UNITS
from qiao.reporting.models import Indicator


def is_money(indicator: Indicator) -> bool:
    return indicator.unit_zh.strip() in MONEY_UNITS


def amount(indicator: Indicator, value: Decimal | None):
    """An indicator's value as a cell: money through ``Money`` (stored in 万元), else the number."""
    if value is None:
        return None
    if is_money(indicator):
        return Money(Decimal(value) * MONEY_UNITS[indicator.unit_zh.strip()] * 10000)
    return float(value)


def _growth(rate: float | None) -> str:
    return percent(rate) if rate is not None else "–"


def statistics_board(viewer, *, indicator: Indicator | None = None) -> Dashboard:
    trends = statistics.get_indicator_trends(viewer=viewer)
    with_data = [t for t in trends if t.points]
    chosen = next((t for t in with_data if t.indicator == indicator), None) or (
        with_data[0] if with_data else None
    )
    latest = Table(
        _("Latest period by indicator"),
        [_("Indicator"), _("Unit"), _("Period"), _("Total"), _("Firms reporting"),
         _("On the period before"), _("On a year before")],
        [
            [t.indicator.name, t.indicator.unit, t.latest.period, amount(t.indicator, t.latest.total),
             t.latest.firms, _growth(t.latest.growth), _growth(t.latest.growth_year)]
            for t in with_data
        ],
    )  # fmt: skip
    history = Table(
        _("Totals by period"),
        [_("Indicator"), _("Period"), _("Total"), _("Firms reporting"),
         _("On the period before"), _("On a year before")],
        [
            [t.indicator.name, p.period, amount(t.indicator, p.total), p.firms,
             _growth(p.growth), _growth(p.growth_year)]
            for t in with_data for p in t.points
        ],
    )  # fmt: skip
    charts = []
    if chosen is not None:
        unit = chosen.indicator.unit
        charts.append(
            Chart(
                "statistics-trend",
                _("%(indicator)s by period") % {"indicator": chosen.indicator.name},
                {
                    "type": "bar",
                    "categories": [p.period for p in chosen.points],
                    "series": [
                        {
                            "name": chosen.indicator.name,
                            "data": [float(p.total) for p in chosen.points],
                        },
                        {
                            "name": _("On a year before (%)"),
                            "type": "line",
                            "axis": 1,
                            "data": [
                                None if p.growth_year is None else round(p.growth_year * 100, 1)
                                for p in chosen.points
                            ],
                        },
                    ],
                    "axes": [unit, "%"],
                },
            )  # fmt: skip
        )
        charts.append(
            Chart(
                "statistics-firms",
                _("Firms reporting"),
                {
                    "type": "bar",
                    "categories": [p.period for p in chosen.points],
                    "series": [
                        {"name": _("Firms reporting"), "data": [p.firms for p in chosen.points]}
                    ],
                },
            )
        )
    return Dashboard(
        slug="statistics",
        title=_("Statistics"),
        note=_(
            "Totals of the figures stored for each period (accepted forms, Qiao's records and "
            "the news). Growth on the period before (环比) and on the same period a year before (同比)."
        ),
        tables=[latest, history],
        charts=charts,
    )


def _place(row: statistics.RegionRow) -> str:
    if not row.name:
        return _("Region not given")
    language = get_language() or "zh-hans"
    return region_name(row.name, language=language)


def regions_board(viewer, *, indicator: Indicator | None, period: str | None,
                  province: str = "", city: str = "") -> Dashboard:  # fmt: skip
    rows = statistics.get_region_comparison(
        viewer=viewer, indicator=indicator, period=period, province=province, city=city
    )
    base = {"indicator": indicator.pk if indicator else "", "period": period or ""}
    links = []
    for row in rows:
        deeper = (
            {"province": row.province} if not province else {"province": province, "city": row.city}
        )
        if city or not row.name:  # districts are the last level; a blank place has no drill-down
            links.append(None)
        else:
            links.append(reverse("insights:regions") + "?" + urlencode({**base, **deeper}))
    shown = indicator.name if indicator else _("Indicator")
    columns = [_("Region"), _("Organisations in the directory"), _("Cluster firms"),
               _("Firms reporting"), f"{shown} {period or ''}".strip(), _("Share of the total")]  # fmt: skip
    grand = sum((r.total for r in rows if r.total is not None), Decimal(0))
    table = Table(
        _("Region comparison"),
        columns,
        [
            [_place(r), r.organisations, r.firms, r.reporting,
             amount(indicator, r.total) if indicator else None,
             percent(float(r.total / grand)) if r.total is not None and grand else "–"]
            for r in rows
        ],
        links=links,
    )  # fmt: skip
    language = get_language() or "zh-hans"
    where = region_name(province, city, language=language) if province else _("All provinces")
    top = rows[:15]
    return Dashboard(
        slug="regions",
        title=_("Region comparison"),
        note=_(
            "%(where)s: click a province for its cities, a city for its districts. Cluster firms "
            "are organisations with member accounts; totals add up their stored figures."
        )
        % {"where": where},
        tables=[table],
        charts=[
            Chart(
                "regions-firms",
                _("Cluster firms by region"),
                {
                    "type": "bar",
                    "horizontal": True,
                    "categories": [_place(r) for r in top],
                    "series": [
                        {"name": _("Cluster firms"), "data": [r.firms for r in top]},
                        {
                            "name": _("Organisations in the directory"),
                            "data": [r.organisations for r in top],
                        },
                    ],
                },
            )
        ],
    )


def chain_board(viewer) -> Dashboard:
    coverage = chain_selectors.get_chain_coverage(viewer=viewer)
    segments = dict(ChainNode.Segment.choices)
    strengths = {"strong": _("strong"), "weak": _("weak"), "missing": _("missing")}
    names = [str(segments.get(s.segment, s.segment)) for s in coverage.segments]
    gaps = [r for r in coverage.nodes if r.state.strength != "strong" or r.state.gap_needs]
    return Dashboard(
        slug="chain",
        title=_("Chain coverage"),
        note=_(
            "Strong: three or more local firms (and certificates held, for device categories); "
            "weak: fewer; missing: none. Gap needs: needs posted in Qiao whose matches all lie "
            "outside the cluster. Click a node for its firms and candidate firms."
        ),
        tables=[
            Table(
                _("Coverage by segment"),
                [
                    _("Segment"),
                    _("Nodes"),
                    _("strong"),
                    _("weak"),
                    _("missing"),
                    _("Local firms"),
                    _("Gap needs"),
                ],
                [
                    [n, s.nodes, s.strong, s.weak, s.missing, len(s.firms), s.gap_needs]
                    for n, s in zip(names, coverage.segments, strict=True)
                ],
            ),  # fmt: skip
            Table(
                _("Gaps to fill (补链, 强链)"),
                [
                    _("Chain node"),
                    _("Segment"),
                    _("Strength"),
                    _("Local firms"),
                    _("Outside firms"),
                    _("Certificates held"),
                    _("Gap needs"),
                    _("Open leads"),
                ],
                [
                    [
                        r.node.name,
                        str(segments.get(r.node.segment, r.node.segment)),
                        strengths[r.state.strength],
                        len(r.state.local),
                        len(r.state.outside),
                        r.state.credentials,
                        len(r.state.gap_needs),
                        r.leads,
                    ]
                    for r in gaps
                ],
                links=[reverse("chain:node_detail", args=[r.node.pk]) for r in gaps],
                page_rows=100,
            ),  # fmt: skip
        ],
        charts=[
            Chart(
                "chain-strength",
                _("Nodes by strength"),
                {
                    "type": "bar",
                    "stack": True,
                    "horizontal": True,
                    "categories": names,
                    "series": [
                        {"name": strengths[k], "data": [getattr(s, k) for s in coverage.segments]}
                        for k in chain_selectors.STRENGTHS
                    ],
                },
            ),
            Chart(
                "chain-gaps",
                _("Gap needs by node"),
                {
                    "type": "bar",
                    "horizontal": True,
                    "categories": [r.node.name for r in _most_gaps(coverage.nodes)],
                    "series": [
                        {
                            "name": _("Gap needs"),
                            "data": [len(r.state.gap_needs) for r in _most_gaps(coverage.nodes)],
                        }
                    ],
                },
            ),  # fmt: skip
        ],
    )


def _most_gaps(rows, top: int = 15):
    with_gaps = [r for r in rows if r.state.gap_needs]
    return sorted(with_gaps, key=lambda r: -len(r.state.gap_needs))[:top]


def attraction_board(viewer, *, today: datetime.date) -> Dashboard:
    funnel = attraction_selectors.get_attraction_funnel(viewer=viewer, today=today)
    stages = dict(Lead.Stage.choices)
    sources = dict(Lead.Source.choices)
    return Dashboard(
        slug="attraction",
        title=_("Investment attraction"),
        note=_(
            "Reached: leads at a stage or beyond it (a dropped lead where it stopped). "
            "Conversion: the share of the stage before that reached it. Overdue: open leads "
            "whose earliest passed target date is for this stage. Dropped leads: %(dropped)d."
        )
        % {"dropped": funnel.dropped},
        tables=[
            Table(
                _("Funnel by stage"),
                [
                    _("Stage"),
                    _("Now at the stage"),
                    _("Reached"),
                    _("Conversion"),
                    _("Overdue"),
                    _("Dropped here"),
                    _("Planned investment"),
                    _("Investment arrived"),
                ],
                [
                    [
                        str(stages[s.stage]),
                        s.now,
                        s.reached,
                        _growth(s.rate),
                        s.overdue,
                        funnel.dropped_at.get(s.stage, 0),
                        Money.from_wan(s.planned),
                        Money.from_wan(s.arrived),
                    ]
                    for s in funnel.steps
                ],
            ),  # fmt: skip
            Table(
                _("By source"),
                [
                    _("Source"),
                    _("Leads"),
                    _("Signed or beyond"),
                    _("Landed or beyond"),
                    _("Conversion to signed"),
                    _("Planned investment"),
                ],
                [
                    [
                        str(sources.get(r.source, r.source)),
                        r.leads,
                        r.signed,
                        r.landed,
                        _growth(r.rate),
                        Money.from_wan(r.planned),
                    ]
                    for r in funnel.sources
                ],
            ),  # fmt: skip
        ],
        charts=[
            Chart(
                "attraction-funnel",
                _("Funnel by stage"),
                funnel_spec([(str(stages[s.stage]), s.reached, s.rate) for s in funnel.steps]),
            ),
            Chart(
                "attraction-sources",
                _("By source"),
                {
                    "type": "bar",
                    "categories": [str(sources.get(r.source, r.source)) for r in funnel.sources],
                    "series": [
                        {"name": _("Leads"), "data": [r.leads for r in funnel.sources]},
                        {"name": _("Signed or beyond"), "data": [r.signed for r in funnel.sources]},
                    ],
                },
            ),
        ],
    )

"""The dashboards as tables and chart specifications, built from the selectors.

A dashboard is a list of ``Table``s (what the page shows under its charts, what Excel gets as
one sheet each, what prints) and ``Chart``s (a small JSON spec that ``insights.js`` turns into
an Apache ECharts option), both defined in ``blocks``. Labels are translated here, in the
request's language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.insights import selectors
from qiao.insights.blocks import Chart, Dashboard, Table, funnel_spec, percent
from qiao.pipeline.models import Agreement, Introduction
from qiao.taxonomy.models import Term, Vocabulary


def _yuan(value: Decimal) -> float:
    return float(value)


def _stage_labels() -> dict[str, str]:
    return {t.code: t.label for t in Term.objects.filter(vocabulary=Vocabulary.LIFECYCLE_STAGE)}


def overview(viewer) -> Dashboard:
    funnel = selectors.get_funnel(viewer=viewer)
    stages = selectors.get_projects_by_stage(viewer=viewer)
    statuses = dict(Introduction.Status.choices)
    kinds = dict(Agreement.Kind.choices)
    labels = _stage_labels()
    steps = [
        (_("Needs"), funnel.needs),
        (_("Offers"), funnel.offers),
        (_("Matches"), funnel.matches),
        (_("Introductions"), funnel.introductions),
        (_("Agreement signed"), funnel.agreements_signed),
    ]
    # The chart's stages narrow one way: listings (needs and offers together), matches,
    # introductions, signed; each with its share of the stage before, as a percentage.
    stages_of_funnel = [
        (_("Needs and offers"), funnel.needs + funnel.offers, None),
        (_("Matches"), funnel.matches, None),
        (_("Introductions"), funnel.introductions, funnel.introduction_rate),
        (_("Agreement signed"), funnel.agreements_signed, funnel.signing_rate),
    ]
    by_status = [
        (str(statuses.get(k, k)), v) for k, v in sorted(funnel.introductions_by_status.items())
    ]
    stage_names = [labels.get(r.stage, r.stage) for r in stages]
    return Dashboard(
        slug="overview",
        title=_("Funnel and projects"),
        tables=[
            Table(
                _("Funnel"),
                [_("Step"), _("Value")],
                [
                    *[list(step) for step in steps],
                    [_("Introductions per match"), percent(funnel.introduction_rate)],
                    [_("Introductions signed"), percent(funnel.signing_rate)],
                    [
                        _("Median days from publishing to an introduction"),
                        funnel.median_days_to_introduction,
                    ],
                    [_("Median days from introduction to signing"), funnel.median_days_to_signing],
                ],
            ),
            Table(_("Introductions by status"), [_("Status"), _("Introductions")], by_status),
            Table(
                _("Agreements by kind"),
                [_("Kind"), _("Agreements")],
                [[str(kinds.get(k, k)), v] for k, v in sorted(funnel.agreements_by_kind.items())],
            ),
            Table(
                _("Amounts by currency"),
                [_("Currency"), _("Amount")],
                [list(pair) for pair in sorted(funnel.amounts_by_currency.items())],
                money=(1,),
                currency_column=0,
            ),
            Table(
                _("Projects by stage"),
                [_("Lifecycle stage"), _("Projects now"), _("Median days spent in the stage")],
                [
                    [name, r.projects, r.median_days]
                    for name, r in zip(stage_names, stages, strict=True)
                ],
            ),
        ],
        charts=[
            Chart(
                "funnel",
                _("Funnel"),
                funnel_spec(stages_of_funnel),
            ),
            Chart(
                "introductions-by-status",
                _("Introductions by status"),
                {
                    "type": "bar",
                    "categories": [n for n, _v in by_status],
                    "series": [{"name": _("Introductions"), "data": [v for _n, v in by_status]}],
                },
            ),
            Chart(
                "projects-by-stage",
                _("Projects by stage"),
                {
                    "type": "bar",
                    "categories": stage_names,
                    "series": [
                        {"name": _("Projects now"), "data": [r.projects for r in stages]},
                        {
                            "name": _("Median days spent in the stage"),
                            "data": [r.median_days for r in stages],
                            "axis": 1,
                        },
                    ],
                    "axes": [_("Projects"), _("Days")],
                },
            ),
        ],
    )


def _group_table(title: str, first: str, rows) -> Table:
    return Table(
        title,
        [first, _("Agreements"), _("Amount (yuan)")],
        [[r.label, r.agreements, _yuan(r.amount_cny)] for r in rows],
        money=(2,),
    )


def _period_label(day: datetime.date, period: str) -> str:
    if period == "year":
        return str(day.year)
    if period == "quarter":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def agreements(viewer, *, period="year", since=None, until=None) -> Dashboard:
    stats = selectors.get_agreement_stats(viewer=viewer, period=period, since=since, until=until)
    kinds = dict(Agreement.Kind.choices)
    periods = sorted({r.period for r in stats.over_time})
    names = [_period_label(p, period) for p in periods]
    kinds_seen = sorted({r.kind for r in stats.over_time})
    counts = {(r.period, r.kind): r.agreements for r in stats.over_time}
    amounts: dict[datetime.date, float] = {}
    for r in stats.over_time:
        amounts[r.period] = amounts.get(r.period, 0.0) + _yuan(r.amount_cny)
    over_time = Table(
        _("Agreements over time"),
        [_("Period"), *[str(kinds.get(k, k)) for k in kinds_seen], _("Amount (yuan)")],
        [
            [name, *[counts.get((p, k), 0) for k in kinds_seen], amounts.get(p, 0.0)]
            for name, p in zip(names, periods, strict=True)
        ],
        money=(len(kinds_seen) + 1,),
    )
    top = 15  # the charts show the largest groups; the tables and Excel keep them all
    return Dashboard(
        slug="agreements",
        title=_("Agreements and amounts"),
        note=_(
            "Amounts are in yuan; agreements in other currencies are counted, and their "
            "amounts are listed by currency on the funnel page. An agreement counts in every "
            "group of its parties, so a table's groups may add up to more than the total."
        ),
        tables=[
            Table(
                _("Total"),
                [_("Agreements"), _("Amount (yuan)")],
                [[stats.total, _yuan(stats.amount_cny)]],
                money=(1,),
            ),
            over_time,
            _group_table(_("By kind"), _("Kind"), stats.by_kind),
            _group_table(_("By device category"), _("Device category"), stats.by_category),
            _group_table(_("By region"), _("Region"), stats.by_region),
            _group_table(
                _("By organisation kind"), _("Organisation kind"), stats.by_organisation_kind
            ),
        ],
        charts=[
            Chart(
                "agreements-over-time",
                _("Agreements over time"),
                {
                    "type": "bar",
                    "stack": True,
                    "categories": names,
                    "series": [
                        *[
                            {
                                "name": str(kinds.get(k, k)),
                                "data": [counts.get((p, k), 0) for p in periods],
                            }
                            for k in kinds_seen
                        ],
                        {
                            "name": _("Amount (yuan)"),
                            "type": "line",
                            "axis": 1,
                            "data": [amounts.get(p, 0.0) for p in periods],
                        },
                    ],
                    "axes": [_("Agreements"), _("Yuan")],
                },
            ),
            *[
                Chart(
                    f"agreements-{slug}",
                    title,
                    {
                        "type": "bar",
                        "horizontal": True,
                        "categories": [r.label for r in rows[:top]],
                        "series": [
                            {"name": _("Agreements"), "data": [r.agreements for r in rows[:top]]}
                        ],
                    },
                )
                for slug, title, rows in (
                    ("by-category", _("By device category"), stats.by_category),
                    ("by-region", _("By region"), stats.by_region),
                    ("by-organisation-kind", _("By organisation kind"), stats.by_organisation_kind),
                )
            ],
        ],
    )


def brokers(viewer, *, since) -> Dashboard:
    rows = selectors.get_broker_stats(viewer=viewer, since=since)
    names = [r.name or _("Waiting for a broker") for r in rows]
    return Dashboard(
        slug="brokers",
        title=_("Brokers"),
        note=_(
            "Hours to take: from a member's request to a broker taking it. Days to answer: from "
            "an introduction's proposal to the parties' first answer. Medians."
        ),
        tables=[
            Table(
                _("Brokers' workload and response times"),
                [
                    _("Broker"),
                    _("Open"),
                    _("Overdue"),
                    _("Proposed since %(date)s") % {"date": since},
                    _("Signed since %(date)s") % {"date": since},
                    _("Median hours to take a request"),
                    _("Median days to the parties' answer"),
                ],
                [
                    [
                        name,
                        r.open,
                        r.overdue,
                        r.proposed,
                        r.signed,
                        r.median_hours_to_take,
                        r.median_days_to_answer,
                    ]
                    for name, r in zip(names, rows, strict=True)
                ],
            )
        ],
        charts=[
            Chart(
                "broker-workload",
                _("Brokers' workload"),
                {
                    "type": "bar",
                    "stack": True,
                    "horizontal": True,
                    "categories": names,
                    "series": [
                        {"name": _("Overdue"), "data": [r.overdue for r in rows]},
                        {"name": _("Open, on time"), "data": [r.open - r.overdue for r in rows]},
                    ],
                },
            )
        ],
    )


def network(viewer, *, filters) -> Dashboard:
    graph = selectors.get_network(viewer=viewer, filters=filters)
    kinds = sorted({(n.kind, n.kind_label) for n in graph.nodes})
    kind_index = {code: i for i, (code, _label) in enumerate(kinds)}
    names = {n.id: n.name for n in graph.nodes}
    return Dashboard(
        slug="network",
        title=_("Ecosystem network"),
        note=_(
            "The %(shown)d best-connected of %(connected)d connected organisations under the "
            "filters; click an organisation to open its profile."
        )
        % {"shown": graph.shown, "connected": graph.connected},
        tables=[
            Table(
                _("Organisations"),
                [_("Organisation"), _("Kind"), _("Connections")],
                [[n.name, n.kind_label, n.degree] for n in graph.nodes],
                links=[n.url for n in graph.nodes],
            ),
            Table(
                _("Ties"),
                [_("Organisation"), _("Organisation"), _("Tie"), _("Agreements")],
                [
                    [names[e.source], names[e.target], e.label, e.weight]
                    for e in sorted(graph.edges, key=lambda e: -e.weight)
                ],
                page_rows=100,
            ),
        ],
        charts=[
            Chart(
                "network",
                _("Ecosystem network"),
                {
                    "type": "graph",
                    "categories": [label for _code, label in kinds],
                    "nodes": [
                        {
                            "id": str(n.id),
                            "name": n.name,
                            "category": kind_index[n.kind],
                            "value": n.degree,
                            "url": n.url,
                        }
                        for n in graph.nodes
                    ],
                    "links": [
                        {
                            "source": str(e.source),
                            "target": str(e.target),
                            "name": e.label,
                            "value": e.weight,
                            "agreement": e.type == "agreement",
                        }
                        for e in graph.edges
                    ],
                },
            )
        ],
    )


def tabs(viewer_is_operator: bool) -> list[tuple[str, str, str]]:
    """(slug, label, URL) of the dashboards the viewer may open."""
    items = [
        ("overview", _("Funnel and projects"), reverse("insights:dashboard")),
        ("agreements", _("Agreements and amounts"), reverse("insights:agreements")),
        ("network", _("Ecosystem network"), reverse("insights:network")),
    ]
    if viewer_is_operator:
        items.insert(2, ("brokers", _("Brokers"), reverse("insights:brokers")))
    # The cluster's numbers (issue 17, ``cluster.py``): statistics for everyone (a member's
    # own firms), the rest for operators.
    items.append(("statistics", _("Statistics"), reverse("insights:statistics")))
    if viewer_is_operator:
        items += [
            ("regions", _("Region comparison"), reverse("insights:regions")),
            ("chain", _("Chain coverage"), reverse("insights:chain")),
            ("attraction", _("Investment attraction"), reverse("insights:attraction")),
        ]
    return items

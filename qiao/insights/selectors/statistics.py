"""The reporting figures (``qiao.reporting``) over periods and regions.

A firm's figures are confidential: operators read the cluster's, a member only their own
organisations' (the reduced view, as for the other dashboards). The region comparison adds
up firms by place, so it is for operators only (a district with one firm would show it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from qiao.directory.models import Membership, Organisation
from qiao.directory.roles import require_operator, roles_of
from qiao.reporting import periods
from qiao.reporting.models import Figure, Indicator

LAST_PERIODS = 8  # quarters (or years) shown per indicator


def figures_in_scope(viewer) -> QuerySet[Figure]:
    roles = roles_of(viewer)
    figures = Figure.objects.all()
    return figures if roles.is_operator else figures.filter(organisation_id__in=roles.member_of)


def growth(now: Decimal | None, before: Decimal | None) -> float | None:
    """Change on ``before`` as a rate (0.125 is 12.5 %); none without a base."""
    if now is None or not before:
        return None
    return float((now - before) / before)


@dataclass(frozen=True)
class TrendPoint:
    period: str
    total: Decimal
    firms: int
    previous: Decimal | None  # the period before (环比)
    year_ago: Decimal | None  # the same period a year before (同比)

    @property
    def growth(self) -> float | None:
        return growth(self.total, self.previous)

    @property
    def growth_year(self) -> float | None:
        return growth(self.total, self.year_ago)


@dataclass(frozen=True)
class IndicatorTrend:
    indicator: Indicator
    points: list[TrendPoint]

    @property
    def latest(self) -> TrendPoint | None:
        return self.points[-1] if self.points else None


def _kind_of(period: str) -> str:
    return Indicator.PeriodKind.QUARTER if "Q" in period else Indicator.PeriodKind.YEAR


def get_indicator_trends(*, viewer, last: int = LAST_PERIODS) -> list[IndicatorTrend]:
    """Per active indicator, its total and firms reporting in each of its ``last`` periods
    (of its own kind: quarters or years), with the bases of both growth rates."""
    rows = (
        figures_in_scope(viewer)
        .filter(indicator__is_active=True)
        .values_list("indicator_id", "period")
        .annotate(total=Sum("value"), firms=Count("id"))
        .order_by()
    )
    sums: dict[int, dict[str, tuple[Decimal, int]]] = {}
    for indicator_id, period, total, firms in rows:
        sums.setdefault(indicator_id, {})[period] = (total, firms)
    trends = []
    for indicator in Indicator.objects.filter(is_active=True):
        known = sums.get(indicator.pk, {})
        own = sorted(p for p in known if _kind_of(p) == indicator.period_kind)[-last:]
        points = [
            TrendPoint(
                period=p,
                total=known[p][0],
                firms=known[p][1],
                previous=known.get(periods.previous(p), (None,))[0],
                year_ago=known.get(periods.year_ago(p), (None,))[0],
            )
            for p in own
        ]
        trends.append(IndicatorTrend(indicator=indicator, points=points))
    return trends


def latest_period(indicator: Indicator) -> str | None:
    return (
        Figure.objects.filter(indicator=indicator)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


@dataclass(frozen=True)
class RegionRow:
    province: str
    city: str
    district: str
    organisations: int  # in the directory
    firms: int  # in the cluster (with member accounts)
    reporting: int  # cluster firms with a figure for the indicator and period
    total: Decimal | None

    @property
    def name(self) -> str:
        """The place this row stands for: the deepest part that is set."""
        return self.district or self.city or self.province


LEVELS = ("province", "city", "district")


def get_region_comparison(
    *, viewer, indicator: Indicator | None, period: str | None, province: str = "", city: str = ""
) -> list[RegionRow]:
    """Organisations, cluster firms and the indicator's total per region one level below the
    one chosen: provinces; a province's cities; a city's districts. Operators only."""
    require_operator(viewer)
    where: dict[str, str] = {}
    if province:
        where["province"] = province
        if city:
            where["city"] = city
    level = LEVELS[len(where)]
    organisations = Organisation.objects.filter(**where)
    in_cluster = organisations.filter(pk__in=Membership.objects.values("organisation_id"))
    counted = dict(organisations.values_list(level).annotate(n=Count("id")).order_by())
    firms = dict(in_cluster.values_list(level).annotate(n=Count("id")).order_by())
    reporting: dict[str, int] = {}
    totals: dict[str, Decimal] = {}
    if indicator is not None and period:
        figures = Figure.objects.filter(
            indicator=indicator, period=period, organisation__in=in_cluster
        )
        for place, total, n in (
            figures.values_list(f"organisation__{level}")
            .annotate(total=Sum("value"), n=Count("id"))
            .order_by()
        ):
            totals[place], reporting[place] = total, n
    rows = []
    for place in sorted(counted, key=lambda p: (-firms.get(p, 0), -counted[p], p)):
        parts = {**where, level: place}
        rows.append(
            RegionRow(
                province=parts.get("province", ""),
                city=parts.get("city", ""),
                district=parts.get("district", ""),
                organisations=counted[place],
                firms=firms.get(place, 0),
                reporting=reporting.get(place, 0),
                total=totals.get(place),
            )
        )
    return rows

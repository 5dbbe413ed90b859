"""Agreements and amounts over time, by kind, device category, region and organisation kind.

Amounts are summed in yuan: agreements in other currencies are counted but their amounts are
left out of these sums (the funnel lists totals per currency). An agreement counts once in
each group it belongs to, so a group's figures are exact while the groups of one table may
add up to more than the total (an agreement between a hospital and a company is in both
organisation kinds).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Trunc

from qiao.directory.roles import roles_of
from qiao.insights.selectors.scope import agreements_in_scope
from qiao.pipeline.models import Agreement, AgreementParty
from qiao.taxonomy.models import Term

Period = Literal["year", "quarter", "month"]
PERIODS: tuple[str, ...] = get_args(Period)
CNY = Agreement.Currency.CNY


@dataclass(frozen=True)
class GroupRow:
    key: str  # a code, or a region "province city district"
    label: str
    agreements: int
    amount_cny: Decimal


@dataclass(frozen=True)
class PeriodRow:
    period: datetime.date  # the first day of the year, quarter or month
    kind: str
    agreements: int
    amount_cny: Decimal


@dataclass(frozen=True)
class AgreementStats:
    period: str
    total: int
    amount_cny: Decimal
    over_time: list[PeriodRow]
    by_kind: list[GroupRow]
    by_category: list[GroupRow]
    by_region: list[GroupRow]
    by_organisation_kind: list[GroupRow]


_YUAN = Sum("amount", filter=Q(currency=CNY), default=Decimal(0))


def _amount(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _by_party(agreements: QuerySet[Agreement] | None, *keys: str) -> list[tuple]:
    """Count agreements and sum their yuan per value of the parties' ``keys``, counting each
    agreement once per group however many of its parties share the value.

    ``agreements`` None means every agreement (an operator's unfiltered view): no semi-join.
    """
    columns = {f"g{i}": F(key) for i, key in enumerate(keys)}
    parties = AgreementParty.objects.all()
    if agreements is not None:
        parties = parties.filter(agreement__in=agreements.values("pk"))
    pairs = (
        parties.annotate(
            **columns,
            yuan=Case(When(agreement__currency=CNY, then=F("agreement__amount"))),
        )
        .values("agreement_id", *columns, "yuan")
        .distinct()
    )
    sql, params = pairs.query.sql_with_params()
    group = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {group}, COUNT(*), SUM(yuan) FROM ({sql}) grouped "  # noqa: S608 (no user input)
            f"GROUP BY {group} ORDER BY COUNT(*) DESC",
            params,
        )
        return cursor.fetchall()


def get_agreement_stats(
    *,
    viewer,
    period: str = "year",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> AgreementStats:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    agreements = agreements_in_scope(viewer)
    everything = roles_of(viewer).is_operator and not since and not until
    if since:
        agreements = agreements.filter(signed_on__gte=since)
    if until:
        agreements = agreements.filter(signed_on__lte=until)
    kinds = dict(Agreement.Kind.choices)

    totals = agreements.aggregate(n=Count("pk"), yuan=_YUAN)
    over_time = [
        PeriodRow(period=p, kind=k, agreements=n, amount_cny=_amount(yuan))
        for p, k, n, yuan in agreements.annotate(p=Trunc("signed_on", period))
        .values_list("p", "kind")
        .annotate(n=Count("pk"), yuan=_YUAN)
        .order_by("p", "kind")
    ]
    by_kind = [
        GroupRow(key=k, label=str(kinds.get(k, k)), agreements=n, amount_cny=_amount(yuan))
        for k, n, yuan in agreements.values_list("kind")
        .annotate(n=Count("pk"), yuan=_YUAN)
        .order_by("-n", "kind")
    ]
    # Each (agreement, category) pair is one row of the through table: a plain join is exact.
    category_rows = (
        agreements.filter(categories__isnull=False)
        .values_list("categories")
        .annotate(n=Count("pk"), yuan=_YUAN)
        .order_by("-n")
    )
    terms = Term.objects.in_bulk([row[0] for row in category_rows])
    by_category = [
        GroupRow(
            key=terms[pk].code,
            label=f"{terms[pk].code} {terms[pk].label}",
            agreements=n,
            amount_cny=_amount(yuan),
        )
        for pk, n, yuan in category_rows
    ]
    by_region = [
        GroupRow(
            key=" ".join(p for p in (province, city, district) if p),
            label=" ".join(p for p in (province, city, district) if p) or "—",
            agreements=n,
            amount_cny=_amount(yuan),
        )
        for province, city, district, n, yuan in _by_party(
            None if everything else agreements,
            "organisation__province",
            "organisation__city",
            "organisation__district",
        )
    ]
    kind_rows = _by_party(None if everything else agreements, "organisation__kind_id")
    kind_terms = Term.objects.in_bulk([row[0] for row in kind_rows])
    by_organisation_kind = [
        GroupRow(
            key=kind_terms[pk].code,
            label=kind_terms[pk].label,
            agreements=n,
            amount_cny=_amount(yuan),
        )
        for pk, n, yuan in kind_rows
    ]
    return AgreementStats(
        period=period,
        total=totals["n"],
        amount_cny=_amount(totals["yuan"]),
        over_time=over_time,
        by_kind=by_kind,
        by_category=by_category,
        by_region=by_region,
        by_organisation_kind=by_organisation_kind,
    )

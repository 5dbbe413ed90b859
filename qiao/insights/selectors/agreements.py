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

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Trunc

from qiao.directory.roles import roles_of
from qiao.insights.selectors.scope import agreements_in_scope
from qiao.pipeline.models import Agreement, AgreementGroup
from qiao.taxonomy.models import Term, Vocabulary

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


def _by_group(agreements: QuerySet[Agreement] | None, dimension: str) -> list[tuple]:
    """Count agreements and sum their yuan per group of their parties (``AgreementGroup``:
    an agreement is in a group once, however many of its parties share it).

    ``agreements`` None means every agreement (an operator's unfiltered view): no semi-join.
    """
    groups = AgreementGroup.objects.filter(dimension=dimension)
    if agreements is not None:
        groups = groups.filter(agreement__in=agreements.values("pk"))
    yuan = Sum(Case(When(agreement__currency=CNY, then=F("agreement__amount"))), default=0)
    return list(groups.values_list("key").annotate(n=Count("pk"), yuan=yuan).order_by("-n", "key"))


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
    scope = None if everything else agreements
    Dimension = AgreementGroup.Dimension
    by_region = [
        GroupRow(key=key, label=key or "—", agreements=n, amount_cny=_amount(yuan))
        for key, n, yuan in _by_group(scope, Dimension.REGION)
    ]
    kind_labels = {
        t.code: t.label for t in Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND)
    }
    by_organisation_kind = [
        GroupRow(
            key=code, label=kind_labels.get(code, code), agreements=n, amount_cny=_amount(yuan)
        )
        for code, n, yuan in _by_group(scope, Dimension.ORGANISATION_KIND)
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

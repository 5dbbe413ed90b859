"""Dues and churn of an alliance, per year and tier: pure arithmetic over plain rows.

A *period* is one paid membership year (a payment: from the day after the previous period,
or the payment day, to ``covers_until``). Per year Y and tier:

- **paid**: what the payments of periods starting in Y brought;
- **overdue**: the fee of each membership still active whose paid period ended before
  today, counted in the year its next period was due, and of each approval awaiting its
  first payment for more than ``GRACE_DAYS``;
- **open**: the same dues not yet due (the next period of a paid-up member), or awaiting
  a first payment for less than ``GRACE_DAYS``;
- **expected** = paid + overdue + open. A lapsed member owes nothing: it left (churn).

Churn per year Y: of the periods ending in Y, **renewed** (a later period was paid),
**lapsed** (none, the period has ended and the membership is no longer active), **pending**
(not ended yet, or ended and overdue but not lapsed yet); the churn rate is
lapsed / (renewed + lapsed). **Joined**: memberships whose first period started in Y.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

GRACE_DAYS = 30
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Period:
    membership_id: int
    tier: str
    amount: Decimal
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class Due:
    """A fee owed and not paid: the next period of an active member, or a first payment."""

    membership_id: int
    tier: str
    fee: Decimal
    due_on: datetime.date
    first: bool = False


@dataclass
class DuesRow:
    year: int
    tier: str
    paid: Decimal = ZERO
    overdue: Decimal = ZERO
    open: Decimal = ZERO
    payments: int = 0
    overdue_members: list[int] = field(default_factory=list)

    @property
    def expected(self) -> Decimal:
        return self.paid + self.overdue + self.open


@dataclass
class ChurnRow:
    year: int
    joined: int = 0
    ending: int = 0
    renewed: int = 0
    lapsed: int = 0
    pending: int = 0

    @property
    def churn_rate(self) -> float | None:
        decided = self.renewed + self.lapsed
        return round(self.lapsed / decided, 3) if decided else None


def _is_overdue(due: Due, today: datetime.date) -> bool:
    if due.first:
        return (today - due.due_on).days > GRACE_DAYS
    return due.due_on <= today


def dues_table(periods: list[Period], dues: list[Due], today: datetime.date) -> list[DuesRow]:
    rows: dict[tuple[int, str], DuesRow] = {}

    def row(year: int, tier: str) -> DuesRow:
        return rows.setdefault((year, tier), DuesRow(year, tier))

    for period in periods:
        r = row(period.starts_on.year, period.tier)
        r.paid += period.amount
        r.payments += 1
    for due in dues:
        r = row(due.due_on.year, due.tier)
        if _is_overdue(due, today):
            r.overdue += due.fee
            r.overdue_members.append(due.membership_id)
        else:
            r.open += due.fee
    return sorted(rows.values(), key=lambda r: (-r.year, r.tier))


def churn_table(
    periods: list[Period], today: datetime.date, *, active: frozenset[int] = frozenset()
) -> list[ChurnRow]:
    """``active``: memberships still active (an ended, unpaid year is then still pending:
    it is overdue, not lapsed, until the renewal command lapses it)."""
    by_membership: dict[int, list[Period]] = defaultdict(list)
    for period in periods:
        by_membership[period.membership_id].append(period)
    rows: dict[int, ChurnRow] = {}
    for own in by_membership.values():
        own.sort(key=lambda p: p.ends_on)
        first = own[0].starts_on.year
        rows.setdefault(first, ChurnRow(first)).joined += 1
        for n, period in enumerate(own):
            r = rows.setdefault(period.ends_on.year, ChurnRow(period.ends_on.year))
            r.ending += 1
            if n + 1 < len(own):
                r.renewed += 1
            elif period.ends_on < today and period.membership_id not in active:
                r.lapsed += 1
            else:
                r.pending += 1
    return sorted(rows.values(), key=lambda r: -r.year)

"""Policy money delivered to firms, by year, policy and district (operators' insights).

Read from the applications firms and operators record: the amount granted counts in the
year of the decision, the amount received in the year it was paid (else decided, else
applied). Nothing here writes."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qiao.core.xlsx import append_row
from qiao.policies.models import Application

ZERO = Decimal("0")


@dataclass
class Delivered:
    """Granted and paid amounts, and the firms that received them, for one row."""

    granted: Decimal = ZERO
    paid: Decimal = ZERO
    firms: set[int] = field(default_factory=set)

    @property
    def firm_count(self) -> int:
        return len(self.firms)


@dataclass(frozen=True)
class MoneyDelivered:
    years: list[int]
    by_policy: list[tuple[int, str, str, Delivered]]  # year, policy title, issuer, amounts
    by_district: list[tuple[int, str, Delivered]]  # year, district ("" unknown), amounts
    by_year: list[tuple[int, Delivered]]


def _year(*days: datetime.date | None) -> int | None:
    return next((d.year for d in days if d), None)


def money_delivered(applications: QuerySet[Application]) -> MoneyDelivered:
    by_policy: dict[tuple[int, int], Delivered] = defaultdict(Delivered)
    by_district: dict[tuple[int, str], Delivered] = defaultdict(Delivered)
    by_year: dict[int, Delivered] = defaultdict(Delivered)
    policies: dict[int, tuple[str, str]] = {}
    rows = applications.filter(status=Application.Status.APPROVED).select_related(
        "policy", "organisation"
    )
    for a in rows:
        policies[a.policy_id] = (a.policy.title, a.policy.issuer)
        district = a.organisation.district
        granted_in = _year(a.decided_on, a.applied_on)
        paid_in = _year(a.paid_on, a.decided_on, a.applied_on)
        if a.amount_granted and granted_in:
            for row in (by_policy[granted_in, a.policy_id], by_district[granted_in, district],
                        by_year[granted_in]):  # fmt: skip
                row.granted += a.amount_granted
                row.firms.add(a.organisation_id)
        if a.amount_received and paid_in:
            for row in (by_policy[paid_in, a.policy_id], by_district[paid_in, district],
                        by_year[paid_in]):  # fmt: skip
                row.paid += a.amount_received
                row.firms.add(a.organisation_id)
    return MoneyDelivered(
        years=sorted(by_year, reverse=True),
        by_policy=sorted(
            ((y, *policies[p], d) for (y, p), d in by_policy.items()),
            key=lambda r: (-r[0], -r[3].paid, -r[3].granted, r[1]),
        ),
        by_district=sorted(
            ((y, district, d) for (y, district), d in by_district.items()),
            key=lambda r: (-r[0], -r[2].paid, r[1]),
        ),
        by_year=sorted(by_year.items(), reverse=True),
    )


def money_workbook(figures: MoneyDelivered) -> Workbook:
    workbook = Workbook(write_only=True)
    amounts = [_("Granted (yuan)"), _("Paid out (yuan)"), _("Firms")]
    sheet = workbook.create_sheet(_("By policy"))
    append_row(sheet, [_("Year"), _("Policy"), _("Issuing body"), *amounts])
    for year, title, issuer, d in figures.by_policy:
        append_row(sheet, [year, title, issuer, d.granted, d.paid, d.firm_count])
    sheet = workbook.create_sheet(_("By district"))
    append_row(sheet, [_("Year"), _("District"), *amounts])
    for year, district, d in figures.by_district:
        append_row(sheet, [year, district or _("unknown"), d.granted, d.paid, d.firm_count])
    sheet = workbook.create_sheet(_("By year"))
    append_row(sheet, [_("Year"), *amounts])
    for year, d in figures.by_year:
        append_row(sheet, [year, d.granted, d.paid, d.firm_count])
    return workbook

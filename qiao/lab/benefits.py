"""Discounts on lab fees granted outside the lab (e.g. an alliance tier), asked by registry.

The lab may not import the apps above it (``qiao/tests/test_app_dependencies.py``), so an
app that grants a discount registers a function here in its ``AppConfig.ready()``, as apps
subscribe to effects. A function answers ``(lab owner id, customer id) -> percent``; the
booking takes the best one, once, when its rate is fixed. Apps may also register who else
records vouchers (``register_voucher_grantor``, asked by the ``lab.grant_voucher`` rule).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

Discount = Callable[[int, int], int]

_discounts: list[Discount] = []


def register_discount(discount: Discount) -> Discount:
    if discount not in _discounts:
        _discounts.append(discount)
    return discount


def discount_percent(*, owner_id: int, customer_id: int) -> int:
    """The best discount (0–100) any registered grantor gives this customer at this lab."""
    if owner_id == customer_id:
        return 0  # own staff pay the own rate
    best = max((int(d(owner_id, customer_id) or 0) for d in _discounts), default=0)
    return min(max(best, 0), 100)


def discounted_rate(rate: Decimal, *, owner_id: int, customer_id: int) -> Decimal:
    percent = discount_percent(owner_id=owner_id, customer_id=customer_id)
    if not percent:
        return rate
    return (rate * (100 - percent) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Who else may record a voucher for an organisation: ``(user, organisation id) -> bool``
# (e.g. an alliance's secretariat, for its paid-up members' yearly allowance).
Grantor = Callable[[object, int], bool]

_grantors: list[Grantor] = []


def register_voucher_grantor(grantor: Grantor) -> Grantor:
    if grantor not in _grantors:
        _grantors.append(grantor)
    return grantor


def may_grant_voucher(user, organisation_id: int) -> bool:
    return any(grantor(user, organisation_id) for grantor in _grantors)

from decimal import Decimal

import pytest

from qiao.reporting import catalogue, checks, periods


@pytest.mark.parametrize(
    ("period", "before", "year_ago"),
    [("2026Q1", "2025Q4", "2025Q1"), ("2026Q3", "2026Q2", "2025Q3"), ("2026", "2025", "2025")],
)
def test_periods(period, before, year_ago):
    assert periods.previous(period) == before
    assert periods.year_ago(period) == year_ago


def test_bad_period_is_refused():
    with pytest.raises(ValueError):
        periods.parse("2026Q5")


@pytest.mark.parametrize(
    ("previous", "value", "jump"),
    [
        (None, Decimal(5), False),
        (Decimal(100), Decimal(150), False),
        (Decimal(100), Decimal(151), True),
        (Decimal(100), Decimal(40), True),
        (Decimal(0), Decimal(0), False),
        (Decimal(0), Decimal(1), True),
    ],
)
def test_jump(previous, value, jump):
    assert checks.is_jump(previous, value, 50) is jump


def test_key_figures_map_with_units():
    assert catalogue.map_key_figure("年营收", "亿元", Decimal("1.5")) == (
        "revenue",
        Decimal("15000.00"),
    )
    assert catalogue.map_key_figure("研发人员", "人", Decimal(30)) == ("rd_staff", Decimal(30))
    assert catalogue.map_key_figure("营业收入", "美元", Decimal(1)) is None
    assert catalogue.map_key_figure("合作医院", "家", Decimal(8)) is None

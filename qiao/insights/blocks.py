"""What a dashboard is made of: tables (page, Excel, print) and chart specifications.

``Table`` holds plain values, so Excel gets numbers; the page formats its amounts as money
in the reader's language. ``Chart`` specs are turned into Apache ECharts options by
``insights.js``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qiao.core.money import format_money


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str | None] | None = None  # a URL per row, for the first cell
    page_rows: int | None = None  # the page shows this many rows; Excel always gets them all
    # Columns that hold amounts: numbers in Excel, money on the page (1.5 亿元 / ¥150,000,000),
    # in yuan unless ``currency_column`` names the column that holds each row's currency.
    money: tuple[int, ...] = ()
    currency_column: int | None = None

    @property
    def lines(self):
        """(first cell, its link or None, the other cells) per row, for the template."""
        links = self.links or [None] * len(self.rows)
        rows = [self._for_page(row) for row in self.rows]
        lines = [(row[0], link, row[1:]) for row, link in zip(rows, links, strict=True)]
        return lines[: self.page_rows] if self.page_rows else lines

    @property
    def page_columns(self) -> list[str]:
        """The headings on the page: an amount says its own unit, so "Amount", not "(yuan)"."""
        return [_("Amount") if i in self.money else c for i, c in enumerate(self.columns)]

    def _for_page(self, row: list) -> list:
        if not self.money:
            return row
        language = get_language() or "zh-hans"
        currency = row[self.currency_column] if self.currency_column is not None else "CNY"
        return [
            format_money(value, currency, language=language) if i in self.money else value
            for i, value in enumerate(row)
        ]

    @property
    def rows_not_shown(self) -> int:
        return max(0, len(self.rows) - self.page_rows) if self.page_rows else 0


@dataclass(frozen=True)
class Money:
    """An amount in yuan: the page shows it through ``qiao.core.money`` (1.5 亿元, ¥150,000,000);
    Excel gets the number in 万元 under a column marked so, as government returns use."""

    yuan: Decimal

    @classmethod
    def from_wan(cls, wan) -> Money | None:
        return None if wan is None else cls(Decimal(wan) * 10000)

    @property
    def wan(self) -> float:
        return float(self.yuan / 10000)


@dataclass
class Chart:
    id: str
    title: str
    spec: dict

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.id}"

    @property
    def is_empty(self) -> bool:
        spec = self.spec
        if spec["type"] == "graph":
            return not spec["nodes"]
        if spec["type"] == "funnel":
            return not any(step["value"] for step in spec["data"])
        return not spec["categories"]


@dataclass
class Dashboard:
    slug: str
    title: str
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    note: str = ""


def percent(rate: float | None) -> str:
    """A rate as people read it: 1.0 is "100%", 0.125 is "12.5%"; none is "–"."""
    if rate is None:
        return "–"
    return f"{rate * 100:.1f}".removesuffix(".0") + "%"


def funnel_spec(stages: list[tuple[str, int, float | None]]) -> dict:
    """A funnel that narrows stage by stage, whatever the counts: each stage is drawn one
    step narrower than the one before (``size``), and labelled with its count and, where
    it has one, its rate from the stage before as a percentage."""
    steps = len(stages)
    return {
        "type": "funnel",
        "data": [
            {
                "name": str(name),
                "value": value,
                "size": steps - index,
                "label": f"{name}  {value}" + (f" ({percent(rate)})" if rate is not None else ""),
            }
            for index, (name, value, rate) in enumerate(stages)
        ],
    }

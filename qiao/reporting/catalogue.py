"""The indicators Qiao ships with (issue 17's list) and how free key figures map onto them.

Pure data and one pure function; the data migration and the seed read it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

TORCH = "火炬统计年报"
CLUSTER = "集群季报"

# code, name_zh, name_en, unit_zh, unit_en, period kind, statistical return, derived from
INDICATORS: list[tuple[str, str, str, str, str, str, str, str]] = [
    ("revenue", "营业收入", "Revenue", "万元", "10k yuan", "quarter", f"{CLUSTER}；{TORCH}", ""),
    (
        "industrial_output",
        "工业总产值",
        "Industrial output",
        "万元",
        "10k yuan",
        "quarter",
        CLUSTER,
        "",
    ),
    ("tax_paid", "实缴税费", "Tax paid", "万元", "10k yuan", "quarter", f"{CLUSTER}；{TORCH}", ""),
    (
        "rd_spending",
        "研发投入",
        "R&D spending",
        "万元",
        "10k yuan",
        "quarter",
        f"{CLUSTER}；{TORCH}",
        "",
    ),
    ("employees", "从业人员", "Employees", "人", "people", "quarter", f"{CLUSTER}；{TORCH}", ""),
    ("rd_staff", "研发人员", "R&D staff", "人", "people", "quarter", TORCH, ""),
    (
        "patents_applied",
        "专利申请数",
        "Patents applied for",
        "件",
        "",
        "year",
        TORCH,
        "patents_applied",
    ),
    (
        "patents_granted",
        "专利授权数",
        "Patents granted",
        "件",
        "",
        "year",
        TORCH,
        "patents_granted",
    ),
    (
        "registrations",
        "医疗器械注册证数",
        "Device registration certificates",
        "张",
        "",
        "quarter",
        CLUSTER,
        "registrations",
    ),
    ("export_value", "出口额", "Export value", "万元", "10k yuan", "quarter", CLUSTER, ""),
    (
        "investment_received",
        "获得投资额",
        "Investment received",
        "万元",
        "10k yuan",
        "quarter",
        CLUSTER,
        "",
    ),
]

# Key-figure labels (Chinese, checked in this order) → indicator code.
LABEL_RULES: list[tuple[tuple[str, ...], str]] = [
    (("研发人员",), "rd_staff"),
    (("研发投入", "研发费用", "研发支出"), "rd_spending"),
    (("授权专利", "专利授权"), "patents_granted"),
    (("专利",), "patents_applied"),
    (("注册证",), "registrations"),
    (("产值",), "industrial_output"),
    (("营收", "营业收入", "销售收入", "收入"), "revenue"),
    (("纳税", "税"), "tax_paid"),
    (("出口",), "export_value"),
    (("融资", "投资"), "investment_received"),
    (("员工", "人数", "从业"), "employees"),
]

MONEY_UNITS = {"万元": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001")}
MONEY_CODES = {row[0] for row in INDICATORS if row[3] == "万元"}


def seed_indicators(indicator_model: Any) -> dict[str, Any]:
    """Create the shipped indicators that are missing; return {code: indicator}.

    Takes the model class, so the data migration (historical model) and tests can share it.
    """
    by_code = {}
    for position, row in enumerate(INDICATORS):
        code, name_zh, name_en, unit_zh, unit_en, period_kind, statistical_return, derived = row
        by_code[code], _created = indicator_model.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "unit_zh": unit_zh,
                "unit_en": unit_en,
                "period_kind": period_kind,
                "statistical_return": statistical_return,
                "derived_from": derived,
                "position": position,
            },
        )
    return by_code


def map_key_figure(label_zh: str, unit_zh: str, value: Decimal) -> tuple[str, Decimal] | None:
    """Return (indicator code, value in the indicator's unit) for a key figure, or None when
    it does not map (unknown label, or money in a unit that cannot be converted)."""
    for words, code in LABEL_RULES:
        if any(word in label_zh for word in words):
            if code in MONEY_CODES:
                factor = MONEY_UNITS.get(unit_zh.strip())
                if factor is None:
                    return None
                return code, (value * factor).quantize(Decimal("0.01"))
            return code, value
    return None

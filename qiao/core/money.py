"""Amounts of money as people read them: 1.5 亿元 and 300 万元 in Chinese, ¥1,500,000 in English.

Pure: no Django import. The template filter ``money`` (``{% load qiao_format %}``) passes the
active language; everything that shows an amount goes through it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

YI = Decimal(100_000_000)
WAN = Decimal(10_000)
# Chinese unit after the number, English sign before it.
CURRENCY_ZH = {"CNY": "元", "USD": "美元", "EUR": "欧元"}
CURRENCY_SIGN = {"CNY": "¥", "USD": "$", "EUR": "€"}


def _grouped(value: Decimal, places: int) -> str:
    """``value`` with thousands separators and at most ``places`` decimals, zeros dropped."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _exact(value: Decimal) -> str:
    """A plain amount: whole yuan without decimals, otherwise with both cents (120.50)."""
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{cents:,.0f}" if cents == cents.to_integral_value() else f"{cents:,.2f}"


def format_money(amount, currency: str = "CNY", *, language: str = "zh-hans") -> str:
    """Return the amount for a reader of ``language``; "" for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    currency = (currency or "CNY").upper()
    sign = "-" if value < 0 else ""
    value = abs(value)
    if language.startswith("zh"):
        unit = CURRENCY_ZH.get(currency, " " + currency)
        if value >= YI:
            return f"{sign}{_grouped(value / YI, 2)} 亿{unit}"
        if value >= WAN:
            return f"{sign}{_grouped(value / WAN, 2)} 万{unit}"
        return f"{sign}{_exact(value)} {unit}".replace("  ", " ")
    symbol = CURRENCY_SIGN.get(currency)
    number = _exact(value)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency}"

"""Numbers and amounts written in Chinese news: 20亿元, 3000万元, 三亿五千万元, 1.5万平方米.

Pure module (no Django import). Chinese numerals go through cn2an.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

_NUMERAL = "0-9.零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
NUMBER = rf"[{_NUMERAL}]*[0-9零〇一二两三四五六七八九十][{_NUMERAL}]*"
_MULTIPLIER = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}
_CURRENCY = {
    "元": ("CNY", Decimal(1)),
    "人民币": ("CNY", Decimal(1)),
    "美元": ("USD", Decimal(1)),
    "欧元": ("EUR", Decimal(1)),
}
MONEY = re.compile(rf"(?P<num>{NUMBER})(?P<unit>(?:万|亿|千万|万亿)?)(?P<cur>元|美元|欧元)")


def parse_number(text: str) -> Decimal | None:
    """Return the value of "20", "1.5万", "三千", "二十四" or "1,000", or None."""
    text = text.replace(",", "").replace("，", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def parse_money(text: str) -> tuple[Decimal, str] | None:
    """Return (amount in units of the currency, currency code) of "20亿元", or None."""
    m = MONEY.search(text)
    if m is None:
        return None
    number = parse_number(m["num"] + m["unit"])
    if number is None:
        return None
    currency, scale = _CURRENCY[m["cur"]]
    return (number * scale, currency)


def as_plain(value: Decimal) -> int | float:
    """Return an int when the value is whole, else a float (for JSON)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)

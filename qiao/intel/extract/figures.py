"""Key figures in a cleaned article: amounts, areas, counts and what they are about.

Pure module (no Django import). ``amounts`` parses the numbers (cn2an for Chinese numerals);
a count without a word saying what it counts is not a figure.
"""

from __future__ import annotations

import re
from decimal import Decimal

from qiao.intel.amounts import NUMBER, as_plain, parse_money, parse_number
from qiao.intel.extract.model import Figure

__all__ = ["find_figures"]

_FIGURE = re.compile(
    rf"(?P<num>(?:{NUMBER})(?:\.\d+)?)\s?(?:余|多)?(?P<unit>万平方米|平方米|亿元|万元|千万元|元|%|项|家|个|位|所|周年|对)"
)


def find_figures(text: str) -> list[Figure]:
    """Return the figures of ``text``, each once (a headline repeats the body's)."""
    figures: list[Figure] = []
    seen_figures: set[tuple[int | float, str, str]] = set()
    for m in _FIGURE.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in "第"):
            continue
        raw_num = m["num"]
        value = parse_number(raw_num)
        if value is None or value == 0:
            continue
        unit = m["unit"]
        if unit in ("亿元", "万元", "千万元", "元"):
            money = parse_money(m.group(0))
            if money is None:
                continue
            value, unit = money[0], "元"
        elif unit == "万平方米":
            value, unit = value * Decimal(10_000), "平方米"
        if raw_num.startswith("一"):
            if unit in ("个", "家", "项", "位", "所", "对"):
                continue
        about = _about(text, m.end(), m.start())
        if unit in ("个", "家", "项", "位", "所", "对") and not about:
            continue
        figure_key = (as_plain(value), unit, about)
        if figure_key in seen_figures:
            continue  # the same figure said twice (headline and body)
        seen_figures.add(figure_key)
        figures.append(Figure(m.group(0), as_plain(value), unit, about, 0.7, m.start(), m.end()))
    return figures


def _about(text: str, pos: int, before: int) -> str:
    m = re.match(r"[\u4e00-\u9fffA-Za-z]{1,12}", text[pos:])
    if not m:
        b = re.search(r"[\u4e00-\u9fffA-Za-z]{1,8}$", text[max(0, before - 8) : before])
        if not b:
            return ""
        word = b.group(0)
        for stop in ("已申请", "申请", "获得", "取得", "达", "超", "逾", "共", "约", "占比", "为"):
            cut = word.rfind(stop)
            if cut >= 0:
                after, before_stop = word[cut + len(stop) :], word[:cut]
                word = after if after else before_stop
        return word
    word = m.group(0).lstrip("的")
    for stop in (
        "的",
        "和",
        "与",
        "及",
        "等",
        "、",
        "落户",
        "签",
        "参与",
        "发布",
        "共同",
        "达成",
        "进入",
    ):
        cut = word.find(stop)
        if cut > 0:
            word = word[:cut]
    return word

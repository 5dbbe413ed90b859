"""Formatting filters for every page: ``{{ agreement.amount|money:agreement.currency }}``."""

from django import template
from django.utils.translation import get_language

from qiao.core.money import format_money
from qiao.core.regions import region_name

register = template.Library()


@register.filter
def money(amount, currency="CNY"):
    """1.5 亿元 / 300 万元 in Chinese, ¥1,500,000 in English (see qiao/core/money.py)."""
    return format_money(amount, currency or "CNY", language=get_language() or "zh-hans")


@register.simple_tag
def region(province="", city="", district=""):
    """上海市 奉贤区 on Chinese pages, "Fengxian District, Shanghai" on English ones."""
    return region_name(province, city, district, language=get_language() or "zh-hans")


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def in_language(obj, field="title"):
    """``obj.<field>_en`` on English pages, ``obj.<field>_zh`` on Chinese ones, else the other."""
    zh, en = getattr(obj, f"{field}_zh", "") or "", getattr(obj, f"{field}_en", "") or ""
    return (en or zh) if _english() else (zh or en)


@register.filter
def other_language(obj, field="title"):
    """The name in the other language, shown under the main one; "" when there is none."""
    zh, en = getattr(obj, f"{field}_zh", "") or "", getattr(obj, f"{field}_en", "") or ""
    if not (zh and en):
        return ""
    return zh if _english() else en

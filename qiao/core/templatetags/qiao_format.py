"""Formatting filters for every page: ``{{ agreement.amount|money:agreement.currency }}``."""

from django import template
from django.utils.translation import get_language

from qiao.core.money import format_money

register = template.Library()


@register.filter
def money(amount, currency="CNY"):
    """1.5 亿元 / 300 万元 in Chinese, ¥1,500,000 in English (see qiao/core/money.py)."""
    return format_money(amount, currency or "CNY", language=get_language() or "zh-hans")

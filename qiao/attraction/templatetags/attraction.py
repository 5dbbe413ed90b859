from decimal import Decimal

from django import template
from django.utils.translation import get_language

from qiao.core.money import format_money

register = template.Library()


@register.filter
def wan_yuan(amount):
    """An amount stored in 万元, as people read it (qiao/core/money.py): 1.5 亿元, ¥15,000,000."""
    if amount is None or amount == "":
        return ""
    return format_money(Decimal(amount) * 10000, "CNY", language=get_language() or "zh-hans")

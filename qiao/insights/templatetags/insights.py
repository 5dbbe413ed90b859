from django import template
from django.utils.translation import get_language

from qiao.core.money import format_money

register = template.Library()


@register.filter
def figure(value):
    """A dashboard cell: numbers grouped by thousands with commas (as Chinese and English
    reports both write them), at most two decimals; — for none."""
    if value is None:
        return "—"
    if hasattr(value, "yuan"):  # dashboards.Money
        return format_money(value.yuan, "CNY", language=get_language() or "zh-hans")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"

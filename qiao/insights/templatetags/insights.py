from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value):
    """A dashboard cell: numbers grouped by thousands (at most two decimals), — for none."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        decimals = 0 if value.is_integer() else 2 if abs(value) >= 1 else 3
        return number_format(value, decimal_pos=decimals, force_grouping=True)
    return value

from django import template

register = template.Library()


@register.filter
def figure(value):
    """A dashboard cell: numbers grouped by thousands with commas (as Chinese and English
    reports both write them), at most two decimals; — for none."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"

from django import template

from qiao.core.audit import describe_entry

register = template.Library()


@register.filter
def audit_sentences(entry) -> list[str]:
    """The audit entry as sentences in the reader's language (``describe_entry``)."""
    return describe_entry(entry)

"""Notification titles in the page's language."""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def notice_title(notification) -> str:
    return notification.title_in(translation.get_language() or "zh-hans")

"""How django-axes counts failed sign-ins: per account and per address, with two limits.

Axes locks a sign-in when, for any of AXES_LOCKOUT_PARAMETERS (["username", "ip_address"]),
the failures in the cool-off window reach AXES_FAILURE_LIMIT; it takes the larger count.
One limit would be wrong for both: five wrong passwords for one account is an attack, five
typos behind a hospital's shared address are not. ``failure_limit`` therefore answers
QIAO_LOGIN_FAILURE_LIMIT once the account alone has that many failures, and the larger
QIAO_LOGIN_ADDRESS_FAILURE_LIMIT otherwise, which only the per-address count can reach.
"""

from __future__ import annotations

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from qiao.directory.backends import phone_of


def username_of(request, credentials: dict | None = None) -> str | None:
    """The signed-in name as axes counts it: the e-mail, case-folded like the sign-in is, or
    the phone number as E.164, so "138 0013 8000" and "+8613800138000" count as one."""
    if credentials is not None:
        value = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    value = (value or "").strip().lower()
    if value and "@" not in value:
        value = phone_of(value) or value
    return value or None


def failure_limit(request, credentials: dict | None = None) -> int:
    per_account = settings.QIAO_LOGIN_FAILURE_LIMIT
    per_address = max(settings.QIAO_LOGIN_ADDRESS_FAILURE_LIMIT, per_account)
    username = get_client_username(request, credentials)
    if not username:
        return per_address
    since = (getattr(request, "axes_attempt_time", None) or timezone.now()) - get_cool_off(request)
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return per_account if (failures or 0) >= per_account else per_address

"""Count password reset requests per e-mail address and per client in the shared cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from qiao.core.http import client_ip

WINDOW_SECONDS = 60 * 60


def _hit(key: str) -> int:
    """Count one more request under ``key`` in the current window; return the count."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def allow_password_reset(request, email: str) -> bool:
    """True while this address and this client are under their hourly limits.

    Both counts move on every request, so probing many addresses from one client, or one
    address from many clients, runs out either way.
    """
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    per_email = _hit(f"qiao:reset:email:{digest}")
    per_ip = _hit(f"qiao:reset:ip:{client_ip(request)}")
    return (
        per_email <= settings.QIAO_PASSWORD_RESETS_PER_EMAIL
        and per_ip <= settings.QIAO_PASSWORD_RESETS_PER_IP
    )


def allow(request, action: str, *, per_ip: int, key: str = "", per_key: int = 0) -> bool:
    """True while this client (and, if given, ``key``: an e-mail, a user) is under its
    hourly limit for ``action`` (applying, signing up, asking to join)."""
    allowed = _hit(f"qiao:{action}:ip:{client_ip(request)}") <= per_ip
    if key:
        digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
        allowed = _hit(f"qiao:{action}:key:{digest}") <= per_key and allowed
    return allowed

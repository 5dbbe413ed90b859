"""Request helpers that depend on how Qiao is deployed."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip().split("%", 1)[0])
    except ValueError:
        return None


def _is_trusted_proxy(value: str) -> bool:
    address = _address(value)
    if address is None:
        return False
    return any(
        address in ipaddress.ip_network(entry, strict=False)
        for entry in settings.QIAO_TRUSTED_PROXY_IPS
    )


def client_ip(request) -> str:
    """Return the client's address; X-Forwarded-For counts only when a trusted proxy sent it.

    Behind a proxy REMOTE_ADDR is the proxy's address, so login throttling would lump every
    client together; but a client that reaches the app server directly can write any
    X-Forwarded-For it likes. So the header is read only when REMOTE_ADDR is one of
    QIAO_TRUSTED_PROXY_IPS (addresses or networks), and then from the right: each trusted
    proxy appends the address it saw, and the first entry not itself a trusted proxy is the
    client. Entries further left were written by the client and are ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(remote):
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([p for p in forwarded if p]):
        if not _is_trusted_proxy(hop):
            return hop if _address(hop) is not None else remote
    return remote


def safe_next_url(request, default: str, *, field: str = "next") -> str:
    """Return the request's ``next`` (POST, then GET) when it is a path on this site.

    Anything else (another host, another scheme, ``//host``, a view name) gives ``default``
    (a URL or a view name), so no link can send a signed-in user off-site.
    """
    target = (request.POST.get(field) or request.GET.get(field) or "").strip()
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)

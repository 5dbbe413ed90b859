"""Request helpers that depend on how Qiao is deployed."""

from django.conf import settings


def client_ip(request) -> str:
    """Return the client's address, trusting exactly QIAO_TRUSTED_PROXIES reverse proxies.

    Behind a proxy REMOTE_ADDR is the proxy's address, so login throttling would lump every
    client together. Each trusted proxy appends the address it saw to X-Forwarded-For; the
    entry that many places from the end is the one no client can forge.
    """
    proxies = settings.QIAO_TRUSTED_PROXIES
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")

"""API sign-in: the session (pages, htmx) or a personal access token (other systems).

Operations that need a signed-in user use ``auth=session_or_token``. A request that sends
``Authorization: Bearer <token>`` is signed in as the token's owner by
``ApiTokenMiddleware`` (so operations open to everyone also answer as that person would
see them), and ``BearerToken`` lets it through: first, because Django's session check
refuses any write without a CSRF token, which another system has no way to get. A read
token is refused (403) on anything but GET, HEAD and OPTIONS; an unknown, expired or revoked
token is a 401 on every /api/ path rather than a silent anonymous answer.

Core knows no token model: the accounts app registers the function that looks one up
(``register_verifier``), as apps subscribe to effects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer, django_auth

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# secret -> the token row (with ``user`` and ``can_write``), or None when it is not valid.
Verifier = Callable[[str], Any]
_verifier: Verifier | None = None


def register_verifier(verifier: Verifier) -> None:
    global _verifier
    _verifier = verifier


def _bearer_secret(request) -> str | None:
    value = request.headers.get("Authorization", "")
    scheme, _sep, secret = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


class ApiTokenMiddleware:
    """Sign in an /api/ request that carries a bearer token as the token's owner."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            secret = _bearer_secret(request)
            if secret is not None:
                token = _verifier(secret) if (_verifier is not None and secret) else None
                if token is None:
                    return JsonResponse(
                        {"detail": _("The API token is not valid, has expired or was revoked.")},
                        status=401,
                        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
                    )
                request.user = token.user
                request.api_token = token
        return self.get_response(request)


class BearerToken(HttpBearer):
    """A personal access token (``Authorization: Bearer qiao_…``), made on the account's
    API tokens page; read tokens may only read."""

    def authenticate(self, request, token: str):
        found = getattr(request, "api_token", None)
        if found is None:
            return None
        if request.method not in SAFE_METHODS and not found.can_write:
            raise AuthorizationError(message=_("This API token may only read."))
        return request.user


bearer_token = BearerToken()
# The token first: Django's session check answers 403 to a write without a CSRF token
# before the next method could be tried.
session_or_token = [bearer_token, django_auth]

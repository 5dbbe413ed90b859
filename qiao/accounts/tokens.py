"""Personal access tokens for the API: made, listed and revoked by their owner.

A token is ``qiao_`` and 43 random URL-safe characters; only its SHA-256 is stored, so a
stolen database does not hand out working tokens, and the secret is shown once. Each token
acts with its owner's permissions, read-only or read-write, until it expires or is revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qiao.accounts import policies  # noqa: F401  (registers the rules)
from qiao.accounts.models import ApiToken
from qiao.core import policy, writes

PREFIX = "qiao_"
LIFETIMES = (30, 90, 365)  # days
# last_used_at moves at most this often, so a busy script does not write on every call.
USE_RESOLUTION = timedelta(minutes=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, by, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """Make a token for ``by``; return it and its secret (shown once, never stored)."""
    policy.authorize(by, "accounts.create_token")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = writes.create(
        ApiToken,
        actor=by,
        data={
            "name": name.strip(),
            "scope": scope,
            "expires_at": timezone.now() + timedelta(days=days),
        },
        allowed={"name", "scope", "expires_at"},
        fixed={"user": by, "prefix": secret[:12], "digest": digest_of(secret)},
    )
    return token, secret


@transaction.atomic
def revoke_token(*, by, token: ApiToken) -> None:
    """Stop the token working at once (audited); the row stays for the record."""
    policy.authorize(by, "accounts.revoke_token", token)
    if token.revoked_at is None:
        writes.update(token, actor=by, data={"revoked_at": timezone.now()}, allowed={"revoked_at"})


def list_tokens(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def access_token(*, user, token_id: int) -> ApiToken:
    """Return one of the user's own tokens; anyone else's is a 404."""
    return get_object_or_404(list_tokens(user=user), pk=token_id)


def verify_token(secret: str) -> ApiToken | None:
    """Return the valid token with this secret (its owner loaded), or None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_RESOLUTION)
    ).update(last_used_at=now)
    return token

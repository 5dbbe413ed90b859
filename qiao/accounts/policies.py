"""Who may manage API tokens: each person their own (``qiao.core.policy``)."""

from __future__ import annotations

from qiao.core import policy


@policy.rule("accounts.create_token")
def create_token(user, _obj=None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


@policy.rule("accounts.revoke_token")
def revoke_token(user, token) -> bool:
    return user is not None and user.is_authenticated and token.user_id == user.pk

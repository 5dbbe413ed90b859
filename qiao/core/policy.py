"""One policy layer: may this user do this to this object?

Each app declares its rules in ``<app>/policies.py`` with ``@rule("app.verb_noun")``; its
services call ``authorize(user, "app.verb_noun", obj)`` before they write. Core knows no
roles: the rules are built on ``qiao.directory.roles`` in the apps that own them. A rule
returns True or False; ``authorize`` raises ``PermissionDenied``, which pages and the API
answer as 404 where the object is not visible to the user at all (the view fetches it
through an ``access_*`` selector first, so the 403 only reaches users who may see it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

Rule = Callable[[Any, Any], bool]

_rules: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register ``check(user, obj) -> bool`` as the rule called ``name``."""

    def register(check: Rule) -> Rule:
        if name in _rules and _rules[name] is not check:
            raise ValueError(f"Policy rule {name!r} is declared twice.")
        _rules[name] = check
        return check

    return register


def allows(user, name: str, obj: Any = None) -> bool:
    """Return whether the rule ``name`` lets ``user`` act on ``obj``."""
    try:
        check = _rules[name]
    except KeyError:
        raise LookupError(f"No policy rule is called {name!r}.") from None
    return bool(check(user, obj))


def authorize(user, name: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the rule ``name`` lets ``user`` act on ``obj``."""
    if not allows(user, name, obj):
        raise PermissionDenied(name)


def rule_names() -> list[str]:
    return sorted(_rules)

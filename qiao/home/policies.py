"""Who may do what on the home (``qiao.core.policy`` rules, on ``directory.roles``).

- The site profile (the operator's name and the cluster's description) is the operators'.
- A visit is recorded by the user themselves, for themselves only.
"""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of


@policy.rule("home.change_site_profile")
def change_site_profile(user, profile) -> bool:
    return roles_of(user).is_operator


@policy.rule("home.record_visit")
def record_visit(user, visitor) -> bool:
    return roles_of(user).is_authenticated and visitor is not None and visitor.pk == user.pk

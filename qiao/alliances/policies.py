"""Who may do what with alliance membership.

- **Admins of an organisation** apply for it to join an alliance.
- **The secretariat** (admins of the alliance organisation) and operators approve or decline,
  record payments and annual checks.
- ``None`` is the system (the renewal notice command).
"""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of


def runs_alliance(user, alliance_id: int) -> bool:
    if user is None:
        return True
    roles = roles_of(user)
    return roles.is_operator or alliance_id in roles.admin_of


@policy.rule("alliances.apply")
def apply(user, member) -> bool:
    return user is not None and member.pk in roles_of(user).admin_of


@policy.rule("alliances.manage_membership")
def manage_membership(user, membership) -> bool:
    return runs_alliance(user, membership.alliance_id)


@policy.rule("alliances.manage_tiers")
def manage_tiers(user, alliance) -> bool:
    return runs_alliance(user, alliance.pk)

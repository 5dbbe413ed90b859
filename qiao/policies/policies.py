"""Who may do what with support policies (``qiao.core.policy`` rules)."""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of


@policy.rule("policies.change_policy")
def may_change_policy(user, obj=None) -> bool:
    return roles_of(user).is_operator


@policy.rule("policies.record_application")
def may_record_application(user, organisation) -> bool:
    roles = roles_of(user)
    return roles.is_operator or organisation.pk in roles.admin_of


@policy.rule("policies.set_flag")
def may_set_flag(user, organisation) -> bool:
    return roles_of(user).can_edit_organisation(organisation.pk)

"""Who may do what with service requests: the firm's members and operators only."""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of


@policy.rule("servicedesk.file_request")
def may_file(user, organisation) -> bool:
    roles = roles_of(user)
    return roles.is_operator or organisation.pk in roles.member_of


@policy.rule("servicedesk.handle_request")
def may_handle(user, request=None) -> bool:
    return roles_of(user).is_operator


@policy.rule("servicedesk.take_part")
def may_take_part(user, request) -> bool:
    roles = roles_of(user)
    return roles.is_operator or request.organisation_id in roles.member_of

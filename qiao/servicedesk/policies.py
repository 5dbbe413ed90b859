"""Who may do what with service requests: the firm's members and operators only."""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of


@policy.rule("servicedesk.file_request")
def may_file(user, organisation) -> bool:
    roles = roles_of(user)
    return roles.is_operator or organisation.pk in roles.member_of


def _handles(user, request) -> bool:
    """The handler the park handed the request to (a department's staff) acts for the park."""
    return request is not None and user.is_authenticated and request.handler_id == user.pk


@policy.rule("servicedesk.handle_request")
def may_handle(user, request=None) -> bool:
    return roles_of(user).is_operator or _handles(user, request)


@policy.rule("servicedesk.hand_over")
def may_hand_over(user, request=None) -> bool:
    return roles_of(user).is_operator


@policy.rule("servicedesk.take_part")
def may_take_part(user, request) -> bool:
    roles = roles_of(user)
    return (
        roles.is_operator or request.organisation_id in roles.member_of or _handles(user, request)
    )


@policy.rule("servicedesk.rate")
def may_rate(user, request) -> bool:
    """The firm rates the outcome (operators may record it for the firm); not the handler."""
    roles = roles_of(user)
    return roles.is_operator or request.organisation_id in roles.member_of

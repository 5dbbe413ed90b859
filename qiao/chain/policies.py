"""Who may edit the chain: operators only (``qiao.core.policy``)."""

from qiao.core import policy
from qiao.directory.roles import roles_of


@policy.rule("chain.change_node")
def _change_node(user, node=None) -> bool:
    return user is None or roles_of(user).is_operator


@policy.rule("chain.place_organisation")
def _place(user, organisation=None) -> bool:
    return user is None or roles_of(user).is_operator

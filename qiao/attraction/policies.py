"""招商 is the operators' work: every rule is operator-only (others get 404 on pages)."""

from qiao.core import policy
from qiao.directory.roles import roles_of


def _operator(user, obj=None) -> bool:
    return user is None or roles_of(user).is_operator


for _name in ("attraction.create_lead", "attraction.change_lead", "attraction.land_lead"):
    policy.rule(_name)(_operator)

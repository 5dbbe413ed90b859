"""Who may do what with matches (``qiao.core.policy`` rules)."""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of
from qiao.matching.models import Match


@policy.rule("matching.give_feedback")
def may_give_feedback(user, match: Match) -> bool:
    """The listing's own side (and operators) say whether a match is relevant."""
    roles = roles_of(user)
    return roles.is_operator or match.listing.organisation_id in roles.member_of

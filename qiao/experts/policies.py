"""Who may do what in the think tank (``qiao.core.policy``).

- **Operators** appoint experts, change them, record declared interests and issue letters;
  they search the pool and see every expert's review history.
- **An expert** (the user linked to the expert's person) declares their own interests and
  writes opinions on clinical needs they can see, choosing whether each is shown.
- ``None`` is the system (the demo seed).
"""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of
from qiao.experts.models import Expert, Opinion


def is_operator(user) -> bool:
    return user is None or roles_of(user).is_operator


def is_expert(user, expert: Expert) -> bool:
    return user is not None and user.is_authenticated and expert.person.user_id == user.pk


@policy.rule("experts.appoint_expert")
def appoint_expert(user, _obj) -> bool:
    return is_operator(user)


@policy.rule("experts.change_expert")
def change_expert(user, _expert: Expert) -> bool:
    return is_operator(user)


@policy.rule("experts.declare_interest")
def declare_interest(user, expert: Expert) -> bool:
    return is_operator(user) or is_expert(user, expert)


@policy.rule("experts.give_opinion")
def give_opinion(user, expert: Expert) -> bool:
    return expert.status == Expert.Status.ACTIVE and (is_operator(user) or is_expert(user, expert))


@policy.rule("experts.change_opinion")
def change_opinion(user, opinion: Opinion) -> bool:
    return is_operator(user) or is_expert(user, opinion.expert)

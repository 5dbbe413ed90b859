"""Who may decide on joining (``qiao.core.policy``).

- Anyone, signed in or not, may apply for an organisation (the form is throttled).
- Operators decide applications; other roles don't learn the queue exists (404).
- A signed-in person may ask to join an organisation they can see and don't belong to;
  its admins (or an operator) decide.
"""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.policies import runs
from qiao.directory.roles import roles_of


@policy.rule("onboarding.review_application")
def review_application(user, _application=None) -> bool:
    return roles_of(user).is_operator


@policy.rule("onboarding.request_join")
def request_join(user, organisation) -> bool:
    roles = roles_of(user)
    return roles.is_authenticated and organisation.pk not in roles.member_of


@policy.rule("onboarding.decide_join_request")
def decide_join_request(user, join_request) -> bool:
    return user is not None and runs(user, join_request.organisation_id)

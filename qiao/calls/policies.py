"""Who may do what with calls (``qiao.core.policy``).

- **Operators** open calls, set criteria, move phases (nobody else, and nothing moves by
  itself), propose and change reviewers, see every review, decide and write the letter.
- **Members** of an organisation apply for it while the call is open, keep drafts and
  submit them.
- **An assigned expert** declares a conflict or none, then scores; they never see another
  reviewer's scores.
"""

from __future__ import annotations

from qiao.calls.models import Application, Assignment, Call
from qiao.core import policy
from qiao.directory.roles import roles_of


def is_operator(user) -> bool:
    return user is None or roles_of(user).is_operator


def is_reviewer(user, assignment: Assignment) -> bool:
    return (
        user is not None and user.is_authenticated and assignment.expert.person.user_id == user.pk
    )


@policy.rule("calls.manage_call")
def manage_call(user, _call) -> bool:
    return is_operator(user)


@policy.rule("calls.apply")
def apply(user, target) -> bool:
    call, organisation = target
    roles = roles_of(user)
    return call.phase == Call.Phase.OPEN and organisation.pk in roles.member_of


@policy.rule("calls.change_application")
def change_application(user, application: Application) -> bool:
    return (
        application.status in (Application.Status.DRAFT, Application.Status.INELIGIBLE)
        and application.call.phase == Call.Phase.OPEN
        and application.organisation_id in roles_of(user).member_of
    )


@policy.rule("calls.review")
def review(user, assignment: Assignment) -> bool:
    return (
        is_reviewer(user, assignment)
        and assignment.application.call.phase == Call.Phase.REVIEW
        and assignment.submitted_at is None
    )


@policy.rule("calls.decide")
def decide(user, application: Application) -> bool:
    return is_operator(user) and application.call.phase == Call.Phase.DECISION

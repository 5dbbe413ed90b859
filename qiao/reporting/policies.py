"""Who may do what with statistics (``qiao.core.policy``).

- **Operators** keep the indicator catalogue, open campaigns, accept or return forms, see
  every firm's figures and export them (totals by default; firm rows when they choose).
- **Members** of a firm fill in its form; its **admins** sign it off. A member sees only their
  own firm's forms and figures.
- ``None`` as the acting user is the system itself (the reminder command).
"""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of
from qiao.reporting.models import Submission


def _operator(user, obj=None) -> bool:
    return user is None or roles_of(user).is_operator


policy.rule("reporting.change_indicator")(_operator)
policy.rule("reporting.open_campaign")(_operator)
policy.rule("reporting.review_submission")(_operator)
policy.rule("reporting.export_firm_rows")(_operator)


@policy.rule("reporting.fill_submission")
def _fill(user, submission: Submission) -> bool:
    roles = roles_of(user)
    return roles.is_operator or submission.organisation_id in roles.member_of


@policy.rule("reporting.sign_submission")
def _sign(user, submission: Submission) -> bool:
    return submission.organisation_id in roles_of(user).admin_of

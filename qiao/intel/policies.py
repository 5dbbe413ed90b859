"""Who may do what in news intelligence (one rule per service, ``qiao.core.policy``).

Everything that writes is the operators' work: storing an article, asking for a page to be
fetched, accepting (as read or edited) and rejecting what an article proposes, adding an
organisation the article names but the extraction missed, and setting
the confidence at which proposals are accepted without review. Signed-in members only read.
``None`` as the acting user is the system itself (the ``ingest_news`` command, automatic
acceptance of an article the command stored): no request reaches a service with ``None``.
"""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of


def is_operator(user) -> bool:
    """Whether the user is an operator, or the system (``None``)."""
    return user is None or roles_of(user).is_operator


for _name in (
    "intel.ingest_article",
    "intel.request_fetch",
    "intel.accept_proposal",
    "intel.reject_proposal",
    "intel.add_proposal",
    "intel.set_threshold",
):
    policy.rule(_name)(lambda user, _obj=None: is_operator(user))

"""Writes of calls: the call and its phases, applications, review, decisions."""

from qiao.calls.services.applications import (
    APPLICATION_FIELDS,
    reuse_application,
    save_application,
    submit_application,
)
from qiao.calls.services.calls import CALL_FIELDS, add_criterion, create_call, move_phase
from qiao.calls.services.decisions import decide
from qiao.calls.services.review import (
    declare_conflict,
    declare_no_conflict,
    propose_reviewers,
    submit_scores,
)

__all__ = [
    "APPLICATION_FIELDS",
    "CALL_FIELDS",
    "add_criterion",
    "create_call",
    "decide",
    "declare_conflict",
    "declare_no_conflict",
    "move_phase",
    "propose_reviewers",
    "reuse_application",
    "save_application",
    "submit_application",
    "submit_scores",
]

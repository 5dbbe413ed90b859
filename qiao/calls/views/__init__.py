"""Pages of calls: the call (operator's cockpit), applications, reviews."""

from qiao.calls.views.applications import application_apply, application_decide, application_detail
from qiao.calls.views.calls import (
    call_create,
    call_detail,
    call_list,
    call_phase,
    call_propose,
    call_ranking_xlsx,
)
from qiao.calls.views.reviews import my_reviews, review

__all__ = [
    "application_apply",
    "application_decide",
    "application_detail",
    "call_create",
    "call_detail",
    "call_list",
    "call_phase",
    "call_propose",
    "call_ranking_xlsx",
    "my_reviews",
    "review",
]

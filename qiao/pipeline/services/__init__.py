"""Write operations of the pipeline, one module per noun group (STYLE.md §3.5)."""

from qiao.pipeline.services.agreement_changes import (
    answer_agreement_change,
    request_agreement_change,
    withdraw_agreement_change,
)
from qiao.pipeline.services.agreements import (
    DOCUMENT_TYPES,
    add_agreement_document,
    create_agreement,
    update_agreement,
)
from qiao.pipeline.services.introductions import (
    NEEDS_REASON,
    RECEIVER_ONLY,
    TRANSITIONS,
    change_introduction_status,
    post_message,
    propose_introduction_from_match,
    record_event,
    request_introduction,
    set_next_action,
    take_introduction,
)
from qiao.pipeline.services.projects import (
    add_funding_round,
    add_milestone,
    add_provider,
    change_project_stage,
    create_project,
    update_project,
)

__all__ = [
    "DOCUMENT_TYPES",
    "NEEDS_REASON",
    "RECEIVER_ONLY",
    "TRANSITIONS",
    "add_agreement_document",
    "add_funding_round",
    "add_milestone",
    "add_provider",
    "answer_agreement_change",
    "change_introduction_status",
    "change_project_stage",
    "create_agreement",
    "create_project",
    "post_message",
    "propose_introduction_from_match",
    "record_event",
    "request_agreement_change",
    "request_introduction",
    "set_next_action",
    "take_introduction",
    "update_agreement",
    "update_project",
    "withdraw_agreement_change",
]

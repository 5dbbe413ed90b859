"""Write operations of news intelligence: ingest articles, review what they propose."""

from qiao.intel.reading import (  # the reading helpers, as callers know them
    MAX_BYTES,
    UnreadableArticle,
    analyse,
    decode,
    looks_like_html,
    prepare,
    read_article_file,
)
from qiao.intel.services.accepting import (
    DUPLICATE_WINDOW_DAYS,
    DuplicateAgreement,
    find_duplicate_agreement,
)
from qiao.intel.services.decisions import (
    accept_proposal,
    add_organisation_from_text,
    reject_proposal,
)
from qiao.intel.services.ingest import (
    auto_accept_threshold,
    ingest_article,
    set_auto_accept_threshold,
)

__all__ = [
    "DUPLICATE_WINDOW_DAYS",
    "MAX_BYTES",
    "DuplicateAgreement",
    "UnreadableArticle",
    "accept_proposal",
    "add_organisation_from_text",
    "analyse",
    "auto_accept_threshold",
    "decode",
    "find_duplicate_agreement",
    "ingest_article",
    "looks_like_html",
    "prepare",
    "read_article_file",
    "reject_proposal",
    "set_auto_accept_threshold",
]

"""Read news pages by URL: the request is recorded, a worker fetches it through the guard.

A request never waits on a remote server: ``request_article_fetch`` stores an
``ArticleFetch`` and queues ``qiao.intel.tasks.fetch_article`` after commit; the worker
runs ``run_article_fetch``, which fetches through ``qiao.core.outbound`` and ingests.
Tests replace ``outbound.resolve`` or serve pages from 127.0.0.1.
"""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qiao.core import outbound, policy, writes
from qiao.intel import services
from qiao.intel.models import ArticleFetch
from qiao.intel.services import MAX_BYTES, decode

logger = logging.getLogger(__name__)

# What a failed fetch tells the user, by the guard's code: words, never a socket message or
# a port, so the answer cannot be used to map the network.
REASONS = {
    "not_allowed": _("The address is not allowed."),
    "too_large": _("The page is larger than 5 MB."),
    "timeout": _("The page took too long to fetch."),
    "unreadable": _("The page holds no readable article text."),
}
DEFAULT_REASON = _("The page could not be fetched.")


def reason(code: str) -> str:
    """Return the sentence, in the active language, for a fetch error code."""
    return str(REASONS.get(code, DEFAULT_REASON))


def fetch_url(url: str) -> str:
    """Return the text of the page at ``url``.

    Raises ``outbound.FetchError`` (refused or failed) or ``UnreadableArticle``.
    """
    data = outbound.fetch(url, max_bytes=MAX_BYTES)
    return decode(data, name=url)


@transaction.atomic
def request_article_fetch(
    *, url: str, requested_by, source: str = "", published_on: date | None = None
) -> ArticleFetch:
    """Record an operator's request to read ``url`` and queue the fetch after commit.

    Nothing is fetched here: the worker does it (``run_article_fetch``). A scheme or port
    the guard would refuse is refused at once, as a ValidationError on ``url``.
    """
    policy.authorize(requested_by, "intel.request_fetch")
    try:
        outbound.parse_target(url)
    except outbound.FetchError as exc:
        raise ValidationError({"url": [reason(exc.code)]}) from exc
    job = writes.create(
        ArticleFetch,
        actor=requested_by,
        data={"url": url.strip(), "source": source, "published_on": published_on},
        allowed={"url", "source", "published_on"},
        fixed={"requested_by": requested_by},
    )
    transaction.on_commit(lambda: enqueue_article_fetch(job.pk))
    return job


def enqueue_article_fetch(fetch_id: int) -> None:
    from qiao.intel.tasks import fetch_article

    fetch_article.enqueue(fetch_id=fetch_id)


def run_article_fetch(*, fetch_id: int) -> ArticleFetch | None:
    """Fetch and ingest a queued request; record the article or the reason it failed.

    Claimed by a conditional UPDATE, so two workers never fetch the same request. The
    outcome is written in the request's trail by the system (the worker); the article's own
    trail names the operator who asked.
    """
    claimed = ArticleFetch.objects.filter(pk=fetch_id, status=ArticleFetch.Status.QUEUED).update(
        status=ArticleFetch.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = ArticleFetch.objects.select_related("requested_by").get(pk=fetch_id)
    outcome = {"status": ArticleFetch.Status.FAILED, "error": "", "article": None}
    try:
        # Asked again before any byte leaves: the requester may have lost the role meanwhile.
        if job.requested_by is None or not policy.allows(job.requested_by, "intel.request_fetch"):
            raise PermissionDenied
        raw = fetch_url(job.url)
        outcome["article"], _created = services.ingest_article(
            raw=raw,
            ingested_by=job.requested_by,
            source=job.source,
            url=job.url,
            published_on=job.published_on,
        )
        outcome["status"] = ArticleFetch.Status.DONE
    except outbound.FetchError as exc:
        outcome["error"] = exc.code
        logger.info("intel.fetch.failed", extra={"fetch_id": job.pk, "code": exc.code})
    except services.UnreadableArticle:
        outcome["error"] = "unreadable"
    except PermissionDenied:
        outcome["error"] = "not_allowed"
    except Exception:  # a worker must not leave the request "fetching" for ever
        logger.exception("intel.fetch.crashed", extra={"fetch_id": job.pk})
        outcome["error"] = "failed"
    writes.update(job, actor=None, data=outcome, allowed=set(outcome))
    return job

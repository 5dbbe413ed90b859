"""News API: articles (members read), ingest and review (operators)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from qiao.core.api_auth import session_or_token
from qiao.core.pagination import BoundedPageNumberPagination
from qiao.intel import fetch, selectors, services
from qiao.intel.models import Article, ArticleFetch, Proposal
from qiao.intel.schemas import (
    ArticleDetailOut,
    ArticleFetchOut,
    ArticleIn,
    ArticleOut,
    DecisionIn,
    OrganisationFromTextIn,
    ProposalOut,
    ThresholdIn,
)

router = Router(tags=["news"], auth=session_or_token)


def _detail(article: Article) -> dict:
    return {
        **{
            f: getattr(article, f)
            for f in (
                "id",
                "title",
                "source",
                "url",
                "published_on",
                "original_text",
                "cleaned_text",
            )
        },
        "pending": article.proposals.filter(status=Proposal.Status.PENDING).count(),
        "proposals": list(article.proposals.order_by("kind", "span_start", "id")),
    }


@router.get("/articles/", response=list[ArticleOut], url_name="list_articles")
@paginate(BoundedPageNumberPagination, page_size=20)
def list_articles(request: HttpRequest, q: str = ""):
    """Search articles by words of their text, title or source (traditional or simplified)."""
    return selectors.search_articles(query=q)


@router.get("/articles/{article_id}/", response=ArticleDetailOut, url_name="get_article")
def get_article(request: HttpRequest, article_id: int):
    """An article with its original and cleaned text and every proposal with its span."""
    return _detail(get_object_or_404(Article, pk=article_id))


def _fetch_out(job: ArticleFetch) -> dict:
    return {
        "id": job.id,
        "url": job.url,
        "status": job.status,
        "error": job.error,
        "message": fetch.reason(job.error) if job.status == ArticleFetch.Status.FAILED else "",
        "article_id": job.article_id,
    }


@router.post(
    "/articles/",
    response={201: ArticleDetailOut, 200: ArticleDetailOut, 202: ArticleFetchOut},
    url_name="ingest_article",
)
def ingest_article(request: HttpRequest, payload: ArticleIn):
    """Store an article from text or HTML, or queue a URL to fetch; operators only (404).

    Text: 201 when new, 200 when the same article was already stored, 422 when there is no
    readable text. URL: 202 with a fetch request to poll at ``/api/news/fetches/{id}/``;
    the page is fetched by a background worker through the outbound guard.
    """
    selectors.require_operator(request.user)
    if bool(payload.text.strip()) == bool(payload.url):
        raise ValidationError({"text": [_("Give either text or url.")]})
    if payload.url:
        job = fetch.request_article_fetch(
            url=payload.url,
            requested_by=request.user,
            source=payload.source,
            published_on=payload.published_on,
        )
        return Status(202, _fetch_out(job))
    try:
        article, created = services.ingest_article(
            raw=payload.text,
            ingested_by=request.user,
            source=payload.source,
            published_on=payload.published_on,
        )
    except services.UnreadableArticle as exc:
        raise ValidationError({"text": [str(exc)]}) from exc
    return Status(201 if created else 200, _detail(article))


@router.get("/fetches/{fetch_id}/", response=ArticleFetchOut, url_name="get_article_fetch")
def get_article_fetch(request: HttpRequest, fetch_id: int):
    """The state of a URL fetch: queued, running, done (with article_id) or failed (with
    the reason in words); operators only (404)."""
    return _fetch_out(selectors.access_fetch(viewer=request.user, fetch_id=fetch_id))


@router.post("/proposals/{proposal_id}/decision/", response=ProposalOut, url_name="decide_proposal")
def decide_proposal(request: HttpRequest, proposal_id: int, payload: DecisionIn):
    """Accept (optionally with edited fields) or reject a proposal; operators only (404).

    A bad edit, a name not in the directory or an agreement already recorded (unless
    ``on_duplicate`` says merge or keep) is a 422 with the messages by field; nothing is
    stored."""
    selectors.require_operator(request.user)
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    if payload.action == "reject":
        return services.reject_proposal(proposal=proposal, reviewer=request.user)
    return services.accept_proposal(
        proposal=proposal,
        reviewer=request.user,
        payload=payload.payload,
        on_duplicate=payload.on_duplicate,
    )


@router.post(
    "/articles/{article_id}/organisations/",
    response={201: ProposalOut},
    url_name="add_organisation_from_text",
)
def add_organisation_from_text(
    request: HttpRequest, article_id: int, payload: OrganisationFromTextIn
):
    """Add an organisation the article names and the reading missed: recorded as an
    accepted proposal pointing at the text, linked to the directory organisation of that
    name or created. Operators only (404); a bad name or type is a 422."""
    selectors.require_operator(request.user)
    article = get_object_or_404(Article, pk=article_id)
    proposal = services.add_organisation_from_text(
        article=article, reviewer=request.user, **payload.model_dump()
    )
    return Status(201, proposal)


@router.put("/settings/threshold/", response=ThresholdIn, url_name="set_threshold")
def set_threshold(request: HttpRequest, payload: ThresholdIn):
    """Accept proposals at or above this confidence automatically; null: review everything.

    Operators only (404)."""
    selectors.require_operator(request.user)
    row = services.set_auto_accept_threshold(threshold=payload.threshold, user=request.user)
    return {"threshold": row.auto_accept_threshold}

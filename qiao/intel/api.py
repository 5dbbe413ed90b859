"""News API: articles (members read), ingest and review (operators)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from qiao.core.pagination import BoundedPageNumberPagination
from qiao.intel import selectors, services
from qiao.intel.fetch import fetch_url
from qiao.intel.models import Article, Proposal
from qiao.intel.schemas import (
    ArticleDetailOut,
    ArticleIn,
    ArticleOut,
    DecisionIn,
    ProposalOut,
    ThresholdIn,
)

router = Router(tags=["news"], auth=django_auth)


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


@router.post(
    "/articles/", response={201: ArticleDetailOut, 200: ArticleDetailOut}, url_name="ingest_article"
)
def ingest_article(request: HttpRequest, payload: ArticleIn):
    """Store an article (text, HTML or a URL to fetch) and queue its proposals; operators only.

    200 when the same article was already stored, 201 when it is new; 422 when there is no
    readable text.
    """
    try:
        if bool(payload.text.strip()) == bool(payload.url):
            raise services.UnreadableArticle("Give either text or url.")
        raw = fetch_url(payload.url) if payload.url else payload.text
        article, created = services.ingest_article(
            raw=raw,
            ingested_by=request.user,
            source=payload.source,
            url=payload.url,
            published_on=payload.published_on,
        )
    except services.UnreadableArticle as exc:
        raise ValidationError({"text": [str(exc)]}) from exc
    return Status(201 if created else 200, _detail(article))


@router.post("/proposals/{proposal_id}/decision/", response=ProposalOut, url_name="decide_proposal")
def decide_proposal(request: HttpRequest, proposal_id: int, payload: DecisionIn):
    """Accept (optionally with edited fields) or reject a proposal; operators only."""
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    if payload.action == "reject":
        return services.reject_proposal(proposal=proposal, reviewer=request.user)
    return services.accept_proposal(
        proposal=proposal, reviewer=request.user, payload=payload.payload
    )


@router.put("/settings/threshold/", response=ThresholdIn, url_name="set_threshold")
def set_threshold(request: HttpRequest, payload: ThresholdIn):
    """Accept proposals at or above this confidence automatically; null: review everything."""
    row = services.set_auto_accept_threshold(threshold=payload.threshold, user=request.user)
    return {"threshold": row.auto_accept_threshold}

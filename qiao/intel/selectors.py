"""Read queries over articles and proposals. Nothing here writes."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from qiao.core.audit import AuditEntry
from qiao.core.text import normalise
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.intel.models import Article, ArticleFetch, Proposal


def require_operator(viewer) -> None:
    """Raise Http404 unless the viewer is an operator: operator-only features are unseen."""
    if not roles_of(viewer).is_operator:
        raise Http404


def access_fetch(*, viewer, fetch_id: int) -> ArticleFetch:
    """Return a fetch request to an operator; 404 for anyone else, as for a missing one."""
    require_operator(viewer)
    return get_object_or_404(ArticleFetch.objects.select_related("article"), pk=fetch_id)


def search_articles(*, query: str = "", pending_only: bool = False) -> QuerySet[Article]:
    """Articles whose title, source or text contains every word of the query (any script);
    with ``pending_only``, only those with proposals still waiting for review."""
    articles = Article.objects.annotate(
        pending=Count("proposals", filter=Q(proposals__status=Proposal.Status.PENDING))
    ).order_by("-published_on", "-id")
    if pending_only:
        articles = articles.filter(
            Exists(Proposal.objects.filter(article=OuterRef("pk"), status=Proposal.Status.PENDING))
        )
    for word in normalise(query).split():
        articles = articles.filter(
            Q(cleaned_text__icontains=word) | Q(title__icontains=word) | Q(source__icontains=word)
        )
    return articles


def count_articles_to_review(*, viewer) -> int:
    """How many articles have proposals waiting for an operator (0 for anyone else)."""
    if not roles_of(viewer).is_operator:
        return 0
    return search_articles(pending_only=True).count()


def articles_mentioning(*, organisation: Organisation) -> QuerySet[Article]:
    return organisation.news_articles.order_by("-published_on", "-id")


def highlighted_segments(article: Article, proposals) -> list[tuple[str, Proposal | None]]:
    """Split the original text into plain runs and runs a proposal points at."""
    text = article.original_text
    segments: list[tuple[str, Proposal | None]] = []
    pos = 0
    for p in sorted(proposals, key=lambda p: (p.span_start, -p.span_end)):
        if p.kind not in (Proposal.Kind.ORGANISATION, Proposal.Kind.PERSON, Proposal.Kind.FIGURE):
            continue  # events and agreements cover whole sentences: shown in the list
        if p.span_start < pos or p.span_end > len(text):
            continue
        segments.append((text[pos : p.span_start], None))
        segments.append((text[p.span_start : p.span_end], p))
        pos = p.span_end
    segments.append((text[pos:], None))
    return [(s, p) for s, p in segments if s]


def list_article_history(article: Article) -> QuerySet[AuditEntry]:
    """Return the trail of an article and of its proposals' decisions, oldest first."""
    types = ContentType.objects.get_for_models(Article, Proposal)
    proposal_ids = article.proposals.values("pk")
    return (
        AuditEntry.objects.filter(
            Q(content_type=types[Article], object_id=article.pk)
            | Q(content_type=types[Proposal], object_id__in=proposal_ids)
        )
        .select_related("actor", "content_type")
        .order_by("at", "id")
    )

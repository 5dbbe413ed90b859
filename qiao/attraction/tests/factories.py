from qiao.intel.models import Article, Proposal


def accepted_agreement(parties, kind="investment", amount_cny=50_000_000, title="新闻") -> Proposal:
    """An accepted agreement proposal from an article, as the news review leaves it."""
    article = Article.objects.create(
        title=title,
        raw="原文",
        cleaned_text="原文",
        content_hash=f"h{Article.objects.count()}-{title}",
    )
    return Proposal.objects.create(
        article=article, kind=Proposal.Kind.AGREEMENT, confidence=0.9, span_start=0, span_end=2,
        status=Proposal.Status.ACCEPTED,
        payload={"parties": parties, "kind": kind, "amount_cny": amount_cny, "date": "2026-11-20"},
    )  # fmt: skip

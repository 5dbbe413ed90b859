"""Storing articles and the proposals read from them; the automatic-acceptance threshold."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qiao.core import audit, effects, policy, writes
from qiao.intel import policies  # noqa: F401  (registers the rules)
from qiao.intel.extract import Extraction, Gazetteer
from qiao.intel.gazetteer import build_gazetteer
from qiao.intel.models import Article, IntelSettings, Proposal
from qiao.intel.reading import (  # noqa: F401  (the reading helpers, as callers know them)
    MAX_BYTES,
    UnreadableArticle,
    analyse,
    decode,
    looks_like_html,
    prepare,
    read_article_file,
)
from qiao.intel.services.decisions import accept_proposal


def _payloads(extraction: Extraction):
    for o in extraction.organisations:
        first = min(o.mentions, key=lambda m: m.start)
        payload = {"name": o.name, "type": o.type, "aliases": o.aliases}
        yield Proposal.Kind.ORGANISATION, payload, o.confidence, first.start, first.end, o.entry_key
    for p in extraction.people:
        payload = {"name": p.name, "title": p.title, "organisation": p.organisation}
        yield Proposal.Kind.PERSON, payload, p.confidence, p.start, p.end, None
    for e in extraction.events:
        payload = {"kind": e.kind, "date": e.date, "place": e.place, "participants": e.participants}
        yield Proposal.Kind.EVENT, payload, e.confidence, e.start, e.end, None
    for a in extraction.agreements:
        payload = {
            "parties": a.parties,
            "kind": a.kind,
            "date": a.date,
            "amount_cny": a.amount_cny,
            "count": a.count,
        }
        yield Proposal.Kind.AGREEMENT, payload, a.confidence, a.start, a.end, None
    for f in extraction.figures:
        payload = {"text": f.text, "value": f.value, "unit": f.unit, "about": f.about}
        yield Proposal.Kind.FIGURE, payload, f.confidence, f.start, f.end, None
    for r in extraction.relations:
        payload = {"source": r.source, "kind": r.kind, "target": r.target}
        yield Proposal.Kind.RELATION, payload, r.confidence, r.start, r.end, None


def ingest_article(
    *,
    raw: str,
    ingested_by=None,
    source: str = "",
    url: str = "",
    published_on: date | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[Article, bool]:
    """Store an article and queue its proposals; return (article, created).

    The same cleaned text ingested twice is one article: the second call returns the first
    article and ``created`` False. Raises UnreadableArticle when there is no text.
    The article's trail records who stored it.
    """
    policy.authorize(ingested_by, "intel.ingest_article")
    gazetteer = gazetteer or build_gazetteer()
    original, cleaned, when, title, extraction = analyse(
        raw, gazetteer=gazetteer, published_on=published_on
    )
    digest = hashlib.sha256(cleaned.text.encode()).hexdigest()
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        article = Article.objects.create(
            title=title[:300],
            source=(source or cleaned.source)[:300],
            url=url,
            raw=raw,
            original_text=original,
            cleaned_text=cleaned.text,
            published_on=when,
            content_hash=digest,
            ingested_by=ingested_by,
        )
        proposals = []
        for kind, payload, confidence, start, end, key in _payloads(extraction):
            s, e = cleaned.span(start, end)
            proposals.append(
                Proposal(
                    article=article,
                    kind=kind,
                    payload=payload,
                    confidence=confidence,
                    span_start=s,
                    span_end=e,
                    organisation_id=int(key) if key else None,
                )
            )
        Proposal.objects.bulk_create(proposals)
        audit.record_change(
            instance=article, actor=ingested_by, action=audit.AuditEntry.Action.CREATED
        )
        effects.emit("article_changed", article_id=article.pk)
    threshold = auto_accept_threshold()
    if threshold is not None:
        for proposal in article.proposals.filter(confidence__gte=threshold).order_by("kind"):
            try:
                accept_proposal(proposal=proposal, reviewer=ingested_by)
            except ValidationError:
                continue  # stays in the queue for a person to look at
    return article, True


def auto_accept_threshold() -> float | None:
    row = IntelSettings.objects.order_by("id").first()
    return row.auto_accept_threshold if row else None


def set_auto_accept_threshold(*, threshold: float | None, user) -> IntelSettings:
    """Let proposals at or above ``threshold`` be accepted without review (None: never).

    The whole setting is the one value given, so there is no version: a later save states
    the threshold in full, and the trail keeps each one with who set it.
    """
    policy.authorize(user, "intel.set_threshold")
    if threshold is not None and not 0 <= threshold <= 1:
        raise ValidationError(_("The threshold is a confidence between 0 and 1."))
    data = {"auto_accept_threshold": threshold}
    with transaction.atomic():
        row = IntelSettings.objects.select_for_update().order_by("id").first()
        if row is None:
            return writes.create(
                IntelSettings, actor=user, data=data, allowed=set(data), fixed={"updated_by": user}
            )
        if writes.update(row, actor=user, data=data, allowed=set(data)):
            row.updated_by = user
            row.save(update_fields=["updated_by", "updated_at"])
    return row

"""Write operations of news intelligence: ingest articles, review what they propose."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, effects, policy, writes
from qiao.directory.models import Organisation, OrganisationRelation, Person, RelationKind
from qiao.directory.services import (
    add_part,
    create_organisation,
    create_person,
    update_organisation,
    update_person,
)
from qiao.intel import policies  # noqa: F401  (registers the rules)
from qiao.intel.dates import parse_iso
from qiao.intel.extract import Extraction, Gazetteer
from qiao.intel.gazetteer import KIND_OF_TYPE, build_gazetteer
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
from qiao.pipeline.models import Agreement
from qiao.pipeline.services.agreements import create_agreement
from qiao.taxonomy.models import Term, Vocabulary


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


def _organisation_for_name(article: Article, name: str) -> Organisation | None:
    """Return the directory organisation an accepted proposal of this article gave ``name``."""
    for p in article.proposals.filter(kind=Proposal.Kind.ORGANISATION):
        if p.payload.get("name") == name or name in (p.payload.get("aliases") or []):
            if p.organisation_id:
                return p.organisation
    return Organisation.objects.filter(name_zh=name).first()


def _accept_organisation(proposal: Proposal, reviewer) -> Organisation:
    payload = proposal.payload
    name = (payload.get("name") or "").strip()
    if not name:
        raise ValidationError(_("An organisation needs a name."))
    aliases = [a for a in payload.get("aliases") or [] if a and a != name]
    organisation = proposal.organisation or Organisation.objects.filter(name_zh=name).first()
    if organisation is None:
        code = KIND_OF_TYPE.get(payload.get("type") or "other", payload.get("type") or "company")
        kind = Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND, code=code).first()
        if kind is None:
            kind = Term.objects.get(vocabulary=Vocabulary.ORGANISATION_KIND, code="company")
        short = min(aliases, key=len) if aliases else ""
        organisation = create_organisation(
            by=reviewer,
            data={
                "kind": kind,
                "name_zh": name,
                "short_name_zh": short[:60] if short and len(short) <= 60 else "",
                "aliases": "\n".join(a for a in aliases if a != short),
            },
        )
    else:
        known = {organisation.name_zh, organisation.short_name_zh, *organisation.alias_list}
        new = [a for a in aliases if a not in known]
        if new:
            update_organisation(
                organisation=organisation,
                by=reviewer,
                data={"aliases": "\n".join([*organisation.alias_list, *new])},
            )
    proposal.organisation = organisation
    proposal.article.organisations.add(organisation)
    return organisation


def _accept_agreement(proposal: Proposal, reviewer) -> Agreement:
    payload = proposal.payload
    article = proposal.article
    parties = []
    for name in payload.get("parties") or []:
        organisation = _organisation_for_name(article, name)
        if organisation is None:
            raise ValidationError(
                _("Accept the organisation %(name)s first, or edit the parties.") % {"name": name}
            )
        parties.append((organisation, "party"))
    signed_on = parse_iso(payload.get("date")) or article.published_on
    if signed_on is None:
        raise ValidationError(_("The agreement needs a date: edit it before accepting."))
    kind = payload.get("kind") or Agreement.Kind.STRATEGIC
    if kind not in Agreement.Kind.values:
        kind = Agreement.Kind.STRATEGIC
    amount = payload.get("amount_cny")
    title = "、".join(o.short_name or o.name_zh for o, _r in parties)
    agreement = create_agreement(
        created_by=reviewer,
        parties=parties,
        kind=kind,
        title_zh=(title + " " + Agreement.Kind(kind).label)[:200],
        signed_on=signed_on,
        amount=amount,
        project_count=payload.get("count"),
        description=_("From the news: %(title)s") % {"title": article.title},
    )
    for organisation, _role in parties:
        article.organisations.add(organisation)
    return agreement


def _resolve(article: Article, name: str) -> Organisation:
    organisation = _organisation_for_name(article, name)
    if organisation is None:
        raise ValidationError(
            _("Accept the organisation %(name)s first, or edit the parties.") % {"name": name}
        )
    return organisation


def _accept_relation(proposal: Proposal, reviewer) -> OrganisationRelation:
    payload = proposal.payload
    kind = payload.get("kind")
    if kind not in RelationKind.values:
        raise ValidationError(_("Unknown relation."))
    source = _resolve(proposal.article, payload.get("source") or "")
    target = _resolve(proposal.article, payload.get("target") or "")
    existing = OrganisationRelation.objects.filter(source=source, target=target, kind=kind).first()
    if existing is not None:
        return existing
    note = (_("From the news: %(title)s") % {"title": proposal.article.title})[:200]
    return add_part(
        organisation=source,
        by=reviewer,
        model=OrganisationRelation,
        data={"target": target, "kind": kind, "note": note},
    )


def _accept_person(proposal: Proposal, reviewer) -> Person:
    """Record the person; with an organisation, as affiliated there with the title."""
    payload = proposal.payload
    name = (payload.get("name") or "").strip()
    if not name:
        raise ValidationError(_("A person needs a name."))
    organisation = None
    if payload.get("organisation"):
        organisation = _resolve(proposal.article, payload["organisation"])
    person = None
    if organisation is not None:
        person = Person.objects.filter(
            name_zh=name, affiliations__organisation=organisation
        ).first()
    person = person or Person(name_zh=name)
    affiliations = None
    if organisation is not None:
        current = (
            [
                {"organisation": a.organisation, "title_zh": a.title_zh, "title_en": a.title_en}
                for a in person.affiliations.select_related("organisation")
            ]
            if person.pk
            else []
        )
        current = [a for a in current if a["organisation"] != organisation]
        affiliations = [
            {"organisation": organisation, "title_zh": (payload.get("title") or "")[:100]},
            *current,
        ]
    if person.pk is None:
        return create_person(by=reviewer, data={"name_zh": name}, affiliations=affiliations or ())
    return update_person(person=person, by=reviewer, data={}, affiliations=affiliations)


@transaction.atomic
def accept_proposal(*, proposal: Proposal, reviewer, payload: dict | None = None) -> Proposal:
    """Accept a proposal (optionally edited) and write it to the directory or pipeline.

    Organisations are created or get the article's short forms as aliases; agreements and
    relations are recorded between accepted organisations; people are recorded with their
    title at their organisation. Events and figures are recorded as accepted facts of the
    article. Raises ValidationError when the fact cannot be written.
    """
    policy.authorize(reviewer, "intel.accept_proposal", proposal)
    proposal = Proposal.objects.select_for_update().select_related("article").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    before = _Before(proposal)
    if payload is not None:
        proposal.payload = {**proposal.payload, **payload}
    if proposal.kind == Proposal.Kind.ORGANISATION:
        proposal.result_id = _accept_organisation(proposal, reviewer).pk
    elif proposal.kind == Proposal.Kind.AGREEMENT:
        proposal.result_id = _accept_agreement(proposal, reviewer).pk
    elif proposal.kind == Proposal.Kind.RELATION:
        proposal.result_id = _accept_relation(proposal, reviewer).pk
    elif proposal.kind == Proposal.Kind.PERSON:
        proposal.result_id = _accept_person(proposal, reviewer).pk
    before.record(proposal, reviewer=reviewer, status=Proposal.Status.ACCEPTED)
    return proposal


@transaction.atomic
def reject_proposal(*, proposal: Proposal, reviewer) -> Proposal:
    """Reject a pending proposal: it stays on the article, decided, and writes nothing else."""
    policy.authorize(reviewer, "intel.reject_proposal", proposal)
    proposal = Proposal.objects.select_for_update().select_related("article").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    _Before(proposal).record(proposal, reviewer=reviewer, status=Proposal.Status.REJECTED)
    return proposal


# What a decision changes on a proposal; ``reviewer`` and ``decided_at`` are saved with it
# and repeat what the trail's entry says (who, when).
_DECISION_FIELDS = {"status", "payload", "organisation", "result_id"}


class _Before:
    """A proposal and its article as they were before a decision, to record what it changed.

    ``_accept_*`` fill in the proposal and link organisations to the article as they go;
    ``record`` writes the decision through ``writes.update`` (one entry on the proposal, with
    the edited payload if any, and the proposal's text as its note, in no one language) and one "added" entry on the article per organisation linked.
    """

    def __init__(self, proposal: Proposal):
        self.payload = proposal.payload
        self.organisation = proposal.organisation
        self.linked = set(proposal.article.organisations.values_list("pk", flat=True))

    def record(self, proposal: Proposal, *, reviewer, status: str) -> None:
        data = {
            "status": status,
            "payload": proposal.payload,
            "organisation": proposal.organisation,
            "result_id": proposal.result_id,
        }
        proposal.payload, proposal.organisation = self.payload, self.organisation
        proposal.reviewer, proposal.decided_at = reviewer, timezone.now()
        writes.update(
            proposal, actor=reviewer, data=data, allowed=_DECISION_FIELDS, note=proposal.label
        )
        proposal.save(update_fields=["reviewer", "decided_at", "updated_at"])
        article = proposal.article
        for organisation in article.organisations.exclude(pk__in=self.linked):
            writes.record_added(article, actor=reviewer, part=organisation, field="organisations")
        effects.emit("article_changed", article_id=article.pk)

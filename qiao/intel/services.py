"""Write operations of news intelligence: ingest articles, review what they propose."""

import hashlib
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.directory.models import Organisation, OrganisationRelation, Person, RelationKind
from qiao.directory.roles import require_operator
from qiao.directory.services import (
    add_part,
    create_organisation,
    create_person,
    update_organisation,
    update_person,
)
from qiao.intel.clean import Cleaned, clean_text, html_metadata, html_to_text
from qiao.intel.dates import parse_iso
from qiao.intel.extract import Extraction, Gazetteer, extract
from qiao.intel.gazetteer import KIND_OF_TYPE, build_gazetteer
from qiao.intel.models import Article, IntelSettings, Proposal
from qiao.pipeline.models import Agreement
from qiao.pipeline.services.agreements import create_agreement
from qiao.taxonomy.models import Term, Vocabulary

MAX_BYTES = 5_000_000


class UnreadableArticle(ValueError):
    """A file or text that holds no article: empty, binary, or not UTF-8/GB18030."""


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<p>" in head or "<div" in head


def decode(data: bytes, *, name: str = "") -> str:
    """Return the text of a file's bytes (UTF-8, else GB18030); raise UnreadableArticle."""
    if not data.strip():
        raise UnreadableArticle(_("%(name)s is empty.") % {"name": name or _("The text")})
    if len(data) > MAX_BYTES:
        raise UnreadableArticle(_("%(name)s is larger than 5 MB.") % {"name": name})
    if b"\x00" in data[:4096]:
        raise UnreadableArticle(_("%(name)s is not a text or HTML file.") % {"name": name})
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableArticle(_("%(name)s is neither UTF-8 nor GB18030 text.") % {"name": name})


def read_article_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableArticle(
            _("%(name)s cannot be read: %(error)s") % {"name": path, "error": exc.strerror}
        ) from exc
    return decode(data, name=str(path))


def prepare(raw: str) -> tuple[str, Cleaned, str | None, str]:
    """Return (original text, cleaned, publication date, title) of a text or HTML article."""
    published: str | None = None
    title = ""
    if looks_like_html(raw):
        original = html_to_text(raw)
        published, title = html_metadata(raw)
    else:
        original = raw
    cleaned = clean_text(original)
    if not cleaned.text.strip():
        raise UnreadableArticle(_("No article text was found."))
    if not title:
        title = cleaned.text.split("\n", 1)[0][:120]
    return original, cleaned, published or cleaned.published_on, title


def analyse(raw: str, *, gazetteer: Gazetteer, published_on: date | None = None):
    """Return (original text, cleaned, publication date, title, extraction)."""
    original, cleaned, published, title = prepare(raw)
    when = published_on or parse_iso(published)
    return original, cleaned, when, title, extract(cleaned.text, gazetteer, when)


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


def check_operator(user) -> None:
    if user is not None and not roles_of(user).is_operator:
        raise PermissionDenied


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
    """
    check_operator(ingested_by)
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
    """Let proposals at or above ``threshold`` be accepted without review (None: never)."""
    check_operator(user)
    if threshold is not None and not 0 <= threshold <= 1:
        raise ValidationError(_("The threshold is a confidence between 0 and 1."))
    row = IntelSettings.objects.order_by("id").first() or IntelSettings()
    row.auto_accept_threshold = threshold
    row.updated_by = user
    row.save()
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
    check_operator(reviewer)
    proposal = Proposal.objects.select_for_update().select_related("article").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
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
    proposal.status = Proposal.Status.ACCEPTED
    proposal.reviewer = reviewer
    proposal.decided_at = timezone.now()
    proposal.save()
    return proposal


@transaction.atomic
def reject_proposal(*, proposal: Proposal, reviewer) -> Proposal:
    check_operator(reviewer)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    proposal.status = Proposal.Status.REJECTED
    proposal.reviewer = reviewer
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "reviewer", "decided_at", "updated_at"])
    return proposal

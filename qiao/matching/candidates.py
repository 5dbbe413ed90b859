"""Which rows the engine sees, and how each becomes an engine ``Listing``.

Open listings and all organisations are candidates. A listing is indexed by what may be
said about it to anyone who can see it: for a confidential listing that is its public
face only (title, summary, tags, lifecycle stage, region, kind, owner), so neither a
match, nor its score, nor its reasons can reveal anything of its details: no word of its
text, and neither its amount, ticket size, rounds, stages invested in nor accreditations.
The listing's own owner queries with all of it (``full=True``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from qiao.directory.models import Capability, Credential, Organisation
from qiao.market.models import DETAIL_TEXT_FIELDS, ENGINE_KIND, Listing
from qiao.matching import scoring

LISTING_PREFIX = "l"
ORGANISATION_PREFIX = "o"


def listing_key(pk: int) -> str:
    return f"{LISTING_PREFIX}{pk}"


def organisation_key(pk: int) -> str:
    return f"{ORGANISATION_PREFIX}{pk}"


def parse_key(key: str) -> tuple[str, int]:
    return key[0], int(key[1:])


def matchable_listings() -> QuerySet[Listing]:
    return (
        Listing.objects.filter(status__in=Listing.OPEN_STATUSES)
        .select_related("stage", "organisation", "organisation__kind")
        .prefetch_related("terms")
    )


def organisations_with_parts() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("kind").prefetch_related(
        "terms",
        Prefetch(
            "capabilities",
            queryset=Capability.objects.only("organisation_id", "name_zh", "name_en"),
        ),
        Prefetch(
            "credentials",
            queryset=Credential.objects.only("organisation_id", "kind", "device_class"),
        ),
    )


def _categories(terms: Iterable) -> frozenset[str]:
    return frozenset(f"{t.vocabulary}:{t.code}" for t in terms)


def _credential_tags(credentials: Iterable[Credential]) -> tuple[str, ...]:
    tags = set()
    for credential in credentials:
        if credential.device_class:
            tags.add(f"NMPA class {credential.device_class}")
        tags.add(credential.kind)
    return tuple(sorted(tags))


def _amount(listing: Listing) -> tuple[float, float] | None:
    if listing.amount is not None:
        return (float(listing.amount), float(listing.amount))
    if listing.ticket_min is not None or listing.ticket_max is not None:
        low = float(listing.ticket_min or 0)
        high = float(listing.ticket_max or listing.ticket_min or 0)
        return (low, high)
    return None


def engine_listing(listing: Listing, *, full: bool) -> scoring.Listing:
    """Return the engine's view of a listing: ``full`` text only for its own side's query."""
    texts = [listing.summary_zh, listing.summary_en]
    stages: set[str] = set()
    credentials: tuple[str, ...] = ()
    amount = None
    if full or not listing.is_confidential:
        texts += [getattr(listing, name) for name in DETAIL_TEXT_FIELDS]
        texts += [listing.equipment_model, listing.location]
        stages = set(listing.investment_stages or [])
        if listing.funding_round:
            stages.add(listing.funding_round)
        credentials = tuple(listing.accreditations or ())
        amount = _amount(listing)
    return scoring.Listing(
        id=listing_key(listing.pk),
        side=listing.side,
        kind=ENGINE_KIND.get(listing.kind, listing.kind),
        title=" ".join(t for t in (listing.title_zh, listing.title_en) if t),
        text="\n".join(t for t in texts if t),
        owner_id=organisation_key(listing.organisation_id),
        owner_kind=listing.organisation.kind.code,
        categories=_categories(listing.terms.all()),
        stage=listing.stage.code if listing.stage_id else "",
        stages=frozenset(stages),
        region=listing.province,
        credentials=credentials,
        amount=amount,
        updated_at=listing.updated_at,
    )


def engine_organisation(organisation: Organisation) -> scoring.Listing:
    capabilities = tuple(
        name for c in organisation.capabilities.all() for name in (c.name_zh, c.name_en) if name
    )
    return scoring.Listing(
        id=organisation_key(organisation.pk),
        side="organisation",
        kind=organisation.kind.code,
        title=" ".join(n for n in (organisation.name_zh, organisation.name_en) if n),
        text="\n".join(
            t
            for t in (organisation.description_zh, organisation.description_en, *capabilities)
            if t
        ),
        owner_id=organisation_key(organisation.pk),
        owner_kind=organisation.kind.code,
        categories=_categories(organisation.terms.all()),
        region=organisation.province,
        capabilities=capabilities,
        credentials=_credential_tags(organisation.credentials.all()),
        updated_at=organisation.updated_at,
    )


def iter_candidates(chunk: int = 2000) -> Iterator[scoring.Listing]:
    """Yield every candidate (open listings, then organisations) in the engine's form."""
    for listing in matchable_listings().iterator(chunk_size=chunk):
        yield engine_listing(listing, full=False)
    for organisation in organisations_with_parts().iterator(chunk_size=chunk):
        yield engine_organisation(organisation)

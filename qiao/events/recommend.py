"""Whom a participant might meet: people, their organisations and their listings, scored by
the matching engine (``qiao.matching.scoring``) in one small index per question.

What the engine reads, for every other approved participant the rules let the viewer ask
(``qiao.events.rules``; colleagues of the viewer's organisation never):

* their profile: "what I offer" as an offer, "what I seek" as a need (kind ``profile``, so
  the engine's kind tables neither filter nor favour it);
* their organisation as an organisation profile (description, capabilities, credentials);
* their organisation's open listings the viewer may see, by their public face only
  (``candidates.engine_listing(full=False)``), as the matches page does.

The viewer asks with their own profile ("what I seek" finds offers and organisations,
"what I offer" finds needs), their organisation and its open listings. A participant's
score is their best match; its reasons are said in the viewer's language, prefixed by what
matched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from qiao.events.models import ParticipantProfile, Registration
from qiao.market.models import Listing
from qiao.market.selectors import list_visible_listings
from qiao.matching import scoring
from qiao.matching.candidates import (
    engine_listing,
    engine_organisation,
    matchable_listings,
    organisation_key,
    organisations_with_parts,
)
from qiao.matching.reasons import describe_all, public_reasons

PROFILE_KIND = "profile"


@dataclass(frozen=True)
class Recommendation:
    registration: Registration
    score: float
    reasons: list[str]


def _profile_docs(registration: Registration, profile: ParticipantProfile | None) -> list:
    if profile is None:
        return []
    owner = organisation_key(registration.organisation_id)
    docs = []
    for side, text in (("offer", profile.offering), ("need", profile.seeking)):
        if text.strip():
            docs.append(
                scoring.Listing(
                    id=f"p{registration.pk}:{side}",
                    side=side,
                    kind=PROFILE_KIND,
                    title=profile.headline,
                    text=text,
                    owner_id=owner,
                    updated_at=profile.updated_at,
                )
            )
    return docs


def _profiles(user_ids) -> dict[int, ParticipantProfile]:
    return {p.user_id: p for p in ParticipantProfile.objects.filter(user_id__in=user_ids)}


def _listings(viewer, organisation_ids) -> list[Listing]:
    visible = list_visible_listings(viewer=viewer).values("pk")
    return list(matchable_listings().filter(organisation__in=organisation_ids, pk__in=visible))


class _Candidates:
    """The index's documents, and which participants (and what of theirs) each stands for."""

    def __init__(self) -> None:
        self.docs: list[scoring.Listing] = []
        self.owners: dict[str, list[Registration]] = defaultdict(list)
        self.labels: dict[str, str] = {}
        self.confidential: set[str] = set()

    def add(self, doc, registrations: list[Registration], label: str) -> None:
        if doc.id not in self.labels:
            self.docs.append(doc)
            self.labels[doc.id] = label
        self.owners[doc.id] += registrations


def _read(viewer, registration: Registration, others: list[Registration]):
    """Everything both sides of the question need, in a fixed number of queries."""
    people = [registration, *others]
    profiles = _profiles({r.user_id for r in people})
    organisation_ids = {r.organisation_id for r in people}
    organisations = {o.pk: o for o in organisations_with_parts().filter(pk__in=organisation_ids)}
    return profiles, organisations, _listings(viewer, organisation_ids)


def _candidates(others, profiles, organisations, listings) -> _Candidates:
    result = _Candidates()
    by_org: dict[int, list[Registration]] = defaultdict(list)
    for other in others:
        by_org[other.organisation_id].append(other)
        for doc in _profile_docs(other, profiles.get(other.user_id)):
            label = _("Their profile offers") if doc.side == "offer" else _("Their profile seeks")
            result.add(doc, [other], label)
    for organisation_id, registrations in by_org.items():
        if organisation_id in organisations:
            doc = engine_organisation(organisations[organisation_id])
            result.add(doc, registrations, _("Their organisation"))
    for listing in listings:
        if listing.organisation_id not in by_org:
            continue
        doc = engine_listing(listing, full=False)
        label = _("Their listing “%(title)s”") % {"title": listing.title}
        result.add(doc, by_org[listing.organisation_id], label)
        if listing.is_confidential:
            result.confidential.add(doc.id)
    return result


def _queries(registration: Registration, profiles, organisations, listings) -> list:
    queries = _profile_docs(registration, profiles.get(registration.user_id))
    if registration.organisation_id in organisations:
        queries.append(engine_organisation(organisations[registration.organisation_id]))
    queries += [
        engine_listing(listing, full=True)
        for listing in listings
        if listing.organisation_id == registration.organisation_id
    ]
    return queries


def recommend(
    *, viewer, registration: Registration, others: list[Registration], limit: int = 10
) -> list[Recommendation]:
    """Rank ``others`` (already narrowed to whom the viewer may ask) for ``registration``."""
    if not others:
        return []
    profiles, organisations, listings = _read(viewer, registration, others)
    candidates = _candidates(others, profiles, organisations, listings)
    queries = _queries(registration, profiles, organisations, listings)
    if not candidates.docs or not queries:
        return []
    index = scoring.Engine().index(candidates.docs)
    best: dict[int, tuple[float, str, list[dict]]] = {}
    for query in queries:
        for match in index.rank(query, k=50):
            reasons = [
                {"code": r.code, "terms": list(r.terms), "weight": r.weight} for r in match.reasons
            ]
            if match.id in candidates.confidential:
                reasons = public_reasons(reasons)
            for other in candidates.owners[match.id]:
                if other.pk not in best or match.score > best[other.pk][0]:
                    best[other.pk] = (match.score, candidates.labels[match.id], reasons)
    by_pk = {r.pk: r for r in others}
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    return [
        Recommendation(by_pk[pk], score, [label, *describe_all(reasons)])
        for pk, (score, label, reasons) in ranked
    ]

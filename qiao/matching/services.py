"""Matching runs and feedback: store ``Match`` rows, tell the people concerned.

The engine index lives in the process (the background worker's, or a batch command's) and
is kept in step with the database incrementally through the outbox of ``IndexChange`` rows
(``qiao.matching.index``): each run first applies the changes it has not seen, so a
published listing is matched against everything within seconds without rebuilding 100,000
entries.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qiao.core import policy, writes
from qiao.market.models import Listing
from qiao.market.selectors import list_visible_listings
from qiao.matching import candidates, notices, scoring
from qiao.matching.index import current_index
from qiao.matching.index import reset_index as reset_index  # re-exported for callers
from qiao.matching.models import Match, MatchFeedback

logger = logging.getLogger(__name__)

TOP_K = 20


def _reasons_json(match: scoring.Match) -> list[dict]:
    return [
        {"code": r.code, "terms": list(r.terms), "weight": round(r.weight, 4)}
        for r in match.reasons
    ]


def _dismissed() -> QuerySet[Match]:
    """Matches someone on the receiving side marked "not relevant": never shown again."""
    return Match.objects.filter(feedback__verdict=MatchFeedback.Verdict.NOT_RELEVANT)


def _store(listing: Listing, results: list[scoring.Match]) -> list[Match]:
    """Replace the listing's current matches by ``results``; return the pairs that are new.

    A pair marked "not relevant" stays retired: the run does not bring it back.
    """
    existing = {
        (m.counterpart_listing_id, m.counterpart_organisation_id): m
        for m in Match.objects.filter(listing=listing)
    }
    dismissed = set(_dismissed().filter(listing=listing).values_list("pk", flat=True))
    keep, new, seen = [], [], set()
    listing_ids = {candidates.parse_key(r.id)[1] for r in results if r.id[0] == "l"}
    alive = set(Listing.objects.filter(pk__in=listing_ids).values_list("pk", flat=True))
    for rank, result in enumerate(results, start=1):
        prefix, pk = candidates.parse_key(result.id)
        if prefix == candidates.LISTING_PREFIX and pk not in alive:
            continue
        pair = (pk, None) if prefix == candidates.LISTING_PREFIX else (None, pk)
        seen.add(pair)
        match = existing.get(pair)
        if match is not None and match.pk in dismissed:
            continue
        if match is None:
            match = Match(
                listing=listing,
                counterpart_listing_id=pair[0],
                counterpart_organisation_id=pair[1],
            )
            new.append(match)
        match.score, match.rank, match.reasons, match.is_current = (
            result.score,
            rank,
            _reasons_json(result),
            True,
        )
        keep.append(match)
    Match.objects.bulk_create([m for m in keep if m.pk is None])
    Match.objects.bulk_update(
        [m for m in keep if m.pk is not None],
        ["score", "rank", "reasons", "is_current", "updated_at"],
    )
    Match.objects.filter(listing=listing).exclude(pk__in=[m.pk for m in keep]).update(
        is_current=False
    )
    return new


def _store_reciprocal(listing: Listing, results: list[scoring.Match]) -> list[Match]:
    """Add ``listing`` to the matches of the counterpart listings that found it."""
    new = []
    # The index may still hold a listing deleted since (deletes don't touch updated_at).
    keys = [candidates.parse_key(r.id) for r in results]
    alive = set(
        Listing.objects.filter(
            pk__in=[pk for prefix, pk in keys if prefix == candidates.LISTING_PREFIX]
        ).values_list("pk", flat=True)
    )
    dismissed = set(
        _dismissed().filter(counterpart_listing=listing).values_list("listing_id", flat=True)
    )
    for rank, result in enumerate(results, start=1):
        prefix, pk = candidates.parse_key(result.id)
        if prefix != candidates.LISTING_PREFIX or pk not in alive or pk in dismissed:
            continue
        match, created = Match.objects.update_or_create(
            listing_id=pk,
            counterpart_listing=listing,
            defaults={
                "score": result.score,
                "rank": rank,
                "reasons": _reasons_json(result),
                "is_current": True,
            },
        )
        if created:
            new.append(match)
    return new


def run_matching_for_listing(*, listing_id: int) -> int:
    """Match one listing against the index, store both directions, notify after commit.

    Returns the number of current matches. A listing that is not open loses its current
    matches (they are kept, marked not current, with any feedback).
    """
    listing = (
        Listing.objects.select_related("stage", "organisation__kind")
        .prefetch_related("terms")
        .filter(pk=listing_id)
        .first()
    )
    if listing is None:
        return 0
    index = current_index()
    if not listing.is_open:
        Match.objects.filter(listing=listing).update(is_current=False)
        Match.objects.filter(counterpart_listing=listing).update(is_current=False)
        return 0
    own = candidates.engine_listing(listing, full=True)
    results = index.rank(own, k=TOP_K)
    if listing.is_confidential:
        # Others are told about this listing only through its public face.
        public = index.rank(candidates.engine_listing(listing, full=False), k=TOP_K)
    else:
        public = results
    with transaction.atomic():
        new = _store(listing, results)
        reciprocal = _store_reciprocal(listing, public)
        # Others' matches of this listing that its public face no longer finds are retired:
        # their reasons may quote what the listing said before it became confidential.
        found = [candidates.parse_key(r.id)[1] for r in public if r.id[0] == "l"]
        Match.objects.filter(counterpart_listing=listing, is_current=True).exclude(
            listing_id__in=found
        ).update(is_current=False)
    transaction.on_commit(lambda: _notify_new_matches(listing, new, reciprocal))
    logger.debug(
        "matching.listing.matched", extra={"listing_id": listing.pk, "count": len(results)}
    )
    return len(results)


def _users_of(organisation_id: int):
    return get_user_model().objects.filter(
        memberships__organisation_id=organisation_id, is_active=True
    )


def _notify_new_matches(listing: Listing, new: list[Match], reciprocal: list[Match]) -> None:
    counterpart_ids = [m.counterpart_listing_id for m in new if m.counterpart_listing_id]
    organisation_matches = sum(1 for m in new if m.counterpart_organisation_id)
    for user in _users_of(listing.organisation_id):
        visible = list_visible_listings(viewer=user).filter(pk__in=counterpart_ids).count()
        count = visible + organisation_matches
        if count:
            _notify(user, listing, count)
    for match in reciprocal:
        owner_listing = Listing.objects.filter(pk=match.listing_id).first()
        if owner_listing is None:
            continue
        for user in _users_of(owner_listing.organisation_id):
            if list_visible_listings(viewer=user).filter(pk=listing.pk).exists():
                _notify(user, owner_listing, 1)


def _notify(user, listing: Listing, count: int) -> None:
    notices.tell_new_matches(user, listing, count)


@transaction.atomic
def record_feedback(*, match: Match, given_by, verdict: str, reason: str = "", comment: str = ""):
    """Store (or change) the receiving side's verdict on a match, audited."""
    policy.authorize(given_by, "matching.give_feedback", match)
    if verdict not in MatchFeedback.Verdict.values:
        raise ValidationError({"verdict": _("Choose interested or not relevant.")})
    if verdict == MatchFeedback.Verdict.NOT_RELEVANT and not reason:
        raise ValidationError({"reason": _("Say why the match is not relevant.")})
    if reason and reason not in MatchFeedback.Reason.values:
        raise ValidationError({"reason": _("Unknown reason.")})
    data = {"verdict": verdict, "reason": reason, "comment": comment}
    feedback = MatchFeedback.objects.filter(match=match, given_by=given_by).first()
    if feedback is None:
        feedback = writes.create(
            MatchFeedback,
            actor=given_by,
            data=data,
            allowed=FEEDBACK_FIELDS,
            fixed={"match": match, "given_by": given_by},
        )
        changes = {"verdict": (None, verdict)}
    else:
        changes = writes.update(feedback, actor=given_by, data=data, allowed=FEEDBACK_FIELDS)
    if verdict == MatchFeedback.Verdict.NOT_RELEVANT and match.is_current:
        # Hidden from the listing's matches at once, and not re-created by later runs (the
        # feedback row, audited above, is the record; runs retire matches the same way).
        Match.objects.filter(pk=match.pk).update(is_current=False)
        match.is_current = False
    if "verdict" in changes and verdict == MatchFeedback.Verdict.INTERESTED:
        notices.tell_interest(match, given_by=given_by)
    return feedback


FEEDBACK_FIELDS = frozenset({"verdict", "reason", "comment"})

"""The worker's in-memory engine index, kept in step with the database by an outbox.

Every change that feeds matching is announced with ``listing_changed`` or
``organisation_changed`` (``qiao.core.effects``), by any path: forms, the API, imports,
capabilities, credentials, a kind or a region. ``record_*_change`` is subscribed to both
with ``effects.record_with``, so it writes an ``IndexChange`` row *in the same transaction*
as the change: the row exists exactly when the change committed.

Each worker reads the rows after the highest id it has applied. Ids are handed out when a
transaction inserts, not when it commits, so a transaction that started earlier can commit
a lower id after a later one was read. The worker therefore keeps the ids below its highest
that it has not seen (``gaps``) and reads them again on every refresh, until they appear or
are older than ``GAP_TIMEOUT`` (a rolled-back transaction leaves a gap for ever). Applying
a row re-reads the object, so applying one twice or out of order gives the same entry.

Rows older than ``RETENTION`` are pruned (never the newest, so an id is never reused on
SQLite); a worker that has not refreshed for half of it rebuilds its index from scratch.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from qiao.matching import candidates, scoring
from qiao.matching.engine_setup import build_engine
from qiao.matching.models import IndexChange

# Longer than any transaction that writes a listing or an organisation may stay open.
GAP_TIMEOUT = timedelta(minutes=10)
RETENTION = timedelta(days=7)
# At build time, ids this far below the newest that are missing are treated as gaps.
GAP_SCAN = 1000


@dataclass
class IndexState:
    index: scoring.Index | None = None
    seen_id: int = 0
    gaps: dict[int, datetime] = field(default_factory=dict)
    refreshed_at: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_state = IndexState()


def record_listing_change(*, listing_id: int) -> None:
    """Write the outbox row of a listing change (inside the changing transaction)."""
    IndexChange.objects.create(kind=IndexChange.Kind.LISTING, object_id=listing_id)


def record_organisation_change(*, organisation_id: int) -> None:
    """Write the outbox row of an organisation change (inside the changing transaction)."""
    IndexChange.objects.create(kind=IndexChange.Kind.ORGANISATION, object_id=organisation_id)


def reset_index() -> None:
    """Forget the in-process index; the next use rebuilds it (tests, after bulk loads)."""
    _state.index = None
    _state.seen_id = 0
    _state.gaps = {}
    _state.refreshed_at = None


def current_index(state: IndexState = _state) -> scoring.Index:
    """Return the process's index, built on first use and brought up to date on each call."""
    with state.lock:
        now = timezone.now()
        stale = state.refreshed_at is None or now - state.refreshed_at > RETENTION / 2
        if state.index is None or stale:
            _build(state, now)
        else:
            apply_changes(state, now)
        state.refreshed_at = now
        assert state.index is not None
        return state.index


def _build(state: IndexState, now: datetime) -> None:
    # The outbox position is taken before the snapshot: anything committed later is
    # applied again on the next refresh, which is harmless.
    top = IndexChange.objects.aggregate(top=Max("id"))["top"] or 0
    present = set(IndexChange.objects.filter(id__gt=top - GAP_SCAN).values_list("id", flat=True))
    state.gaps = {i: now for i in range(max(top - GAP_SCAN, 0) + 1, top) if i not in present}
    state.seen_id = top
    state.index = build_engine().index(candidates.iter_candidates())


def apply_changes(state: IndexState, now: datetime | None = None) -> list[int]:
    """Apply the outbox rows the worker has not seen; return their ids (for tests)."""
    now = now or timezone.now()
    rows = list(
        IndexChange.objects.filter(Q(id__gt=state.seen_id) | Q(id__in=list(state.gaps)))
        .order_by("id")
        .values_list("id", "kind", "object_id")
    )
    listing_ids = {pk for _i, kind, pk in rows if kind == IndexChange.Kind.LISTING}
    organisation_ids = {pk for _i, kind, pk in rows if kind == IndexChange.Kind.ORGANISATION}
    assert state.index is not None
    _apply_listings(state.index, listing_ids, organisation_ids)
    _apply_organisations(state.index, organisation_ids)
    ids = [row[0] for row in rows]
    _advance(state, ids, now)
    IndexChange.objects.filter(created_at__lt=now - RETENTION, id__lt=state.seen_id).delete()
    return ids


def _apply_listings(index: scoring.Index, listing_ids: set[int], owners: set[int]) -> None:
    # A listing's entry carries its owner's kind: an organisation change refreshes them too.
    changed = Q(pk__in=listing_ids) | Q(organisation_id__in=owners)
    found = set()
    for listing in candidates.matchable_listings().filter(changed):
        index.add(candidates.engine_listing(listing, full=False))
        found.add(listing.pk)
    for pk in listing_ids - found:  # closed, back to draft, or deleted
        index.remove(candidates.listing_key(pk))


def _apply_organisations(index: scoring.Index, organisation_ids: set[int]) -> None:
    found = set()
    for organisation in candidates.organisations_with_parts().filter(pk__in=organisation_ids):
        index.add(candidates.engine_organisation(organisation))
        found.add(organisation.pk)
    for pk in organisation_ids - found:
        index.remove(candidates.organisation_key(pk))


def _advance(state: IndexState, ids: Iterable[int], now: datetime) -> None:
    seen = set(ids)
    for i in seen:
        state.gaps.pop(i, None)
    top = max(seen, default=state.seen_id)
    if top > state.seen_id:
        for i in range(state.seen_id + 1, top):
            if i not in seen:
                state.gaps[i] = now
        state.seen_id = top
    for i, since in list(state.gaps.items()):
        if now - since > GAP_TIMEOUT:
            del state.gaps[i]

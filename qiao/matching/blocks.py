"""Indexed blocks of listings and the vectorised parts of scoring.

Pure module (no Django import), internal to ``qiao.matching.scoring``. A ``Block`` is a
text ``Segment`` plus per-document numpy arrays (side, kind, owner, region, stages,
amount, time, embedding, liveness). ``Prepared`` is one listing's extracted features;
``QueryVectors`` is a prepared query turned into weighted columns per channel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from qiao.matching.fit import (
    LIFECYCLE_STAGES,
    NEED_TO_ORGANISATION,
    OWNER_KIND_BONUS,
    ROUNDS,
    kind_fit,
)
from qiao.matching.listing import SIDES, Listing, Weights
from qiao.matching.textindex import CHANNELS, ChannelParams, Segment, Vocabulary

__all__ = ["Block", "Codes", "Prepared", "QueryVectors", "allowed_rows", "bonuses", "fit_table"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
# Allowed but earning no kind bonus: used when kinds are not compared at all.
NO_FIT = 1e-9


@dataclass(slots=True)
class Prepared:
    """One listing's features, ready to be stored in a block or used as a query."""

    listing: Listing
    bags: dict[str, dict[str, float]]
    surfaces: dict[str, str]
    rounds: int = 0  # bitmask over fit.ROUNDS
    lifecycle: int = 0  # bitmask over fit.LIFECYCLE_STAGES (from ``stages``)
    stage: int = -1  # index into fit.LIFECYCLE_STAGES
    amount: tuple[float, float] | None = None
    time: float = math.nan  # POSIX seconds
    embedding: npt.NDArray[np.float32] | None = None


class Codes:
    """Interned strings (kinds; owners and regions) as small ints; "" is always −1."""

    __slots__ = ("ids", "names")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []

    def code(self, name: str) -> int:
        if not name:
            return -1
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
        return found


@dataclass(slots=True)
class QueryVectors:
    """A query as weighted columns per channel plus the metadata bonuses compare."""

    prepared: Prepared
    cols: dict[str, npt.NDArray[np.int32]]
    vals: dict[str, FloatArray]
    probe: frozenset[str]
    side: int
    kind: int
    owner: int
    region: int
    caps: dict[str, float] = field(default_factory=dict)
    _lookups: dict[str, dict[int, float]] = field(default_factory=dict)

    def lookup(self, channel: str) -> dict[int, float]:
        """Return the channel's query weights by column id (built on first use)."""
        found = self._lookups.get(channel)
        if found is None:
            cols, vals = self.cols[channel].tolist(), self.vals[channel].tolist()
            found = self._lookups[channel] = dict(zip(cols, vals, strict=True))
        return found


class Block:
    """A segment of documents with their metadata arrays; rows are never reordered."""

    __slots__ = (
        "segment",
        "listings",
        "surfaces",
        "rows",
        "side",
        "kind",
        "owner_kind",
        "owner",
        "region",
        "stage",
        "lifecycle",
        "rounds",
        "amount",
        "time",
        "alive",
        "embedding",
        "_recency",
    )

    def __init__(
        self,
        segment: Segment,
        docs: Sequence[Prepared],
        codes: Codes,
        names: Codes,
        embedding: npt.NDArray[np.float32] | None,
    ) -> None:
        self.segment = segment
        self.listings = [d.listing for d in docs]
        self.surfaces = [d.surfaces for d in docs]
        self.rows = {d.listing.id: i for i, d in enumerate(docs)}
        self.side = np.array([SIDES.index(d.listing.side) for d in docs], dtype=np.int8)
        self.kind = np.array([codes.code(d.listing.kind) for d in docs], dtype=np.int32)
        self.owner_kind = np.array([codes.code(d.listing.owner_kind) for d in docs], dtype=np.int32)
        self.owner = np.array([names.code(owner_key(d.listing)) for d in docs], dtype=np.int32)
        self.region = np.array([names.code(d.listing.region) for d in docs], dtype=np.int32)
        self.stage = np.array([d.stage for d in docs], dtype=np.int8)
        self.lifecycle = np.array([d.lifecycle for d in docs], dtype=np.int64)
        self.rounds = np.array([d.rounds for d in docs], dtype=np.int64)
        amounts = [d.amount or (math.nan, math.nan) for d in docs]
        self.amount = np.array(amounts, dtype=np.float64).reshape(len(docs), 2)
        self.time = np.array([d.time for d in docs], dtype=np.float64)
        self.alive = np.ones(len(docs), dtype=bool)
        self.embedding = embedding
        self._recency: tuple[tuple[float, float], FloatArray] | None = None

    @classmethod
    def build(
        cls,
        docs: Sequence[Prepared],
        vocab: Mapping[str, Vocabulary],
        params: Mapping[str, ChannelParams],
        codes: Codes,
        names: Codes,
        avgdl: Mapping[str, float] | None = None,
    ) -> Block:
        segment = Segment.build([d.bags for d in docs], vocab, params, avgdl)
        return cls(segment, docs, codes, names, _stack_embeddings(docs))

    @classmethod
    def merge(
        cls,
        parts: Sequence[Block],
        vocab: Mapping[str, Vocabulary],
        params: Mapping[str, ChannelParams],
    ) -> Block:
        """Return one block holding the live rows of ``parts``, in order."""
        keep = [np.flatnonzero(p.alive) for p in parts]
        widths = {c: len(vocab[c]) for c in CHANNELS}
        segment = Segment.stack(
            [(p.segment, rows) for p, rows in zip(parts, keep, strict=True)], widths, params
        )
        merged = cls.__new__(cls)
        merged.segment = segment
        merged.listings = [p.listings[i] for p, rows in zip(parts, keep, strict=True) for i in rows]
        merged.surfaces = [p.surfaces[i] for p, rows in zip(parts, keep, strict=True) for i in rows]
        merged.rows = {listing.id: i for i, listing in enumerate(merged.listings)}
        for name in ("side", "kind", "owner_kind", "owner", "region", "stage", "lifecycle",
                     "rounds", "amount", "time"):  # fmt: skip
            setattr(
                merged,
                name,
                np.concatenate([getattr(p, name)[r] for p, r in zip(parts, keep, strict=True)]),
            )
        merged.alive = np.ones(len(merged.listings), dtype=bool)
        merged._recency = None
        embeddings = [
            p.embedding[r] for p, r in zip(parts, keep, strict=True) if p.embedding is not None
        ]
        merged.embedding = np.concatenate(embeddings) if len(embeddings) == len(parts) else None
        return merged

    def recency(self, now: float, half_life_days: float) -> FloatArray:
        """Return 0.5 ** (age / half-life) per row (0 without a date), cached per clock."""
        key = (now, half_life_days)
        if self._recency is None or self._recency[0] != key:
            age = np.maximum(now - self.time, 0.0) / 86_400.0
            values = np.nan_to_num(np.power(0.5, age / half_life_days), nan=0.0)
            self._recency = (key, values)
        return self._recency[1]

    def lexical(self, q: QueryVectors) -> FloatArray:
        """Return the summed text evidence of every row for one query (dense)."""
        total = np.zeros(self.segment.n, dtype=np.float64)
        for channel in CHANNELS:
            cols = q.cols.get(channel)
            if cols is None or not len(cols):
                continue
            scores = self.segment.columns(channel, cols, q.vals[channel])
            cap = q.caps.get(channel)
            total += np.minimum(scores, cap) if cap is not None else scores
        return total


def owner_key(listing: Listing) -> str:
    """Return the interned name of a listing's owner ("" when it has none)."""
    return "@" + listing.owner_id if listing.owner_id else ""


def _stack_embeddings(docs: Sequence[Prepared]) -> npt.NDArray[np.float32] | None:
    if not docs or any(d.embedding is None for d in docs):
        return None
    return np.vstack([d.embedding for d in docs if d.embedding is not None]).astype(np.float32)


def fit_table(
    q: QueryVectors, codes: Codes, allowed: frozenset[str], weights: Weights
) -> tuple[FloatArray, FloatArray]:
    """Return (base fit [side, kind code], owner-kind bonus [side, owner kind code]).

    A query whose kind no table knows is not filtered by kind and gets no kind bonus.
    """
    listing = q.prepared.listing
    n = max(len(codes.names), 1)
    base = np.zeros((len(SIDES), n), dtype=np.float64)
    bonus = np.zeros((len(SIDES), n), dtype=np.float64)
    known = any(
        kind_fit(listing.side, listing.kind, side, name) > 0
        for side in SIDES
        for name in codes.names
    )
    for s, side in enumerate(SIDES):
        if side not in allowed:
            continue
        if not weights.kind_filter or not known:
            base[s, :] = NO_FIT
            continue
        for code, name in enumerate(codes.names):
            base[s, code] = kind_fit(
                listing.side, listing.kind, side, name, query_owner_kind=listing.owner_kind
            )
            if listing.side == "need" and side == "offer":
                liked = name in NEED_TO_ORGANISATION.get(listing.kind, {})
                bonus[s, code] = OWNER_KIND_BONUS if liked else 0.0
    return base, bonus


def allowed_rows(
    block: Block, rows: IntArray, q: QueryVectors, fits: tuple[FloatArray, FloatArray]
) -> npt.NDArray[np.bool_]:
    """Return which rows may be returned: live, of an allowed side and kind, other owner."""
    base = fits[0]
    kind = block.kind[rows]
    ok = block.alive[rows] & (kind >= 0)
    ok &= base[block.side[rows], np.maximum(kind, 0)] > 0.0
    if q.owner >= 0:
        ok &= block.owner[rows] != q.owner
    return ok


def bonuses(
    block: Block,
    rows: IntArray,
    q: QueryVectors,
    fits: tuple[FloatArray, FloatArray],
    weights: Weights,
    now: float,
) -> dict[str, FloatArray]:
    """Return the weighted non-text signals of ``rows`` for one query, per reason code."""
    base, bonus = fits
    side = block.side[rows]
    kind = block.kind[rows]
    fit = np.where(kind >= 0, base[side, np.maximum(kind, 0)], 0.0)
    owner_kind = block.owner_kind[rows]
    extra = np.where(owner_kind >= 0, bonus[side, np.maximum(owner_kind, 0)], 0.0)
    fit = np.where(fit >= 1e-6, np.minimum(1.0, fit + extra), 0.0)
    p = q.prepared
    zero = np.zeros(len(rows), dtype=np.float64)
    out: dict[str, FloatArray] = {"kind_fit": weights.kind_fit * fit}
    out["region"] = weights.region * (block.region[rows] == q.region) if q.region >= 0 else zero
    has_stage = p.rounds or p.lifecycle or p.stage >= 0
    out["stage_fit"] = weights.stage_fit * _stage_fit(block, rows, p) if has_stage else zero
    out["investment_fit"] = weights.investment_fit * _amount_fit(block, rows, p)
    out["recent"] = weights.recent * block.recency(now, weights.recent_half_life_days)[rows]
    return out


def _stage_fit(block: Block, rows: IntArray, p: Prepared) -> FloatArray:
    fit = np.zeros(len(rows), dtype=np.float64)
    have = np.zeros(len(rows), dtype=bool)
    if p.rounds:
        cand = block.rounds[rows]
        adjacent = (p.rounds << 1) | (p.rounds >> 1)
        value = np.where(cand & p.rounds, 1.0, np.where(cand & adjacent, 0.5, -0.5))
        fit = np.where(cand != 0, value, fit)
        have |= cand != 0
    if p.stage >= 0:
        cand_stage = block.stage[rows]
        closeness = 1.0 - np.abs(cand_stage - p.stage) / (len(LIFECYCLE_STAGES) - 1)
        in_set = (block.lifecycle[rows] >> p.stage) & 1
        value = np.where(
            cand_stage >= 0, closeness, np.where(block.lifecycle[rows] != 0, in_set, 0.0)
        )
        usable = (cand_stage >= 0) | (block.lifecycle[rows] != 0)
        fit = np.where(usable & have, np.maximum(fit, value), np.where(usable, value, fit))
        have |= usable
    if p.lifecycle:
        cand_stage = block.stage[rows]
        in_set = np.where(cand_stage >= 0, (p.lifecycle >> np.maximum(cand_stage, 0)) & 1, 0)
        usable = cand_stage >= 0
        fit = np.where(usable & have, np.maximum(fit, in_set), np.where(usable, in_set, fit))
    return fit


def _amount_fit(block: Block, rows: IntArray, p: Prepared) -> FloatArray:
    if p.amount is None:
        return np.zeros(len(rows), dtype=np.float64)
    # Vectorised fit.amount_fit: 1.0 on overlap, else 1 − 1.5·log10(gap ratio), ≥ −0.5.
    low = np.maximum(block.amount[rows, 0], p.amount[0])
    high = np.minimum(block.amount[rows, 1], p.amount[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.log10(np.maximum(low, 1.0) / np.maximum(high, 1.0))
    fit = np.where(low <= high, 1.0, np.maximum(-0.5, 1.0 - 1.5 * gap))
    return np.nan_to_num(fit, nan=0.0)


def rounds_mask(codes: set[str] | frozenset[str]) -> int:
    return sum(1 << ROUNDS.index(c) for c in codes if c in ROUNDS)


def lifecycle_mask(codes: set[str] | frozenset[str]) -> int:
    return sum(1 << LIFECYCLE_STAGES.index(c) for c in codes if c in LIFECYCLE_STAGES)

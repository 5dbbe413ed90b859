"""The matching engine: rank counterpart listings for a need, an offer or an organisation.

Pure module: no Django import anywhere in its import graph (only ``qiao.core.text``,
numpy, scipy, rjieba, opencc). Callers turn rows into ``Listing`` values first.

Inputs
    ``Engine(glossary, weights, embedder, taxonomy=…)``: a ``Glossary`` of domain concepts
    (default: ``data/glossary.tsv``), ``Weights`` (the score formula is documented on that
    class), an optional ``embedder(texts) -> array(n, d)`` and the taxonomy terms as a
    glossary of "vocabulary:code" concepts (default: ``qiao/taxonomy/data/terms.json``,
    read as plain JSON; pass ``Glossary({})`` to switch inference off).
    ``Engine.index(listings, now=…)`` builds an ``Index``; ``Index.add/remove`` keep it
    current (a small delta block, merged into the main block once it grows).

Outputs
    ``Index.rank(query, k=…)`` / ``Index.rank_many(queries, k=…)`` return ``Match``
    values, best first, each with ``Reason`` values saying which signals contributed.

Guarantees
    * A need is matched with offers and organisations, an offer or an organisation with
      needs (``sides`` narrows this); never with its own side, never with a listing of the
      same ``owner_id``, never with a live listing of a kind ``fit.py`` calls incompatible.
    * A candidate needs text evidence (words, character bigrams, glossary concepts,
      taxonomy codes, owner capabilities or credentials) above ``Weights.min_evidence``,
      or, with an embedder, a cosine of at least ``Weights.embedding_evidence``: kind,
      stage, region and recency alone never make a match.
    * ``Match.score`` equals the sum of its reasons' weights (plus, when the "recent"
      reason is left out because recency did not change the rank, that bonus); results
      are sorted by score, then id, and are deterministic for the same index contents.
    * Candidates below the relevance floor (``Weights.floor_absolute`` and
      ``floor_relative`` × the best score) are not returned.
    * Reasons are computed for the returned matches only; candidate generation slices
      sparse matrix columns of the query's terms, so cost grows with postings, not with
      the number of listings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime

import numpy as np
import numpy.typing as npt

from qiao.matching.blocks import (
    Block,
    Codes,
    Prepared,
    QueryVectors,
    allowed_rows,
    bonuses,
    fit_table,
    owner_key,
)
from qiao.matching.explain import explain
from qiao.matching.glossary import (
    Glossary,
    default_glossary,
    default_taxonomy,
    load_glossary,
    load_taxonomy_terms,
)
from qiao.matching.listing import SIDES, Listing, Match, Reason, Side, Weights
from qiao.matching.prepare import prepare_listing, query_vectors
from qiao.matching.textindex import (
    CHANNELS,
    ChannelParams,
    Vocabulary,
)

__all__ = [
    "Engine",
    "Glossary",
    "Index",
    "Listing",
    "Match",
    "Reason",
    "Weights",
    "load_glossary",
    "load_taxonomy_terms",
]

Embedder = Callable[[Sequence[str]], "npt.NDArray[np.floating]"]
FloatArray = npt.NDArray[np.float64]

DEFAULT_SIDES: dict[str, frozenset[str]] = {
    "need": frozenset({"offer", "organisation"}),
    "offer": frozenset({"need"}),
    "organisation": frozenset({"need"}),
}
_Candidate = tuple[float, Block, int, dict[str, float]]  # (estimate, block, row, bonuses)
_BUILD_CHUNK = 10_000  # listings prepared at a time while building an index
_POOL = 2  # extra candidates explained beyond k, so float rounding can't drop a tie


class Engine:
    """Scoring configuration; ``index`` builds a searchable ``Index`` of listings."""

    def __init__(
        self,
        glossary: Glossary | None = None,
        weights: Weights | None = None,
        embedder: Embedder | None = None,
        *,
        taxonomy: Glossary | None = None,
    ) -> None:
        self.glossary = default_glossary() if glossary is None else glossary
        self.taxonomy = default_taxonomy() if taxonomy is None else taxonomy
        self.weights = weights or Weights()
        self.embedder = embedder
        self.matcher = Glossary.combined({"g": self.glossary, "t": self.taxonomy})
        w = self.weights
        text = ChannelParams(k1=w.k1, b=w.b)
        self.params = {
            "terms": text,
            "bigram": text,
            "synonym": ChannelParams(k1=w.k1, b=0.0),
            "category": ChannelParams(k1=w.k1, b=0.0),
            "capability": ChannelParams(binary=True),
            "credential": ChannelParams(binary=True),
        }

    @classmethod
    def bm25(cls) -> Engine:
        """Return the plain BM25 baseline: words only; no glossary, taxonomy or kind fit."""
        weights = replace(
            Weights(),
            bigram=0.0,
            synonym=0.0,
            category=0.0,
            capability=0.0,
            credential=0.0,
            kind_fit=0.0,
            stage_fit=0.0,
            region=0.0,
            investment_fit=0.0,
            recent=0.0,
            embedding=0.0,
            min_evidence=0.0,
            kind_filter=False,
        )
        return cls(Glossary({}), weights, taxonomy=Glossary({}))

    def index(self, listings: Iterable[Listing], *, now: datetime | None = None) -> Index:
        """Return an index of the listings (a later listing replaces an earlier same id)."""
        return Index(self, list({x.id: x for x in listings}.values()), now=now)

    def prepare(self, listing: Listing) -> Prepared:
        """Extract a listing's features (no embedding; see ``embed``)."""
        return prepare_listing(
            listing, matcher=self.matcher, glossary=self.glossary, weights=self.weights
        )

    def embed(self, docs: Sequence[Prepared], batch: int = 512) -> None:
        """Attach unit-length embeddings to prepared listings, when there is an embedder."""
        if self.embedder is None:
            return
        for start in range(0, len(docs), batch):
            part = docs[start : start + batch]
            texts = [f"{d.listing.title}\n{d.listing.text}" for d in part]
            vectors = np.asarray(self.embedder(texts), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-12)
            for doc, vector in zip(part, vectors, strict=True):
                doc.embedding = vector


class Index:
    """Listings prepared for ranking: a main block plus a small delta of recent changes."""

    def __init__(
        self, engine: Engine, listings: Sequence[Listing], *, now: datetime | None
    ) -> None:
        self.engine = engine
        self.now = now
        self._vocab = {channel: Vocabulary() for channel in CHANNELS}
        self._kinds = Codes()
        self._names = Codes()
        # Built in chunks and stacked, so only one chunk's term dictionaries are alive at
        # a time: at 100k listings they would otherwise dominate peak memory.
        blocks = []
        for start in range(0, len(listings), _BUILD_CHUNK):
            docs = [engine.prepare(x) for x in listings[start : start + _BUILD_CHUNK]]
            engine.embed(docs)
            blocks.append(Block.build(docs, self._vocab, engine.params, self._kinds, self._names))
        if len(blocks) == 1:
            self._main = blocks[0]
        else:
            self._main = Block.merge(
                blocks or [Block.build([], self._vocab, engine.params, self._kinds, self._names)],
                self._vocab,
                engine.params,
            )
        times = self._main.time[~np.isnan(self._main.time)]
        for channel in CHANNELS:
            raw = self._main.segment.raw[channel]
            df = np.bincount(raw.indices, minlength=len(self._vocab[channel]))
            self._vocab[channel].set_df(df.astype(np.float64))
        self._pending: dict[str, Prepared] = {}
        self._delta: Block | None = None
        self._alive = len(listings)
        # Recency is measured from the newest listing ever indexed unless ``now`` is given.
        self._newest = float(times.max()) if len(times) else 0.0
        self._fits: dict[tuple[object, ...], tuple[FloatArray, FloatArray]] = {}

    def __len__(self) -> int:
        return self._alive

    def __contains__(self, listing_id: object) -> bool:
        return listing_id in self._pending or self._main_row(str(listing_id)) is not None

    # --- changes -------------------------------------------------------------------

    def add(self, listing: Listing) -> None:
        """Insert or replace a listing; it is searchable at once (in the delta block)."""
        self.remove(listing.id)
        doc = self.engine.prepare(listing)
        self.engine.embed([doc])
        for channel in CHANNELS:
            vocab = self._vocab[channel]
            cols = np.array([vocab.id_for(t) for t in doc.bags[channel]], dtype=np.int32)
            vocab.count(cols, 1.0)
        self._pending[listing.id] = doc
        if not math.isnan(doc.time):
            self._newest = max(self._newest, doc.time)
        self._delta = None
        self._alive += 1

    def remove(self, listing_id: str) -> None:
        """Remove a listing if present; removing an unknown id does nothing."""
        doc = self._pending.pop(listing_id, None)
        if doc is not None:
            for channel in CHANNELS:
                ids = self._vocab[channel].ids
                cols = np.array([ids[t] for t in doc.bags[channel]], dtype=np.int32)
                self._vocab[channel].count(cols, -1.0)
            self._delta = None
            self._alive -= 1
            return
        row = self._main_row(listing_id)
        if row is None:
            return
        self._main.alive[row] = False
        for channel in CHANNELS:
            raw = self._main.segment.raw[channel]
            cols = raw.indices[raw.indptr[row] : raw.indptr[row + 1]]
            self._vocab[channel].count(cols, -1.0)
        self._alive -= 1

    def _main_row(self, listing_id: str) -> int | None:
        row = self._main.rows.get(listing_id)
        return row if row is not None and self._main.alive[row] else None

    def _blocks(self) -> list[Block]:
        limit = max(256, min(2000, self._main.segment.n // 50))
        if len(self._pending) > limit:
            self._merge()
        if self._pending and self._delta is None:
            self._delta = Block.build(
                list(self._pending.values()),
                self._vocab,
                self.engine.params,
                self._kinds,
                self._names,
                avgdl=self._main.segment.avgdl,
            )
        return [self._main] if self._delta is None else [self._main, self._delta]

    def _merge(self) -> None:
        delta = Block.build(
            list(self._pending.values()), self._vocab, self.engine.params, self._kinds, self._names
        )
        self._main = Block.merge([self._main, delta], self._vocab, self.engine.params)
        self._pending.clear()
        self._delta = None

    # --- ranking -------------------------------------------------------------------

    def rank(
        self,
        query: Listing,
        *,
        k: int = 20,
        sides: frozenset[str] | None = None,
        exclude_ids: frozenset[str] = frozenset(),
        now: datetime | None = None,
    ) -> list[Match]:
        """Return the best ``k`` counterpart listings for ``query``, best first."""
        q = self._vectors(query)
        allowed = self._allowed_sides(query.side, sides)
        clock = self._clock(now)
        pool: list[_Candidate] = []
        for block in self._blocks():
            lexical = block.lexical(q)
            cosine = self._cosine(block, q)
            pool += self._candidates(block, q, lexical, cosine, allowed, exclude_ids, clock, k)
        return self._matches(q, pool, allowed, clock, k)

    def rank_many(
        self,
        queries: Sequence[Listing],
        *,
        k: int = 20,
        sides: frozenset[str] | None = None,
        now: datetime | None = None,
    ) -> list[list[Match]]:
        """Return ``rank(query)`` for each query.

        Each query is still scored by slicing the posting lists of its own terms: a
        sparse (queries × terms) @ (terms × listings) product over batches of 128 was
        measured 2.5 times slower at 100k listings, because its sparse result has to be
        built and summed per channel before anything can be cut away.
        """
        self._blocks()  # merge or rebuild the delta once, not per query
        return [self.rank(query, k=k, sides=sides, now=now) for query in queries]

    def _allowed_sides(self, side: Side, sides: frozenset[str] | None) -> frozenset[str]:
        chosen = DEFAULT_SIDES[side] if sides is None else sides
        return frozenset(s for s in chosen if s in SIDES and s != side)

    def _clock(self, now: datetime | None) -> float:
        chosen = now or self.now
        return chosen.timestamp() if chosen is not None else self._newest

    def _vectors(self, query: Listing) -> QueryVectors:
        doc = self.engine.prepare(query)
        self.engine.embed([doc])
        return query_vectors(
            doc,
            vocab=self._vocab,
            weights=self.engine.weights,
            documents=self._alive,
            kind=self._kinds.code(query.kind),
            owner=self._names.code(owner_key(query)),
            region=self._names.code(query.region),
        )

    def _cosine(self, block: Block, q: QueryVectors) -> FloatArray | None:
        emb = q.prepared.embedding
        if block.embedding is None or emb is None:
            return None
        return np.asarray(block.embedding @ emb, dtype=np.float64)

    def _fit(self, q: QueryVectors, allowed: frozenset[str]) -> tuple[FloatArray, FloatArray]:
        listing = q.prepared.listing
        key = (listing.side, listing.kind, listing.owner_kind, allowed, len(self._kinds.names))
        fits = self._fits.get(key)
        if fits is None:
            fits = self._fits[key] = fit_table(q, self._kinds, allowed, self.engine.weights)
        return fits

    def _candidates(
        self,
        block: Block,
        q: QueryVectors,
        lexical: FloatArray,
        cosine: FloatArray | None,
        allowed: frozenset[str],
        exclude_ids: frozenset[str],
        clock: float,
        k: int,
    ) -> list[_Candidate]:
        """Return (estimated score, block, row) of the block's best rows for the query."""
        w = self.engine.weights
        evidence = lexical > w.min_evidence
        if cosine is not None:
            evidence |= cosine >= w.embedding_evidence
        rows = np.flatnonzero(evidence)
        text = lexical[rows]
        if not len(rows):
            return []
        fits = self._fit(q, allowed)
        ok = allowed_rows(block, rows, q, fits)
        if exclude_ids:
            excluded = [block.rows[i] for i in exclude_ids if i in block.rows]
            ok &= ~np.isin(rows, excluded)
        rows, text = rows[ok], text[ok]
        extra = bonuses(block, rows, q, fits, w, clock)
        total = text + sum(extra.values())
        if cosine is not None:
            total = total + w.embedding * np.maximum(cosine[rows], 0.0)
        take = min(len(rows), k + _POOL)
        best = (
            np.argpartition(-total, take - 1)[:take] if take < len(rows) else np.arange(len(rows))
        )
        return [
            (float(total[i]), block, int(rows[i]), {c: float(v[i]) for c, v in extra.items()})
            for i in best.tolist()
        ]

    def _matches(
        self,
        q: QueryVectors,
        pool: list[_Candidate],
        allowed: frozenset[str],
        clock: float,
        k: int,
    ) -> list[Match]:
        pool.sort(key=lambda item: (-item[0], item[1].listings[item[2]].id))
        w = self.engine.weights
        if pool and (w.floor_absolute > 0 or w.floor_relative > 0):
            # Candidates clearly below the floor are not explained at all (the estimate is
            # the score up to rounding); the exact floor is applied after explaining.
            floor = max(w.floor_absolute, w.floor_relative * pool[0][0]) - 1e-6
            pool = [item for item in pool if item[0] >= floor]
        matches: list[Match] = []
        for _estimate, block, row, extra in pool[: k + _POOL]:
            cosine = self._cosine_row(block, row, q)
            reasons = explain(
                block, row, q, self._vocab, self.engine.weights, extra, cosine, self.engine.glossary
            )
            score = math.fsum(r.weight for r in reasons)
            matches.append(Match(block.listings[row].id, score, reasons))
        matches.sort(key=lambda m: (-m.score, m.id))
        return _recent_only_when_it_mattered(self._floor(matches)[:k])

    def _floor(self, matches: list[Match]) -> list[Match]:
        """Drop candidates below the absolute floor or the share of the best score."""
        w = self.engine.weights
        if not matches or (w.floor_absolute <= 0 and w.floor_relative <= 0):
            return matches
        floor = max(w.floor_absolute, w.floor_relative * matches[0].score)
        return [m for m in matches if m.score >= floor]

    def _cosine_row(self, block: Block, row: int, q: QueryVectors) -> float | None:
        emb = q.prepared.embedding
        if block.embedding is None or emb is None:
            return None
        return float(block.embedding[row] @ emb)


def _recent_only_when_it_mattered(matches: list[Match]) -> list[Match]:
    """Keep a "recent" reason only where, without it, the match would rank lower.

    The score still counts recency (it is part of the rank); the reason is left out of
    the explanation when the match would keep its place without it, so "recently updated"
    is not printed on every card.
    """
    out = []
    for i, match in enumerate(matches):
        recent = sum(r.weight for r in match.reasons if r.code == "recent")
        below = matches[i + 1].score if i + 1 < len(matches) else None
        if recent > 0 and (below is None or match.score - recent >= below):
            reasons = tuple(r for r in match.reasons if r.code != "recent")
            match = Match(match.id, match.score, reasons)
        out.append(match)
    return out

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
    * ``Match.score`` equals the sum of its reasons' weights; results are sorted by score,
      then id, and are deterministic for the same index contents.
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
    lifecycle_mask,
    owner_key,
    rounds_mask,
)
from qiao.matching.explain import explain
from qiao.matching.fit import LIFECYCLE_STAGES, parse_amount, rounds_in, split_stages
from qiao.matching.glossary import (
    Glossary,
    default_glossary,
    default_taxonomy,
    load_glossary,
    load_taxonomy_terms,
)
from qiao.matching.listing import SIDES, Listing, Match, Reason, Side, Weights
from qiao.matching.textindex import (
    CHANNELS,
    CONCEPT_PREFIX,
    ChannelParams,
    Vocabulary,
    bm25_idf,
    name_terms,
    text_features,
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
_BATCH = 128  # queries per sparse product in rank_many: bounds the (batch × docs) result
_POOL = 8  # extra candidates explained beyond k, so float rounding can't drop a tie


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
        w = self.weights
        text = ChannelParams(k1=w.k1, b=w.b)
        self.params = {
            "terms": text,
            "bigram": text,
            "synonym": ChannelParams(k1=w.k1, b=0.0),
            "category": ChannelParams(binary=True),
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
        glossary = self.glossary
        f = text_features(
            listing.title,
            listing.text,
            glossary=glossary,
            taxonomy=self.taxonomy,
            title_boost=self.weights.title_boost,
        )
        bags = {
            "terms": f.words,
            "bigram": f.bigrams,
            "synonym": f.concepts,
            "category": dict.fromkeys(listing.categories | f.categories, 1.0),
            "capability": _name_bag(listing.capabilities, glossary),
            "credential": _name_bag(listing.credentials, glossary),
        }
        rounds, lifecycle = split_stages(listing.stages, glossary)
        financial = listing.kind in ("financing", "investment", "investor")
        if financial and not rounds:
            rounds = frozenset(rounds_in(f.surfaces.items()))
        amount = listing.amount
        if amount is None and financial:
            amount = parse_amount(f"{listing.title}\n{listing.text}")
        return Prepared(
            listing=listing,
            bags=bags,
            surfaces=f.surfaces,
            rounds=rounds_mask(rounds),
            lifecycle=lifecycle_mask(lifecycle),
            stage=LIFECYCLE_STAGES.index(listing.stage)
            if listing.stage in LIFECYCLE_STAGES
            else -1,
            amount=amount,
            time=listing.updated_at.timestamp() if listing.updated_at else math.nan,
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


def _name_bag(names: Iterable[str], glossary: Glossary) -> dict[str, float]:
    return {term: 1.0 for name in names for term in name_terms(name, glossary)}


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
        docs = [engine.prepare(listing) for listing in listings]
        engine.embed(docs)
        self._main = Block.build(docs, self._vocab, engine.params, self._kinds, self._names)
        for channel in CHANNELS:
            raw = self._main.segment.raw[channel]
            df = np.bincount(raw.indices, minlength=len(self._vocab[channel]))
            self._vocab[channel].set_df(df.astype(np.float64))
        self._pending: dict[str, Prepared] = {}
        self._delta: Block | None = None
        self._alive = len(docs)
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
        pool: list[tuple[float, Block, int]] = []
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
        """Return ``rank(query)`` for each query, scoring a batch per sparse product."""
        clock = self._clock(now)
        blocks = self._blocks()
        results: list[list[Match]] = []
        for start in range(0, len(queries), _BATCH):
            batch = [self._vectors(query) for query in queries[start : start + _BATCH]]
            pools: list[list[tuple[float, Block, int]]] = [[] for _ in batch]
            for block in blocks:
                lexical = block.lexical_many(batch)
                cosines = self._cosines(block, batch)
                for i, q in enumerate(batch):
                    allowed = self._allowed_sides(q.prepared.listing.side, sides)
                    lo, hi = lexical.indptr[i], lexical.indptr[i + 1]
                    dense: tuple[npt.NDArray[np.int32], FloatArray] = (
                        lexical.indices[lo:hi],
                        lexical.data[lo:hi],
                    )
                    cosine = None if cosines is None else cosines[:, i]
                    pools[i] += self._candidates(
                        block, q, dense, cosine, allowed, frozenset(), clock, k
                    )
            for q, pool in zip(batch, pools, strict=True):
                allowed = self._allowed_sides(q.prepared.listing.side, sides)
                results.append(self._matches(q, pool, allowed, clock, k))
        return results

    def _allowed_sides(self, side: Side, sides: frozenset[str] | None) -> frozenset[str]:
        chosen = DEFAULT_SIDES[side] if sides is None else sides
        return frozenset(s for s in chosen if s in SIDES and s != side)

    def _clock(self, now: datetime | None) -> float:
        chosen = now or self.now
        if chosen is not None:
            return chosen.timestamp()
        times = [b.time[b.alive] for b in self._blocks()]
        stacked = np.concatenate(times) if times else np.array([])
        stacked = stacked[~np.isnan(stacked)]
        return float(stacked.max()) if len(stacked) else 0.0

    def _vectors(self, query: Listing) -> QueryVectors:
        engine = self.engine
        w = engine.weights
        doc = engine.prepare(query)
        engine.embed([doc])
        n = max(self._alive, 1)
        cols: dict[str, npt.NDArray[np.int32]] = {}
        vals: dict[str, FloatArray] = {}
        caps: dict[str, float] = {}

        def put(channel: str, bag: dict[str, float], weight: float, norm_of: str) -> None:
            if weight <= 0 or not bag:
                return
            vocab = self._vocab[channel]
            ids = np.array([vocab.ids.get(t, -1) for t in bag], dtype=np.int64)
            tf = np.fromiter(bag.values(), dtype=np.float64, count=len(bag))
            df = (
                np.where(ids >= 0, vocab.df[np.maximum(ids, 0)], 0.0)
                if len(vocab)
                else np.zeros(len(ids))
            )
            idf = bm25_idf(df, n)
            if norm_of == "bm25":
                mass = idf * 2.0 * tf / (tf + 1.0)  # query-side tf saturation (k3 = 1)
                norm = float(mass.sum()) * (w.k1 + 1.0)
            elif norm_of == "share":
                mass, norm = idf, float(idf.sum())
            else:
                mass, norm = idf, w.name_idf_norm
                caps[channel] = weight
            known = ids >= 0
            if norm > 0 and known.any():
                cols[channel] = ids[known].astype(np.int32)
                vals[channel] = weight * mass[known] / norm

        bags = doc.bags
        put("terms", bags["terms"], w.terms, "bm25")
        put("bigram", bags["bigram"], w.bigram, "bm25")
        put("synonym", bags["synonym"], w.synonym, "bm25")
        put("category", bags["category"], w.category, "share")
        probe = dict.fromkeys(bags["terms"], 1.0)
        probe.update(dict.fromkeys((CONCEPT_PREFIX + c for c in bags["synonym"]), 1.0))
        put("capability", probe, w.capability, "names")
        put("credential", probe, w.credential, "names")
        return QueryVectors(
            prepared=doc,
            cols=cols,
            vals=vals,
            probe=frozenset(probe),
            side=SIDES.index(query.side),
            kind=self._kinds.code(query.kind),
            owner=self._names.code(owner_key(query)),
            region=self._names.code(query.region),
            caps=caps,
        )

    def _cosine(self, block: Block, q: QueryVectors) -> FloatArray | None:
        emb = q.prepared.embedding
        if block.embedding is None or emb is None:
            return None
        return np.asarray(block.embedding @ emb, dtype=np.float64)

    def _cosines(self, block: Block, batch: Sequence[QueryVectors]) -> FloatArray | None:
        if block.embedding is None or any(q.prepared.embedding is None for q in batch):
            return None
        matrix = np.vstack(
            [q.prepared.embedding for q in batch if q.prepared.embedding is not None]
        )
        return np.asarray(block.embedding @ matrix.T, dtype=np.float64)

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
        lexical: FloatArray | tuple[npt.NDArray[np.int32], FloatArray],
        cosine: FloatArray | None,
        allowed: frozenset[str],
        exclude_ids: frozenset[str],
        clock: float,
        k: int,
    ) -> list[tuple[float, Block, int]]:
        """Return (estimated score, block, row) of the block's best rows for the query."""
        w = self.engine.weights
        if isinstance(lexical, tuple):
            rows = lexical[0].astype(np.int64)
            text = lexical[1]
            keep = text > w.min_evidence
            rows, text = rows[keep], text[keep]
            if cosine is not None:
                extra = np.setdiff1d(np.flatnonzero(cosine >= w.embedding_evidence), rows)
                rows = np.concatenate([rows, extra])
                text = np.concatenate([text, np.zeros(len(extra))])
        else:
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
        total = text + sum(bonuses(block, rows, q, fits, w, clock).values())
        if cosine is not None:
            total = total + w.embedding * np.maximum(cosine[rows], 0.0)
        take = min(len(rows), k + _POOL)
        best = (
            np.argpartition(-total, take - 1)[:take] if take < len(rows) else np.arange(len(rows))
        )
        return [(float(total[i]), block, int(rows[i])) for i in best]

    def _matches(
        self,
        q: QueryVectors,
        pool: list[tuple[float, Block, int]],
        allowed: frozenset[str],
        clock: float,
        k: int,
    ) -> list[Match]:
        pool.sort(key=lambda item: -item[0])
        matches: list[Match] = []
        fits = self._fit(q, allowed) if pool else None
        for _estimate, block, row in pool[: k + _POOL]:
            assert fits is not None
            rows = np.array([row], dtype=np.int64)
            extra = {
                c: float(v[0])
                for c, v in bonuses(block, rows, q, fits, self.engine.weights, clock).items()
            }
            cosine = self._cosine_row(block, row, q)
            reasons = explain(
                block, row, q, self._vocab, self.engine.weights, extra, cosine, self.engine.glossary
            )
            score = math.fsum(r.weight for r in reasons)
            matches.append(Match(block.listings[row].id, score, reasons))
        matches.sort(key=lambda m: (-m.score, m.id))
        return matches[:k]

    def _cosine_row(self, block: Block, row: int, q: QueryVectors) -> float | None:
        emb = q.prepared.embedding
        if block.embedding is None or emb is None:
            return None
        return float(block.embedding[row] @ emb)

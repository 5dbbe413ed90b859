"""Turn a Listing into stored features, and a prepared query into weighted columns.

Pure module (no Django import), internal to ``qiao.matching.scoring``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from qiao.matching.blocks import Prepared, QueryVectors, lifecycle_mask, rounds_mask
from qiao.matching.fit import LIFECYCLE_STAGES, parse_amount, rounds_in, split_stages
from qiao.matching.glossary import Glossary
from qiao.matching.listing import SIDES, Listing, Weights
from qiao.matching.textindex import (
    CONCEPT_PREFIX,
    Vocabulary,
    bm25_idf,
    name_terms,
    text_features,
)

__all__ = ["prepare_listing", "query_vectors"]

# Kinds whose text is read for a financing round and a money amount when not given.
FINANCIAL_KINDS = ("financing", "investment", "investor")


def prepare_listing(
    listing: Listing, *, matcher: Glossary, glossary: Glossary, weights: Weights
) -> Prepared:
    """Return a listing's term bags per channel and its stage, amount and time values."""
    f = text_features(listing.title, listing.text, matcher=matcher, title_boost=weights.title_boost)
    bags = {
        "terms": f.words,
        "bigram": f.bigrams,
        "synonym": f.concepts,
        # Tags the owner chose count like a title mention; inferred ones by occurrence.
        "category": {**f.categories, **dict.fromkeys(listing.categories, weights.title_boost)},
        "capability": _name_bag(listing.capabilities, glossary),
        "credential": _name_bag(listing.credentials, glossary),
    }
    rounds, lifecycle = split_stages(listing.stages, glossary)
    financial = listing.kind in FINANCIAL_KINDS
    if financial and not rounds:
        rounds = frozenset(rounds_in(f.surfaces.items()))
    amount = listing.amount
    if amount is None and financial:
        amount = parse_amount(f"{listing.title}\n{listing.text}")
    stage = listing.stage
    return Prepared(
        listing=listing,
        bags=bags,
        surfaces=f.surfaces,
        rounds=rounds_mask(rounds),
        lifecycle=lifecycle_mask(lifecycle),
        stage=LIFECYCLE_STAGES.index(stage) if stage in LIFECYCLE_STAGES else -1,
        amount=amount,
        time=listing.updated_at.timestamp() if listing.updated_at else math.nan,
    )


def _name_bag(names: Iterable[str], glossary: Glossary) -> dict[str, float]:
    return {term: 1.0 for name in names for term in name_terms(name, glossary)}


def query_vectors(
    doc: Prepared,
    *,
    vocab: Mapping[str, Vocabulary],
    weights: Weights,
    documents: int,
    kind: int,
    owner: int,
    region: int,
) -> QueryVectors:
    """Return the query's column ids and weights per channel (see ``Weights``).

    Text channels: ``weight · idf · sat(tf) / (Σ idf · sat(tf) · (k1+1))`` over the
    query's terms, with ``sat(tf) = 2tf / (tf+1)``; terms unknown to the index count in
    the denominator only. Capability and credential channels probe the owner's names
    with the query's words and §concepts: ``weight · idf / name_idf_norm``, capped.
    """
    w = weights
    n = max(documents, 1)
    cols: dict[str, npt.NDArray[np.int32]] = {}
    vals: dict[str, npt.NDArray[np.float64]] = {}
    caps: dict[str, float] = {}

    def put(channel: str, bag: Mapping[str, float], weight: float, names: bool) -> None:
        if weight <= 0 or not bag:
            return
        ids = vocab[channel].ids
        col = np.fromiter((ids.get(t, -1) for t in bag), dtype=np.int64, count=len(bag))
        df_all = vocab[channel].df
        df = np.zeros(len(col), dtype=np.float64)
        if len(df_all):
            df = np.where(col >= 0, df_all[np.maximum(col, 0)], 0.0)
        idf = bm25_idf(df, n)
        if names:
            mass, norm = idf, w.name_idf_norm
            caps[channel] = weight
        else:
            tf = np.fromiter(bag.values(), dtype=np.float64, count=len(bag))
            mass = idf * 2.0 * tf / (tf + 1.0)
            norm = float(mass.sum()) * (w.k1 + 1.0)
        known = col >= 0
        if norm > 0 and known.any():
            cols[channel] = col[known].astype(np.int32)
            vals[channel] = weight * mass[known] / norm

    bags = doc.bags
    put("terms", bags["terms"], w.terms, names=False)
    put("bigram", bags["bigram"], w.bigram, names=False)
    put("synonym", bags["synonym"], w.synonym, names=False)
    put("category", bags["category"], w.category, names=False)
    probe = dict.fromkeys(bags["terms"], 1.0)
    probe.update(dict.fromkeys((CONCEPT_PREFIX + c for c in bags["synonym"]), 1.0))
    put("capability", probe, w.capability, names=True)
    put("credential", probe, w.credential, names=True)
    return QueryVectors(
        prepared=doc,
        cols=cols,
        vals=vals,
        probe=frozenset(probe),
        side=SIDES.index(doc.listing.side),
        kind=kind,
        owner=owner,
        region=region,
        caps=caps,
    )

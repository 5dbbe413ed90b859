"""Reasons for one (query, candidate) pair: which signals contributed and with what evidence.

Pure module (no Django import), internal to ``qiao.matching.scoring``. It recomputes the
text channels from the candidate's stored term counts, so it costs a few sparse-row
intersections per returned match and nothing per candidate that is not returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np

from qiao.core.text import normalise
from qiao.matching.blocks import Block, QueryVectors
from qiao.matching.fit import LIFECYCLE_STAGES, ROUNDS
from qiao.matching.glossary import Glossary
from qiao.matching.listing import REASON_CODES, Reason, Weights
from qiao.matching.textindex import CHANNELS, Vocabulary, name_terms

__all__ = ["explain"]

MAX_TERMS = 8


def explain(
    block: Block,
    row: int,
    q: QueryVectors,
    vocab: Mapping[str, Vocabulary],
    weights: Weights,
    extra: Mapping[str, float],
    cosine: float | None,
    glossary: Glossary,
) -> tuple[Reason, ...]:
    """Return the reasons of a candidate row, strongest first, zero weights left out."""
    hits: dict[str, list[tuple[str, float]]] = {}
    for channel in CHANNELS:
        qcols = q.cols.get(channel)
        if qcols is None or not len(qcols):
            continue
        cols, wts = block.segment.row_terms(channel, row)
        wanted = q.lookup(channel)
        terms = vocab[channel].terms
        pairs = [
            (terms[c], w * wanted[c])
            for c, w in zip(cols.tolist(), wts.tolist(), strict=True)
            if c in wanted
        ]
        hits[channel] = sorted(pairs, key=lambda p: (-p[1], p[0]))
    candidate = block.listings[row]
    reasons = [
        _terms_reason(hits.get("terms", []), hits.get("bigram", [])),
        _synonym_reason(hits.get("synonym", []), q.prepared.surfaces, block.surfaces[row]),
        Reason("category", _names(hits.get("category", [])), _total(hits.get("category", []))),
        _name_reason("capability", hits, q, candidate.capabilities, glossary),
        _name_reason("credential", hits, q, candidate.credentials, glossary),
    ]
    query = q.prepared.listing
    details = {
        "kind_fit": (f"{query.kind}>{candidate.kind}",)
        + ((f"owner:{candidate.owner_kind}",) if candidate.owner_kind else ()),
        "stage_fit": _stage_terms(q, block, row),
        "region": (candidate.region,),
        "investment_fit": _amount_terms(q, block, row),
        "recent": (_date(candidate.updated_at),) if candidate.updated_at else (),
    }
    reasons += [Reason(code, details[code], extra[code]) for code in details]
    if cosine is not None:
        reasons.append(
            Reason("embedding", (f"{cosine:.3f}",), weights.embedding * max(cosine, 0.0))
        )
    kept = [r for r in reasons if r.weight != 0.0]
    return tuple(sorted(kept, key=lambda r: (-r.weight, REASON_CODES.index(r.code))))


def _total(pairs: list[tuple[str, float]]) -> float:
    return float(sum(v for _t, v in pairs))


def _names(pairs: list[tuple[str, float]]) -> tuple[str, ...]:
    return tuple(t for t, _v in pairs[:MAX_TERMS])


def _terms_reason(words: list[tuple[str, float]], grams: list[tuple[str, float]]) -> Reason:
    # Only whole segmented words are shown: character bigrams count in the weight but
    # are often fragments that straddle two words ("策略投资" → "略投").
    shown = [w for w, _v in words[:MAX_TERMS]]
    # Search-mode segmentation also yields the parts of a word (病原体 → 病原, 原体): name
    # the word once.
    shown = [t for t in shown if not any(t != other and t in other for other in shown)]
    return Reason("terms", tuple(shown), _total(words) + _total(grams))


def _synonym_reason(
    concepts: list[tuple[str, float]], mine: Mapping[str, str], theirs: Mapping[str, str]
) -> Reason:
    shown = []
    for concept, _v in concepts[:MAX_TERMS]:
        left, right = mine.get(concept, concept), theirs.get(concept, concept)
        shown.append(left if _same(left, right) else f"{left}={right}")
    return Reason("synonym", tuple(shown), _total(concepts))


@lru_cache(maxsize=20_000)
def _same(left: str, right: str) -> bool:
    return normalise(left) == normalise(right)


def _name_reason(
    channel: str,
    hits: Mapping[str, list[tuple[str, float]]],
    q: QueryVectors,
    names: tuple[str, ...],
    glossary: Glossary,
) -> Reason:
    pairs = hits.get(channel, [])
    weight = min(_total(pairs), q.caps.get(channel, 0.0))
    matched = {t for t, _v in pairs}
    shown = tuple(n for n in names if name_terms(n, glossary) & matched)
    return Reason(channel, shown[:MAX_TERMS], weight)


def _stage_terms(q: QueryVectors, block: Block, row: int) -> tuple[str, ...]:
    p = q.prepared
    shared = int(block.rounds[row]) & p.rounds
    if shared:
        return tuple(r for i, r in enumerate(ROUNDS) if shared >> i & 1)
    stage = int(block.stage[row])
    if p.stage >= 0 and stage >= 0:
        return (LIFECYCLE_STAGES[p.stage], LIFECYCLE_STAGES[stage])
    theirs = tuple(r for i, r in enumerate(ROUNDS) if int(block.rounds[row]) >> i & 1)
    return theirs or tuple(
        s for i, s in enumerate(LIFECYCLE_STAGES) if int(block.lifecycle[row]) >> i & 1
    )


def _amount_terms(q: QueryVectors, block: Block, row: int) -> tuple[str, ...]:
    lo, hi = block.amount[row]
    if q.prepared.amount is None or np.isnan(lo):
        return ()
    return (_money(q.prepared.amount), _money((float(lo), float(hi))))


def _money(span: tuple[float, float]) -> str:
    lo, hi = (f"{v / 1e4:g}万" for v in span)
    return lo if lo == hi else f"{lo}-{hi}"


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()

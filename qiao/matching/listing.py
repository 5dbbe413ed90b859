"""Plain values the matching engine reads and returns: Listing, Weights, Reason, Match.

Pure module (no Django import); ``qiao.matching.scoring`` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

__all__ = ["REASON_CODES", "SIDES", "Listing", "Match", "Reason", "Side", "Weights"]

Side = Literal["need", "offer", "organisation"]
SIDES: tuple[Side, ...] = ("need", "offer", "organisation")

REASON_CODES = (
    "terms",
    "synonym",
    "category",
    "kind_fit",
    "stage_fit",
    "region",
    "capability",
    "credential",
    "investment_fit",
    "recent",
    "embedding",
)


@dataclass(frozen=True, slots=True)
class Listing:
    """A need, an offer or an organisation profile, as the engine sees it.

    ``kind`` is a need kind (clinical, technology, service, financing, channel), an offer
    kind (technology, product, service, investment, equipment) or, for an organisation,
    its organisation_kind code. ``categories`` are taxonomy "vocabulary:code" tags;
    ``stages`` are the rounds or lifecycle stages an investment accepts, or a financing
    need's round; ``amount`` is in yuan; ``updated_at`` must be timezone-aware.
    """

    id: str
    side: Side
    kind: str
    title: str
    text: str = ""
    lang: str = ""
    owner_id: str = ""
    owner_kind: str = ""
    categories: frozenset[str] = frozenset()
    stage: str = ""
    stages: frozenset[str] = frozenset()
    region: str = ""
    capabilities: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()
    amount: tuple[float, float] | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal's contribution to a match score, with the evidence behind it."""

    code: str
    terms: tuple[str, ...] = ()
    weight: float = 0.0


@dataclass(frozen=True, slots=True)
class Match:
    """A ranked candidate; ``score`` is the sum of its reasons' weights, plus a recency
    bonus whose reason was left out because it did not change the rank."""

    id: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the signals in the score, and the engine's tuning knobs.

    score = terms·S_terms + bigram·S_bigram + synonym·S_synonym + category·S_category
          + capability·S_capability + credential·S_credential           (text evidence)
          + kind_fit·F_kind + stage_fit·F_stage + region·F_region
          + investment_fit·F_amount + recent·F_recent + embedding·F_embedding

    S_terms, S_bigram, S_synonym and S_category are BM25 scores divided by the query's
    own maximum (Σ idf·(k1+1) over its terms), so each lies in [0, 1]; synonyms and
    categories use b = 0 (no length normalisation), and a category tag given on the
    listing counts like a title mention. S_capability / S_credential are the idf
    mass of query words found in the owner's capability / credential names, divided by
    ``name_idf_norm`` and capped at 1. The F terms lie in [−0.5, 1] (stage and amount
    mismatches are negative). A candidate is returned only when its text evidence
    exceeds ``min_evidence`` (or its embedding cosine reaches ``embedding_evidence``).

    The relevance floor: a candidate is returned only when its score reaches both
    ``floor_absolute`` and ``floor_relative`` × the best candidate's score, so weak
    candidates are not shown as matches when strong ones exist (or when none do).
    The "recent" reason is shown only when it mattered to the rank: when the match
    would fall below the next candidate without it.

    The defaults were chosen on the small development set in benchmarks/data/matching
    (a coarse grid over category, kind_fit, synonym and bigram); treat them as a
    starting point, not as tuned on held-out data.
    """

    terms: float = 1.0
    bigram: float = 0.3
    synonym: float = 0.6
    category: float = 0.15
    capability: float = 0.2
    credential: float = 0.2
    kind_fit: float = 0.3
    stage_fit: float = 0.1
    region: float = 0.05
    investment_fit: float = 0.1
    recent: float = 0.03
    embedding: float = 0.5
    min_evidence: float = 0.03
    embedding_evidence: float = 0.6
    title_boost: float = 2.0
    k1: float = 1.2
    b: float = 0.75
    name_idf_norm: float = 6.0
    recent_half_life_days: float = 180.0
    kind_filter: bool = True
    floor_absolute: float = 0.0
    floor_relative: float = 0.0

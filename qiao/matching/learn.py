"""Learn the engine's weights from graded judgements by coordinate ascent, with k-fold CV.

Pure module (no Django import); ``manage.py match_learn`` runs it on the development half.

Method (Metzler & Croft's coordinate ascent, the plainest learning-to-rank method that
optimises the metric itself):

1. Start from ``Weights()``. For each tunable weight in turn, try every value of its grid
   with the others fixed, and keep the value with the best mean nDCG@10 over the training
   needs (ties keep the current value, so a weight moves only when the metric says so).
   Repeat the sweep until nothing changes or ``rounds`` sweeps have run.
2. k-fold cross-validation on the development needs: for each fold, learn on the other
   folds and score the fold's needs with the weights learned without them. The mean of
   those scores estimates how the procedure does on needs it never saw; the final
   weights are then learned on all development needs. Held-out needs are never read.
3. The relevance floor is chosen afterwards on the learned ranking: the largest relative
   floor (share of the best match's score) that keeps at least ``keep`` of the offers
   graded 2–3 in the development top 20, then the largest absolute floor that, with it,
   still keeps that share.

A ranking depends only on the weights and the need, so every (weights, need) ranking is
computed once and shared by all folds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from qiao.matching.evaluation import RELEVANT, ndcg
from qiao.matching.listing import Listing, Match, Weights

__all__ = ["GRID", "Fold", "choose_floors", "coordinate_ascent", "cross_validate"]

GRID: dict[str, tuple[float, ...]] = {
    "bigram": (0.0, 0.1, 0.2, 0.3, 0.5, 0.8),
    "synonym": (0.2, 0.4, 0.6, 0.8, 1.0, 1.5),
    "kind_fit": (0.0, 0.1, 0.2, 0.3, 0.5, 0.8),
    "title_boost": (1.0, 1.5, 2.0, 3.0),
    "k1": (0.6, 0.9, 1.2, 1.6, 2.0),
    "b": (0.3, 0.5, 0.75, 0.9),
}

STEPS = tuple(i / 20 for i in range(20))  # relative floors tried: 0, 0.05, …, 0.95

Ranker = Callable[[Weights], Mapping[str, list[Match]]]


@dataclass(frozen=True, slots=True)
class Fold:
    """One cross-validation fold: the weights learned without it and its held score."""

    test: tuple[str, ...]
    weights: Weights
    train_ndcg: float
    test_ndcg: float


class Cache:
    """Rankings of every need, per weights, computed once."""

    def __init__(self, ranker: Ranker) -> None:
        self.ranker = ranker
        self.runs: dict[Weights, Mapping[str, list[Match]]] = {}

    def run(self, weights: Weights) -> Mapping[str, list[Match]]:
        if weights not in self.runs:
            self.runs[weights] = self.ranker(weights)
        return self.runs[weights]

    def score(
        self, weights: Weights, needs: Sequence[str], qrels: Mapping[str, Mapping[str, int]]
    ) -> float:
        run = self.run(weights)
        graded = [n for n in needs if any(g >= 1 for g in qrels.get(n, {}).values())]
        if not graded:
            return 0.0
        return sum(ndcg([m.id for m in run.get(n, [])], qrels[n]) for n in graded) / len(graded)


def coordinate_ascent(
    cache: Cache,
    needs: Sequence[str],
    qrels: Mapping[str, Mapping[str, int]],
    *,
    start: Weights | None = None,
    grid: Mapping[str, Sequence[float]] = GRID,
    rounds: int = 3,
) -> tuple[Weights, float]:
    """Return the weights with the best mean nDCG@10 over ``needs``, and that score."""
    current = start or Weights()
    best = cache.score(current, needs, qrels)
    for _sweep in range(rounds):
        moved = False
        for name, values in grid.items():
            for value in values:
                change: dict[str, Any] = {name: value}
                trial = replace(current, **change)
                score = cache.score(trial, needs, qrels)
                if score > best + 1e-9:
                    current, best, moved = trial, score, True
        if not moved:
            break
    return current, best


def cross_validate(
    cache: Cache,
    needs: Sequence[str],
    qrels: Mapping[str, Mapping[str, int]],
    *,
    folds: int = 5,
    seed: int = 15,
    grid: Mapping[str, Sequence[float]] = GRID,
) -> list[Fold]:
    """Return, per fold, the weights learned on the other folds and both scores."""
    order = sorted(needs)
    random.Random(seed).shuffle(order)
    result = []
    for i in range(folds):
        test = tuple(order[i::folds])
        train = [n for n in order if n not in test]
        weights, train_score = coordinate_ascent(cache, train, qrels, grid=grid)
        result.append(Fold(test, weights, train_score, cache.score(weights, test, qrels)))
    return result


def choose_floors(
    run: Mapping[str, list[Match]],
    qrels: Mapping[str, Mapping[str, int]],
    *,
    keep: float = 0.97,
    steps: Sequence[float] = STEPS,
) -> tuple[float, float, dict[str, float]]:
    """Return (relative floor, absolute floor, figures) as described in the module doc."""

    def kept(test: Callable[[Match, float], bool]) -> tuple[float, float]:
        good = bad = good_kept = bad_kept = 0
        for need, matches in run.items():
            if need not in qrels or not matches:
                continue
            top = matches[0].score
            for m in matches:
                relevant = qrels[need].get(m.id, 0) >= RELEVANT
                ok = test(m, top)
                good += relevant
                bad += not relevant
                good_kept += relevant and ok
                bad_kept += not relevant and ok
        return good_kept / max(good, 1), bad_kept / max(bad, 1)

    def share(s: float) -> tuple[float, float]:
        return kept(lambda m, top: m.score >= s * top)

    relative = max((s for s in steps if share(s)[0] >= keep), default=0.0)
    scores = sorted({round(m.score, 3) for ms in run.values() for m in ms})

    def joint(s: float) -> tuple[float, float]:
        return kept(lambda m, top: m.score >= max(s, relative * top))

    absolute = max((s for s in scores if joint(s)[0] >= keep), default=0.0)
    both = joint(absolute)
    figures = {"relevant_kept": round(both[0], 4), "not_relevant_kept": round(both[1], 4)}
    return relative, absolute, figures


def listing_ids(listings: Sequence[Listing]) -> list[str]:
    return [x.id for x in listings]

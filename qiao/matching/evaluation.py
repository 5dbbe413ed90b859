"""Ranking quality metrics for matching runs against graded relevance judgements (qrels).

Pure module (no Django import).

Inputs: a run ``{need_id: [offer_id, …]}`` in rank order and qrels
``{need_id: {offer_id: grade}}`` with grades 0–3 (0 = judged not relevant).

Definitions (averaged over the needs that have at least one relevant judgement, so a
need nobody judged doesn't count as a failure):

* nDCG@10 uses gain ``2**grade − 1`` and log2 discount; the ideal ranking sorts all
  judged offers by grade. Every grade ≥ 1 earns gain.
* Recall@20 and MRR count an offer as relevant when its grade is ≥ ``RELEVANT`` (2):
  grade 1 means "related, not what the need asks for", which a person reviewing
  twenty suggestions would not count as found.
* Offers missing from the qrels are treated as grade 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "RELEVANT",
    "Metrics",
    "QrelsError",
    "dcg",
    "evaluate",
    "language_pairs",
    "mrr",
    "ndcg",
    "parse_qrels",
    "recall",
]

RELEVANT = 2


class QrelsError(ValueError):
    """A bad qrels line: ``problem`` is "fields" (not three columns) or "grade"."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Metrics:
    """Mean metrics over ``needs`` judged needs."""

    ndcg_at_10: float
    recall_at_20: float
    mrr: float
    needs: int


def dcg(grades: Sequence[int]) -> float:
    """Return the discounted cumulative gain of grades in rank order."""
    return sum(((1 << g) - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Return nDCG@k of one ranking; 0.0 when nothing judged is relevant."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([judged.get(offer, 0) for offer in ranked[:k]]) / ideal


def recall(
    ranked: Sequence[str], judged: Mapping[str, int], k: int = 20, threshold: int = RELEVANT
) -> float:
    """Return the share of relevant offers (grade ≥ threshold) found in the top k."""
    relevant = {offer for offer, grade in judged.items() if grade >= threshold}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def mrr(ranked: Sequence[str], judged: Mapping[str, int], threshold: int = RELEVANT) -> float:
    """Return 1/rank of the first relevant offer (grade ≥ threshold), else 0.0."""
    for rank, offer in enumerate(ranked, start=1):
        if judged.get(offer, 0) >= threshold:
            return 1.0 / rank
    return 0.0


def evaluate(run: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]) -> Metrics:
    """Return mean nDCG@10, Recall@20 and MRR over needs with a relevant judgement.

    nDCG averages over needs with any grade ≥ 1; Recall and MRR over needs with a
    grade ≥ ``RELEVANT``. ``needs`` reports the nDCG denominator.
    """
    graded = [n for n, judged in qrels.items() if any(g >= 1 for g in judged.values())]
    strong = [n for n, judged in qrels.items() if any(g >= RELEVANT for g in judged.values())]
    return Metrics(
        ndcg_at_10=_mean(ndcg(run.get(n, ()), qrels[n]) for n in graded),
        recall_at_20=_mean(recall(run.get(n, ()), qrels[n]) for n in strong),
        mrr=_mean(mrr(run.get(n, ()), qrels[n]) for n in strong),
        needs=len(graded),
    )


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def parse_qrels(lines: Iterable[str]) -> dict[str, dict[str, int]]:
    """Parse ``need_id<TAB>offer_id<TAB>grade`` lines; raise QrelsError on a bad line."""
    qrels: dict[str, dict[str, int]] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise QrelsError(number, "fields")
        need, offer, grade_text = (p.strip() for p in parts)
        try:
            grade = int(grade_text)
        except ValueError:
            grade = -1
        if not 0 <= grade <= 3:
            raise QrelsError(number, "grade")
        qrels.setdefault(need, {})[offer] = grade
    return qrels


def language_pairs(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    need_lang: Mapping[str, str],
    offer_lang: Mapping[str, str],
) -> dict[tuple[str, str], Metrics]:
    """Return metrics per (need language, offer language), e.g. ("en", "zh").

    For a pair, each need of the first language is scored on its ranking cut down to
    the offers of the second language, against its judgements of those offers only: it
    says how well an English need finds Chinese offers, whatever the English offers do.
    Needs or offers without a language are left out.
    """
    langs = sorted({x for x in (*need_lang.values(), *offer_lang.values()) if x})
    result: dict[tuple[str, str], Metrics] = {}
    for source in langs:
        needs = [n for n in qrels if need_lang.get(n) == source]
        for target in langs:
            sub_run = {n: [o for o in run.get(n, ()) if offer_lang.get(o) == target] for n in needs}
            sub_qrels = {
                n: {o: g for o, g in qrels[n].items() if offer_lang.get(o) == target} for n in needs
            }
            metrics = evaluate(sub_run, sub_qrels)
            if metrics.needs:
                result[(source, target)] = metrics
    return result

from dataclasses import replace

import pytest

from qiao.matching import learn
from qiao.matching.evaluation import Metrics, language_pairs
from qiao.matching.learned import weights_from_json, weights_to_json
from qiao.matching.listing import Match, Weights

QRELS = {"n1": {"good": 3, "bad": 0}, "n2": {"good": 2, "bad": 0}}


def ranker(weights):
    # A toy engine: synonym weight ≥ 0.8 puts the good offer first, otherwise the bad one.
    order = ["good", "bad"] if weights.synonym >= 0.8 else ["bad", "good"]
    return {n: [Match(o, 1.0 - i / 2, ()) for i, o in enumerate(order)] for n in QRELS}


def test_coordinate_ascent_moves_a_weight_only_when_the_metric_improves():
    cache = learn.Cache(ranker)
    grid = {"synonym": (0.2, 0.8, 1.0), "bigram": (0.0, 0.5)}
    weights, score = learn.coordinate_ascent(cache, ["n1", "n2"], QRELS, grid=grid)
    assert weights.synonym == 0.8  # the first value that wins; 1.0 only ties
    assert weights.bigram == Weights().bigram  # never helped, so never moved
    assert score == pytest.approx(1.0)
    assert cache.score(Weights(synonym=0.2), ["n1", "n2"], QRELS) < 1.0


def test_cross_validation_folds_are_disjoint_and_cover_every_need():
    needs = [f"n{i}" for i in range(10)]
    qrels = {n: {"good": 3} for n in needs}
    cache = learn.Cache(lambda w: {n: [Match("good", 1.0, ())] for n in needs})
    folds = learn.cross_validate(cache, needs, qrels, folds=5, grid={"synonym": (0.6,)})
    seen = [n for f in folds for n in f.test]
    assert sorted(seen) == sorted(needs) and len(seen) == len(set(seen))
    assert all(f.test_ndcg == pytest.approx(1.0) for f in folds)


def test_floors_keep_the_relevant_and_drop_the_weak():
    run = {
        "n1": [Match("good", 2.0, ()), Match("bad", 0.4, ())],
        "n2": [Match("good", 1.8, ()), Match("ok", 1.5, ()), Match("bad", 0.2, ())],
    }
    qrels = {"n1": {"good": 3}, "n2": {"good": 3, "ok": 2}}
    relative, absolute, figures = learn.choose_floors(run, qrels, keep=1.0)
    assert 0.2 < relative <= 0.8  # keeps "ok" (1.5 / 1.8) and drops both "bad"
    assert figures == {"relevant_kept": 1.0, "not_relevant_kept": 0.0}
    assert absolute <= 1.5


def test_language_pairs_cut_the_ranking_to_the_target_language():
    run = {"en1": ["zh_good", "en_bad"], "zh1": ["en_good"]}
    qrels = {"en1": {"zh_good": 3, "en_bad": 0, "en_good": 2}, "zh1": {"en_good": 3}}
    need_lang = {"en1": "en", "zh1": "zh"}
    offer_lang = {"zh_good": "zh", "en_bad": "en", "en_good": "en"}
    pairs = language_pairs(run, qrels, need_lang, offer_lang)
    assert pairs[("en", "zh")] == Metrics(1.0, 1.0, 1.0, 1)
    assert pairs[("en", "en")].recall_at_20 == 0.0  # en_good was never ranked for en1
    assert pairs[("zh", "en")].mrr == 1.0
    assert ("zh", "zh") not in pairs  # nothing judged


def test_weights_file_round_trip_and_errors():
    weights = replace(Weights(), synonym=0.8, floor_relative=0.4)
    text = weights_to_json(weights, ["synonym", "floor_relative"], method="test")
    assert weights_from_json(text.splitlines()) == weights
    with pytest.raises(ValueError, match="unknown weight"):
        weights_from_json(['{"weights": {"nonsense": 1}}'])
    with pytest.raises(ValueError, match="not a number"):
        weights_from_json(['{"weights": {"synonym": "high"}}'])
    with pytest.raises(ValueError):
        weights_from_json(["{oops"])

import math

import pytest

from qiao.matching.evaluation import (
    Metrics,
    QrelsError,
    dcg,
    evaluate,
    mrr,
    ndcg,
    parse_qrels,
    recall,
)

JUDGED = {"a": 3, "b": 1, "c": 2, "z": 0}


def test_dcg_uses_exponential_gain_and_log_discount():
    assert dcg([3, 0, 1]) == pytest.approx(7 + 0 + 1 / 2)


def test_ndcg_of_ideal_ranking_is_one():
    assert ndcg(["a", "c", "b"], JUDGED) == pytest.approx(1.0)


def test_ndcg_of_imperfect_ranking():
    expected = (1 + 7 / math.log2(3) + 3 / 2) / (7 + 3 / math.log2(3) + 1 / 2)
    assert ndcg(["b", "a", "c"], JUDGED) == pytest.approx(expected)


def test_ndcg_only_counts_top_k():
    assert ndcg(["x", "a"], JUDGED, k=1) == 0.0


def test_recall_counts_grade_two_and_above():
    assert recall(["b", "a"], JUDGED) == 0.5
    assert recall(["b", "a"], JUDGED, threshold=1) == pytest.approx(2 / 3)


def test_mrr_is_reciprocal_rank_of_first_relevant():
    assert mrr(["z", "b", "c", "a"], JUDGED) == pytest.approx(1 / 3)
    assert mrr(["z", "b"], JUDGED) == 0.0


def test_evaluate_averages_over_judged_needs_only():
    qrels = {"n1": {"a": 3}, "n2": {"b": 1}, "n3": {"c": 0}}
    run = {"n1": ["x", "a"], "n2": ["b"]}
    assert evaluate(run, qrels) == Metrics(
        ndcg_at_10=pytest.approx((1 / math.log2(3) + 1.0) / 2),
        recall_at_20=1.0,
        mrr=0.5,
        needs=2,
    )


def test_evaluate_with_nothing_judged_is_zero():
    assert evaluate({}, {}) == Metrics(0.0, 0.0, 0.0, 0)


def test_parse_qrels_reads_grades_and_skips_blank_lines():
    assert parse_qrels(["n1\ta\t3", "", "# note", "n1\tb\t0", "n2\tc\t2"]) == {
        "n1": {"a": 3, "b": 0},
        "n2": {"c": 2},
    }


@pytest.mark.parametrize(
    ("line", "problem"), [("n1\ta", "fields"), ("n1\ta\t4", "grade"), ("n1\ta\tx", "grade")]
)
def test_parse_qrels_rejects_bad_lines(line, problem):
    with pytest.raises(QrelsError) as error:
        parse_qrels(["n0\ta\t1", line])
    assert (error.value.line, error.value.problem) == (2, problem)

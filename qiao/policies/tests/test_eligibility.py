"""The pure eligibility engine: three-valued answers, proofs, missing fields, fast path."""

import datetime
import random

import pytest

from qiao.policies.eligibility import (
    CredentialFact,
    FigureFact,
    Firm,
    FlagFact,
    Outcome,
    Ref,
    compile_policy,
    validate,
)

D = datetime.date
CERT = CredentialFact(7, "registration", "III", "granted", D(2026, 3, 2), "国械注准20263010001")


def _answer(criteria, firm):
    policy = compile_policy(1, criteria)
    result = policy.explain(firm)
    assert policy.verdict(firm) is result.outcome  # the fast path agrees
    return result


def test_region_and_kind_met_with_proof():
    firm = Firm(1, kind="company", district="奉贤区")
    result = _answer([{"type": "region", "district": ["奉贤区"]},
                      {"type": "kind", "in": ["company"]}], firm)  # fmt: skip
    assert result.outcome is Outcome.MET
    assert result.proofs() == [Ref("organisation", 1, "奉贤区")]


def test_first_certificate_proves_with_the_certificate():
    firm = Firm(1, credentials=(CERT,))
    criterion = {"type": "credential", "classes": ["III"], "first": True, "since": "2026-01-01"}
    assert _answer([criterion], firm).proofs() == [Ref("credential", 7, CERT.label)]


def test_an_older_certificate_means_it_is_not_the_first():
    older = CredentialFact(3, "registration", "III", "granted", D(2020, 1, 1), "old")
    criterion = {"type": "credential", "classes": ["III"], "first": True, "since": "2026-01-01"}
    assert _answer([criterion], Firm(1, credentials=(CERT, older))).outcome is Outcome.NOT_MET


def test_an_undated_certificate_makes_a_first_unknown():
    undated = CredentialFact(3, "registration", "III", "granted", None, "undated")
    criterion = {"type": "credential", "classes": ["III"], "first": True, "since": "2026-01-01"}
    result = _answer([criterion], Firm(1, credentials=(CERT, undated)))
    assert (result.outcome, result.missing_fields()) == (
        Outcome.UNKNOWN, ["credential_issued_on"])  # fmt: skip


def test_applied_certificates_and_other_classes_do_not_count():
    applied = CredentialFact(3, "registration", "III", "applied", D(2026, 5, 1), "x")
    class_two = CredentialFact(4, "registration", "II", "granted", D(2026, 5, 1), "y")
    criterion = {"type": "credential", "classes": ["III"]}
    assert _answer([criterion], Firm(1, credentials=(applied, class_two))).outcome is (
        Outcome.NOT_MET)  # fmt: skip


def test_missing_figure_is_unknown_with_the_field_then_met_or_not():
    criterion = [{"type": "figure", "name": "headcount", "op": "<=", "value": 500}]
    result = _answer(criterion, Firm(1))
    assert (result.outcome, result.missing_fields()) == (Outcome.UNKNOWN, ["figure:headcount"])
    small = Firm(1, figures={"headcount": FigureFact(9, 120, "员工人数")})
    assert _answer(criterion, small).proofs() == [Ref("figure", 9, "员工人数")]
    large = Firm(1, figures={"headcount": FigureFact(9, 900, "员工人数")})
    assert _answer(criterion, large).outcome is Outcome.NOT_MET


def test_three_valued_groups():
    unknown = {"type": "founded", "op": ">=", "year": 2015}
    met = {"type": "kind", "in": ["company"]}
    not_met = {"type": "kind", "in": ["hospital"]}
    firm = Firm(1, kind="company")
    assert _answer([{"type": "any", "items": [unknown, met]}], firm).outcome is Outcome.MET
    assert _answer([{"type": "any", "items": [unknown, not_met]}], firm).outcome is (
        Outcome.UNKNOWN)  # fmt: skip
    assert _answer([unknown, not_met], firm).outcome is Outcome.NOT_MET
    assert _answer([unknown, met], firm).outcome is Outcome.UNKNOWN


def test_flags_with_expiry():
    criterion = [{"type": "flag", "name": "high_tech", "on": "2026-06-30"}]
    assert _answer(criterion, Firm(1)).missing_fields() == ["flag:high_tech"]
    lapsed = Firm(1, flags={"high_tech": FlagFact(2, True, "高新", D(2026, 1, 1))})
    assert _answer(criterion, lapsed).outcome is Outcome.NOT_MET
    valid = Firm(1, flags={"high_tech": FlagFact(2, True, "高新", D(2027, 1, 1))})
    assert _answer(criterion, valid).outcome is Outcome.MET


@pytest.mark.parametrize(
    ("criteria", "code"),
    [
        ([], "no_criteria"),
        ("x", "no_criteria"),
        ([{"type": "nope"}], "unknown_type"),
        ([{"type": "any", "items": []}], "empty_group"),
        ([{"type": "founded", "op": "~", "year": 1}], "bad_operator"),
        ([{"type": "figure", "name": "headcount", "value": "many"}], "bad_number"),
        ([{"type": "credential", "since": "2026-13-01"}], "bad_date"),
        ([{"type": "region"}], "empty_region"),
    ],
)
def test_unreadable_criteria_are_named(criteria, code):
    assert validate(criteria) == [code]


def test_fast_path_agrees_with_explanations_on_random_firms():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "benchmarks" / "bench_policies_eligibility.py"
    spec = importlib.util.spec_from_file_location("bench", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    firms = bench.make_firms(300)
    rng = random.Random(5)
    for policy_id in range(40):
        policy = compile_policy(policy_id, bench.make_criteria(rng))
        for firm in firms:
            assert policy.verdict(firm) is policy.explain(firm).outcome

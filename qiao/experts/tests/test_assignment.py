"""Reviewer assignment: fit, load balance, conflicts excluded and explained (pure)."""

from datetime import date

import pytest

from qiao.experts.assignment import Application, Reviewer, expert_engine, propose
from qiao.experts.conflicts import Applicant, Expert, Graph, Link

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def engine():
    return expert_engine()


def reviewer(eid, fields, org="", capacity=10, load=0):
    orgs = {org: None} if org else {}
    return Reviewer(Expert(eid, "p" + eid, orgs), fields, capacity=capacity, load=load)


def application(aid, title, org="applicant"):
    return Application(Applicant(aid, frozenset({org})), title)


def test_best_fitting_experts_are_proposed(engine):
    reviewers = [
        reviewer("cardio", "心血管介入 支架 导管"),
        reviewer("ortho", "骨科 植入物 关节"),
        reviewer("imaging", "医学影像 人工智能"),
    ]
    apps = [application("a1", "可降解心血管支架 导管")]
    proposal = propose(apps, reviewers, Graph(), today=TODAY, per_application=1, engine=engine)
    assert [p.expert_id for p in proposal.picks["a1"]] == ["cardio"]
    assert proposal.picks["a1"][0].fit == 1.0


def test_a_conflicted_expert_is_excluded_with_the_reason(engine):
    reviewers = [reviewer("cardio", "心血管 支架", org="h"), reviewer("cardio2", "心血管 导管")]
    apps = [application("a1", "心血管支架", org="c")]
    graph = Graph.of([Link("agreement", "h", "c", date(2026, 1, 5), "合作协议")])
    proposal = propose(apps, reviewers, graph, today=TODAY, per_application=1, engine=engine)
    assert [p.expert_id for p in proposal.picks["a1"]] == ["cardio2"]
    [conflict] = proposal.excluded["a1"]["cardio"]
    assert conflict.code == "agreement"
    assert "合作协议" in conflict.text("zh")


def test_load_is_balanced_across_equally_fitting_experts(engine):
    reviewers = [reviewer(f"e{i}", "心血管 支架 导管") for i in range(4)]
    apps = [application(f"a{i}", "心血管支架导管") for i in range(4)]
    proposal = propose(apps, reviewers, Graph(), today=TODAY, per_application=2, engine=engine)
    assert sorted(proposal.load.values()) == [2, 2, 2, 2]
    assert all(len(set(p.expert_id for p in picks)) == 2 for picks in proposal.picks.values())


def test_capacity_is_never_exceeded_and_unfilled_slots_are_reported(engine):
    reviewers = [reviewer("e1", "心血管", capacity=1), reviewer("e2", "心血管", capacity=1)]
    apps = [application("a1", "心血管"), application("a2", "心血管")]
    proposal = propose(apps, reviewers, Graph(), today=TODAY, per_application=2, engine=engine)
    assert proposal.load == {"e1": 1, "e2": 1}
    assert sum(proposal.unfilled.values()) == 2


def test_without_text_evidence_the_least_loaded_eligible_expert_fills_in(engine):
    reviewers = [reviewer("busy", "骨科", load=5), reviewer("free", "骨科", load=0),
                 reviewer("conflicted", "骨科", org="c")]  # fmt: skip
    apps = [application("a1", "眼科 人工晶体", org="c")]
    proposal = propose(apps, reviewers, Graph(), today=TODAY, per_application=1, engine=engine)
    assert [(p.expert_id, p.fit) for p in proposal.picks["a1"]] == [("free", 0.0)]


def test_fallback_skips_conflicted_experts_and_records_why(engine):
    reviewers = [reviewer("conflicted", "骨科", org="c"), reviewer("ok", "骨科", load=3)]
    apps = [application("a1", "眼科", org="c")]
    proposal = propose(apps, reviewers, Graph(), today=TODAY, per_application=2, engine=engine)
    assert [p.expert_id for p in proposal.picks["a1"]] == ["ok"]
    assert proposal.excluded["a1"]["conflicted"][0].code == "same_org"
    assert proposal.unfilled == {"a1": 1}

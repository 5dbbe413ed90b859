"""Eligibility at scale: 1,000 policies × 10,000 firms, verdicts for every pair.

Pure Python, no database: the engine in ``qiao.policies.eligibility`` on generated firms
and policies shaped like the seeds (district rewards for first certificates, headcount and
founding-year thresholds, 高新技术企业 flags). Policies are split over worker processes.

    .venv/bin/python benchmarks/bench_policies_eligibility.py --policies 1000 --firms 10000
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qiao.policies.eligibility import (  # noqa: E402
    CredentialFact,
    FigureFact,
    Firm,
    FlagFact,
    Outcome,
    compile_policy,
)

DISTRICTS = ["奉贤区", "浦东新区", "闵行区", "嘉定区", "松江区", "青浦区", "宝山区", "金山区"]
KINDS = ["company", "hospital", "university", "investor"]


def make_firms(count: int, seed: int = 1) -> list[Firm]:
    rng = random.Random(seed)
    firms = []
    for i in range(count):
        credentials = tuple(
            CredentialFact(
                id=i * 10 + j,
                kind=rng.choice(["registration", "registration", "patent", "filing"]),
                device_class=rng.choice(["II", "III"]),
                status="granted",
                issued_on=datetime.date(2018, 1, 1) + datetime.timedelta(rng.randrange(3000)),
                label=f"cert {i}-{j}",
            )
            for j in range(rng.randrange(6))
        )
        figures = {"headcount": FigureFact(i, rng.randrange(5, 2000), "员工人数")}
        if rng.random() < 0.3:
            figures = {}
        flags = {"high_tech": FlagFact(i, rng.random() < 0.4, "高新技术企业")}
        firms.append(
            Firm(
                id=i,
                kind=rng.choice(KINDS),
                district=rng.choice(DISTRICTS),
                city="上海市",
                founded_year=rng.choice([None, *range(1995, 2026)]),
                credentials=tuple(
                    c
                    if c.kind != "filing"
                    else CredentialFact(c.id, "filing", "I", c.status, c.issued_on, c.label)
                    for c in credentials
                ),
                figures=figures,
                flags=flags if rng.random() < 0.5 else {},
            )
        )
    return firms


def make_criteria(rng: random.Random) -> list[dict]:
    criteria: list[dict] = [{"type": "kind", "in": ["company"]}]
    if rng.random() < 0.7:
        criteria.append({"type": "region", "district": rng.sample(DISTRICTS, rng.randint(1, 2))})
    criteria.append(
        {
            "type": "any",
            "items": [
                {
                    "type": "credential",
                    "kind": "registration",
                    "classes": ["III"],
                    "first": True,
                    "since": "2024-01-01",
                },
                {
                    "type": "credential",
                    "kind": "registration",
                    "classes": ["II"],
                    "min_count": rng.randint(1, 3),
                },
            ],
        }
    )
    if rng.random() < 0.5:
        criteria.append({"type": "figure", "name": "headcount", "op": "<=", "value": 500})
    if rng.random() < 0.3:
        criteria.append({"type": "founded", "op": ">=", "year": 2010})
    if rng.random() < 0.3:
        criteria.append({"type": "flag", "name": "high_tech"})
    return criteria


def make_policies(count: int, seed: int = 2) -> list[tuple[int, list[dict]]]:
    rng = random.Random(seed)
    return [(i, make_criteria(rng)) for i in range(count)]


_FIRMS: list[Firm] = []


def _init(firm_count: int) -> None:
    global _FIRMS
    _FIRMS = make_firms(firm_count)


def _run(chunk: list[tuple[int, list[dict]]]) -> tuple[int, int, int]:
    met = unknown = not_met = 0
    for policy_id, criteria in chunk:
        policy = compile_policy(policy_id, criteria)
        for firm in _FIRMS:
            outcome = policy.verdict(firm)
            if outcome is Outcome.MET:
                met += 1
            elif outcome is Outcome.UNKNOWN:
                unknown += 1
            else:
                not_met += 1
    return met, unknown, not_met


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--firms", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    policies = make_policies(args.policies)
    chunks = [policies[i :: args.workers * 4] for i in range(args.workers * 4)]
    started = time.perf_counter()
    with multiprocessing.Pool(args.workers, _init, (args.firms,)) as pool:
        totals = pool.map(_run, chunks)
    elapsed = time.perf_counter() - started
    met, unknown, not_met = (sum(t[i] for t in totals) for i in range(3))
    pairs = args.policies * args.firms
    print(
        f"{args.policies} policies × {args.firms} firms = {pairs:,} verdicts on "
        f"{args.workers} workers in {elapsed:.1f} s ({pairs / elapsed:,.0f}/s); "
        f"met {met:,}, unknown {unknown:,}, not met {not_met:,}"
    )


if __name__ == "__main__":
    main()

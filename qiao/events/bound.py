"""Upper bounds on the priority a schedule can hold, from the LP relaxation.

Pure module: no Django import (numpy and scipy's HiGHS). The assignment model has a
variable ``x[r, s]`` for every request r and every slot s in which both of its parties
are available, and maximises ``Σ priority[r] · x[r, s]`` subject to

* each request at most once: ``Σ_s x[r, s] ≤ 1`` (only its announced slot for an
  announced request that may not move);
* each participant at most once per slot: ``Σ_{r ∋ p} x[r, s] ≤ 1``;
* each slot at most its tables: ``Σ_r x[r, s] ≤ capacity[s]``;
* each capped participant at most ``max_meetings``: ``Σ_{r ∋ p, s} x[r, s] ≤ cap[p]``.

Every schedule is a 0/1 point of it, so the optimum of its relaxation (0 ≤ x ≤ 1)
bounds every schedule from above. ``lp_bound`` solves that LP as it is; it is exact but
takes about a minute at 12,000 requests. ``relaxed_bound`` solves, in well under a
second, an aggregation of it: sums of its rows over slots (a participant meets at most
once in each slot it is available; the requests confined to a set of slots fit in that
set's tables). Sums of valid rows are valid, so it is never below the LP bound, and is a
bound on every schedule too; on the benchmark instances the two are equal. Neither forces
announced meetings that may move to be held: leaving out constraints only raises a bound.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from qiao.events.problem import UNCAPPED, Problem, bits

__all__ = ["Bound", "lp_bound", "relaxed_bound"]

# Slot windows (sets of slots that requests are confined to) given their own table row.
WINDOWS = 64


@dataclass(frozen=True, slots=True)
class Bound:
    """An upper bound on the objective and how it was computed."""

    value: float
    method: str
    seconds: float


def relaxed_bound(problem: Problem) -> Bound:
    """Return the optimum of the aggregated relaxation (fast; never below the LP bound).

    Variables ``y[r] = Σ_s x[r, s]``; rows: each participant at most
    ``min(available slots, cap)`` meetings, all requests at most the tables of all
    slots, and for each of the most common slot windows W (the sets ``F`` of slots
    a request's parties share), the requests confined to W at most W's tables.
    """
    started = time.perf_counter()
    live = [r for r in range(problem.requests) if problem.feasible[r]]
    if not live:
        return Bound(0.0, "lp-aggregate", time.perf_counter() - started)
    participants = len(problem.available)
    limit = [min(m.bit_count(), c) for m, c in zip(problem.available, problem.cap, strict=True)]
    everything = (1 << problem.slots) - 1
    masks = [problem.feasible[r] for r in live]
    windows = [w for w, _ in Counter(masks).most_common(WINDOWS + 1) if w != everything][:WINDOWS]
    rows: list[int] = []
    cols: list[int] = []
    for j, r in enumerate(live):
        rows += (problem.source[r], problem.target[r], participants)
        cols += (j, j, j)
    bounds = [float(x) for x in limit] + [float(sum(problem.capacity))]
    for window in windows:
        row = len(bounds)
        inside = [j for j, m in enumerate(masks) if not m & ~window]
        rows += [row] * len(inside)
        cols += inside
        bounds.append(float(sum(problem.capacity[s] for s in bits(window))))
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(bounds), len(live)))
    result = linprog(
        -np.asarray([problem.weight[r] for r in live], dtype=float),
        A_ub=matrix,
        b_ub=np.asarray(bounds),
        bounds=(0, 1),
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - the relaxation is always feasible (y = 0)
        raise RuntimeError(f"HiGHS failed on the aggregated relaxation: {result.message}")
    return Bound(float(-result.fun), "lp-aggregate", time.perf_counter() - started)


def lp_bound(problem: Problem, *, time_limit: float = 600.0) -> Bound | None:
    """Solve the full LP relaxation over x[r, s] with HiGHS; None if over ``time_limit``.

    Exact but slow at scale (about a minute for 12,000 requests over 42 slots), so the
    scheduler reports ``relaxed_bound`` and the benchmarks and tests use this one to
    check how tight that is.
    """
    started = time.perf_counter()
    slots = problem.slots
    participants = len(problem.available)
    request: list[int] = []
    slot: list[int] = []
    for r, mask in enumerate(problem.feasible):
        for s in bits(mask if problem.fixed[r] < 0 else mask & (1 << problem.fixed[r])):
            request.append(r)
            slot.append(s)
    n = len(request)
    if n == 0:
        return Bound(0.0, "lp-full", time.perf_counter() - started)
    req = np.asarray(request, dtype=np.int64)
    sl = np.asarray(slot, dtype=np.int64)
    source = np.asarray(problem.source, dtype=np.int64)[req]
    target = np.asarray(problem.target, dtype=np.int64)[req]
    index = np.arange(n)
    base = problem.requests
    rows = [req, base + source * slots + sl, base + target * slots + sl]
    base += participants * slots
    rows.append(base + sl)
    base += slots
    limits = [
        np.ones(problem.requests),
        np.ones(participants * slots),
        np.asarray(problem.capacity, dtype=float),
    ]
    columns = [index] * 4
    for end in (source, target):
        capped = np.asarray(problem.cap)[end] < UNCAPPED
        rows.append(base + end[capped])
        columns.append(index[capped])
    limits.append(np.asarray(problem.cap, dtype=float))
    row = np.concatenate(rows)
    matrix = csr_matrix(
        (np.ones(len(row)), (row, np.concatenate(columns))),
        shape=(int(sum(len(x) for x in limits)), n),
    )
    result = linprog(
        -np.asarray(problem.weight, dtype=float)[req],
        A_ub=matrix,
        b_ub=np.minimum(np.concatenate(limits), float(UNCAPPED)),
        bounds=(0, 1),
        method="highs",
        options={"time_limit": time_limit},
    )
    if result.status != 0:
        return None
    return Bound(float(-result.fun), "lp-full", time.perf_counter() - started)

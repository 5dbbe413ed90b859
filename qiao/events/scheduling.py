"""The partnering-event meeting scheduler: accepted requests → slots and tables.

Pure module: no Django import. ``schedule(instance, seed=…, time_limit=…)`` returns a
``Schedule`` of meetings (request, slot, table from 1), the requests left unscheduled and
``stats``. Guarantees, checked by an independent validator in the tests:

* nobody meets twice in a slot, and nobody in a slot they are unavailable for;
* no slot holds more meetings than it has tables; tables are 1..capacity, one meeting each;
* every request is held at most once, nobody exceeds ``max_meetings``;
* announced meetings keep their slot and table; with ``allow_moves`` they may move, but
  are still held (as long as both parties share an available slot);
* the result is at least as good as first come, first served and as the
  priority-ordered greedy (``qiao.events.baselines``): both are run and the best kept;
* the same instance and seed give the same schedule, as long as ``time_limit`` is not
  reached (``stats["stopped"]`` says which ended the search: "converged", "budget",
  "step limit" or "time limit"); with ``step_limit`` and no time limit, on any machine.

The objective is the total priority of the meetings held. The method: a greedy pass in
order of priority (then fewest shared slots, busiest parties), then local search. An
unscheduled request is placed directly if its parties share a free slot with a free table;
else by moving one blocking meeting (a party's meeting in that slot, or another meeting of
a full slot) to a slot where it fits; else by ejecting meetings of lower total priority,
which then try to get back in the same way (an ejection chain, each link cheaper than the
last). Once no such move improves, equal-priority swaps, chosen by a seeded random
generator, let the search walk across plateaus for a bounded number of steps. The upper
bound is the aggregated LP relaxation (``qiao.events.bound``); stats report the objective
as a fraction of it.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterable
from typing import Any

from qiao.events.baselines import first_come_first_served, priority_greedy
from qiao.events.bound import relaxed_bound
from qiao.events.instance import Instance
from qiao.events.problem import Assignment, Problem, Schedule, bits

__all__ = ["schedule"]

METHOD = "greedy + relocation and ejection-chain local search"
# Sideways steps after the improving passes converge. A step count, not a time, so the
# result does not depend on the machine; about 6 s at 12,000 requests, 25 s at 60,000.
WALK = 12_000
# How many levels of meetings a final pass may move to fit one more request.
DEEP = 2


class TimeUp(Exception):
    pass


class StepsUp(Exception):
    """The step budget is spent: unlike the time limit, the same on every machine."""


class Search:
    """Local search over one ``Assignment``; ``protected`` requests are never ejected."""

    def __init__(
        self,
        problem: Problem,
        rng: random.Random,
        deadline: float,
        step_limit: int | None = None,
    ) -> None:
        self.problem = problem
        self.state = Assignment(problem)
        self.rng = rng
        self.deadline = deadline
        self.step_limit = step_limit
        self.protected = {r for r, s in enumerate(problem.fixed) if s >= 0} | set(problem.held)
        self.steps = 0
        self.depth = 0
        self.journal: list[tuple[int, int]] = []

    # -- moves -------------------------------------------------------------------------

    def pick(self, mask: int) -> int:
        """Return the slot of ``mask`` with the most free tables (lowest index on ties)."""
        state, capacity = self.state, self.problem.capacity
        return max(bits(mask), key=lambda s: (capacity[s] - state.load[s], -s))

    def _set(self, r: int, s: int) -> None:
        """Put r in slot s (-1: unschedule it), remembering where it was for ``_rollback``."""
        state = self.state
        self.journal.append((r, state.slot_of[r]))
        if state.slot_of[r] >= 0:
            state.remove(r)
        if s >= 0:
            state.place(r, s)

    def _rollback(self, mark: int) -> None:
        state = self.state
        while len(self.journal) > mark:
            r, s = self.journal.pop()
            if state.slot_of[r] >= 0:
                state.remove(r)
            if s >= 0:
                state.place(r, s)

    def relocate(self, m: int, avoid: int, depth: int) -> bool:
        """Move meeting m to a slot outside ``avoid``, moving up to ``depth`` levels of others."""
        p, state = self.problem, self.state
        if p.fixed[m] >= 0:
            return False
        a, b = p.source[m], p.target[m]
        direct = p.feasible[m] & ~(state.busy[a] | state.busy[b]) & state.open & ~avoid
        if direct:
            self._set(m, self.pick(direct))
            return True
        if depth <= 0:
            return False
        old = state.slot_of[m]
        for t in bits(p.feasible[m] & ~avoid & ~(1 << old)):
            mark = len(self.journal)
            self._set(m, -1)
            if self.make_room(a, b, t, avoid, depth - 1):
                self._set(m, t)
                return True
            self._rollback(mark)
        return False

    def make_room(self, a: int, b: int, s: int, avoid: int, depth: int) -> bool:
        """Free participants a and b and one table in slot s by moving meetings out of it."""
        p, state = self.problem, self.state
        mark = len(self.journal)
        avoid |= 1 << s
        for q in (a, b):
            m = state.occupant[q * p.slots + s]
            if m >= 0 and not self.relocate(m, avoid, depth):
                self._rollback(mark)
                return False
        if state.load[s] < p.capacity[s]:
            return True
        if state.open & ~avoid:
            for m in self._sample(state.members[s]):
                if self.relocate(m, avoid, depth):
                    return True
        self._rollback(mark)
        return False

    def insert(self, r: int) -> bool:
        """Place r in a slot its parties share, moving other meetings (``depth`` levels) if needed."""
        p, state = self.problem, self.state
        a, b = p.source[r], p.target[r]
        if state.meets[a] >= p.cap[a] or state.meets[b] >= p.cap[b]:
            return False
        self.journal.clear()
        free = state.free(r)
        if free:
            self._set(r, self.pick(free))
            return True
        # Moves cannot help unless each party has a free slot and some slot a free table.
        if not (state.open and p.available[a] & ~state.busy[a] and p.available[b] & ~state.busy[b]):
            return False
        for depth in range(self.depth + 1):
            for s in bits(p.feasible[r]):
                if self.make_room(a, b, s, 0, depth):
                    self._set(r, s)
                    return True
        return False

    def _sample(self, members: set[int]) -> list[int]:
        if len(members) <= 24:
            return sorted(members)
        return self.rng.sample(sorted(members), 24)

    def ejection(self, r: int) -> tuple[int, int, list[int]] | None:
        """Return the cheapest (cost, slot, meetings) whose ejection makes room for r."""
        p = self.problem
        a, b = p.source[r], p.target[r]
        best: tuple[int, int, list[int]] | None = None
        for s in bits(p.feasible[r]):
            out = self._clear(r, s, a, b)
            if out is None:
                continue
            cost = sum(p.weight[m] for m in out)
            if best is None or cost < best[0] or (cost == best[0] and self.rng.random() < 0.5):
                best = (cost, s, out)
        return best

    def _clear(self, r: int, s: int, a: int, b: int) -> list[int] | None:
        """Return the meetings to eject so that r fits in slot s, or None if it cannot."""
        p, state = self.problem, self.state
        out: list[int] = []
        for q in (a, b):
            m = state.occupant[q * p.slots + s]
            if m >= 0 and m not in out:
                if m in self.protected:
                    return None
                out.append(m)
        for q in (a, b):
            if state.meets[q] - sum(q in (p.source[m], p.target[m]) for m in out) >= p.cap[q]:
                mine = [state.occupant[q * p.slots + t] for t in bits(state.busy[q])]
                extra = self._cheapest(mine, out)
                if extra is None:
                    return None
                out.append(extra)
        if state.load[s] - sum(state.slot_of[m] == s for m in out) >= p.capacity[s]:
            extra = self._cheapest(state.members[s], out)
            if extra is None:
                return None
            out.append(extra)
        return out

    def _cheapest(self, meetings: Iterable[int], taken: list[int]) -> int | None:
        """Return a lowest-priority meeting that may be ejected and is not taken yet."""
        best = None
        weight = self.problem.weight
        for m in meetings:
            if m in self.protected or m in taken:
                continue
            if best is None or weight[m] < weight[best]:
                best = m
                if weight[m] == 1:
                    break
        return best

    def add(self, r: int, *, sideways: bool, depth: int = 0) -> bool:
        """Get r in: insert it, else eject cheaper meetings (equal ones if ``sideways``)."""
        self.steps += 1
        if self.step_limit is not None and self.steps > self.step_limit:
            raise StepsUp
        if self.steps & 255 == 0 and time.perf_counter() > self.deadline:
            raise TimeUp
        if self.insert(r):
            return True
        if depth >= 4:
            return False
        found = self.ejection(r)
        if found is None:
            return False
        cost, s, out = found
        weight = self.problem.weight[r]
        if cost > weight or (cost == weight and not sideways):
            return False
        for m in out:
            self.state.remove(m)
        self.state.place(r, s)
        for m in sorted(out, key=lambda m: -self.problem.weight[m]):
            self.add(m, sideways=False, depth=depth + 1)
        return True

    # -- phases ------------------------------------------------------------------------

    def start(self) -> None:
        """Place fixed meetings, then announced ones that may move, where they were."""
        p, state = self.problem, self.state
        for r, s in enumerate(p.fixed):
            if s >= 0:
                state.place(r, s)
        for r in sorted(p.held):
            s = p.announced_slot[r]
            if (state.free(r) >> s) & 1:
                state.place(r, s)
        for r in sorted(p.held):
            if state.slot_of[r] < 0:
                self.add(r, sideways=False)

    def improve(self, order: list[int]) -> None:
        """Offer every unscheduled request a place, best first, until a pass changes nothing."""
        while True:
            before = self.state.value
            for r in order:
                if self.state.slot_of[r] < 0:
                    self.add(r, sideways=False)
            if self.state.value == before:
                return

    def walk(self, order: list[int], budget: int) -> None:
        """Take up to ``budget`` sideways steps from unscheduled requests, improving after each."""
        waiting: list[int] = []
        for step in range(budget):
            if step % 64 == 0:
                waiting = [r for r in order if self.state.slot_of[r] < 0]
            if not waiting:
                return
            r = self.rng.choice(waiting)
            if self.state.slot_of[r] >= 0:
                continue
            before = self.state.value
            if self.add(r, sideways=True) and self.state.value > before:
                self.improve(order)


def greedy_order(problem: Problem) -> list[int]:
    """Requests by priority, then fewest shared slots, then busiest parties, then input order."""
    degree = [0] * len(problem.available)
    for a, b in zip(problem.source, problem.target, strict=True):
        degree[a] += 1
        degree[b] += 1
    return sorted(
        range(problem.requests),
        key=lambda r: (
            -problem.weight[r],
            problem.feasible[r].bit_count(),
            -(degree[problem.source[r]] + degree[problem.target[r]]),
            r,
        ),
    )


def schedule(
    instance: Instance,
    *,
    seed: int = 0,
    time_limit: float | None = 30.0,
    walk: int | None = None,
    step_limit: int | None = None,
) -> Schedule:
    """Schedule the instance's requests; see the module docstring for the guarantees.

    ``walk`` is the number of sideways steps (default ``WALK``; 0 stops at the first
    local optimum). The search stops at ``0.85 * time_limit - 1`` seconds at the latest,
    leaving the rest for the bound and the baselines (``None``: no time limit), and after
    ``step_limit`` insertion attempts if given: a budget that, unlike time, gives the same
    result on a slow machine as on a fast one.
    """
    started = time.perf_counter()
    problem = Problem.compile(instance)
    # Keep a few seconds of the limit for the bound and the baselines.
    deadline = math.inf if time_limit is None else started + max(0.5, time_limit * 0.85 - 1.0)
    search = Search(problem, random.Random(seed), deadline, step_limit)
    order = greedy_order(problem)
    stopped = "converged"
    try:
        search.start()
        search.improve(order)
        budget = WALK if walk is None else walk
        search.walk(order, budget)
        search.depth = DEEP
        search.improve(order)
        if budget and any(search.state.slot_of[r] < 0 for r in order):
            stopped = "budget"
    except TimeUp:
        stopped = "time limit"
    except StepsUp:
        stopped = "step limit"
    state = search.state
    baselines = {
        "fcfs": first_come_first_served(problem),
        "greedy": priority_greedy(problem),
    }
    for baseline in baselines.values():
        if baseline.value > state.value:
            state = baseline
    bound = relaxed_bound(problem)
    stats: dict[str, Any] = {
        "objective": state.value,
        "bound": round(bound.value, 3),
        "ratio": round(state.value / bound.value, 5) if bound.value else 1.0,
        "meetings": sum(s >= 0 for s in state.slot_of),
        "meetings_by_priority": state.by_priority(),
        "unscheduled": sum(s < 0 for s in state.slot_of),
        "requests_by_priority": {str(w): problem.weight.count(w) for w in (1, 2, 3)},
        "announced_moved": sum(state.slot_of[r] != s for r, s in problem.announced_slot.items()),
        "baselines": {name: b.value for name, b in baselines.items()},
        "seconds": round(time.perf_counter() - started, 3),
        "bound_seconds": round(bound.seconds, 3),
        "seed": seed,
        "time_limit": time_limit,
        "steps": search.steps,
        "step_limit": step_limit,
        "stopped": stopped,
        "method": METHOD,
        "bound_method": bound.method,
    }
    return state.result(stats)

"""Two simple schedulers the real one is measured against.

Pure module: no Django import. Both place announced meetings first (fixed ones where
they are, movable ones where they were if still possible), then take requests one at a
time and give each the earliest slot in which both parties are free and a table is left;
a request with no such slot stays unscheduled.

* ``first_come_first_served``: requests in the order the instance lists them;
* ``priority_greedy``: priority 3 first, then 2, then 1, in listed order within each.
"""

from __future__ import annotations

from collections.abc import Iterable

from qiao.events.problem import Assignment, Problem

__all__ = ["first_come_first_served", "priority_greedy"]


def _earliest_first(problem: Problem, order: Iterable[int]) -> Assignment:
    state = Assignment(problem)
    for r, s in enumerate(problem.fixed):
        if s >= 0:
            state.place(r, s)
    for r in sorted(problem.held):
        s = problem.announced_slot[r]
        if (state.free(r) >> s) & 1:
            state.place(r, s)
    for r in order:
        if state.slot_of[r] < 0:
            free = state.free(r)
            if free:
                state.place(r, (free & -free).bit_length() - 1)
    return state


def first_come_first_served(problem: Problem) -> Assignment:
    """Schedule requests in the order they are listed, each in its earliest free slot."""
    return _earliest_first(problem, sorted(problem.held) + list(range(problem.requests)))


def priority_greedy(problem: Problem) -> Assignment:
    """Schedule requests by priority (highest first, then listed order), earliest slot each."""
    order = sorted(range(problem.requests), key=lambda r: (-problem.weight[r], r))
    return _earliest_first(problem, sorted(problem.held) + order)
